import { describe, expect, it } from 'vitest'
import type { Game } from '../../../shared/contract'
import { keyLabels, resolveKey } from '../../actions'
import { emptyCart } from '../../cart'

const ctx = { games: [] as Game[], errorShown: false, overlayOpen: false, backOffice: false }

describe('the print queue key', () => {
  it('P opens the tickets that did not print, and its hint says so', () => {
    expect(resolveKey({ key: 'p' }, emptyCart, ctx)).toEqual({ kind: 'command', name: 'printQueue' })
    expect(resolveKey({ key: 'P' }, emptyCart, ctx)).toEqual({ kind: 'command', name: 'printQueue' })
    expect(keyLabels.printQueue).toBe('P')
  })

  it('not while typing, not under a dialog, and a game mapped to P wins', () => {
    expect(resolveKey({ key: 'p', target: { tagName: 'INPUT', type: 'text' } }, emptyCart, ctx)).toBeNull()
    expect(resolveKey({ key: 'p' }, emptyCart, { ...ctx, overlayOpen: true })).toBeNull()
    const game = { _id: 'g', status: 'active', hotkey: 'P' } as Game
    expect(resolveKey({ key: 'p' }, emptyCart, { ...ctx, games: [game] })).toMatchObject({ name: 'addGame' })
  })
})
