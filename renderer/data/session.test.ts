import { describe, expect, it } from 'vitest'
import type { AppInfo, SessionInfo } from '../../shared/contract'
import { useCart, useLastSale, useNav } from '../store'
import { backendKey } from './keys'
import { queryClient } from './queryClient'
import { currentSession, markLocked, setSession, signedOut } from './session'

const session = { user: { name: 'Carlos' }, permissions: ['sale.create'], locked: false } as SessionInfo

describe('the session in the cache', () => {
  it('locks in place and forgets everything of the cashier who left but the public reads', () => {
    setSession(session)
    markLocked()
    expect(currentSession()?.locked).toBe(true)
    queryClient.setQueryData(backendKey('app-info'), { demo: true } as AppInfo)
    queryClient.setQueryData(backendKey('ticket-recent', { limit: 50 }), [])
    queryClient.setQueryData(backendKey('status-get'), {})
    useNav.getState().go('results')
    useLastSale.getState().setSale('TX-1')
    signedOut('logout')
    expect(currentSession()).toBeNull()
    expect(queryClient.getQueryData(backendKey('app-info'))).toEqual({ demo: true })
    expect(queryClient.getQueryData(backendKey('ticket-recent', { limit: 50 }))).toBeUndefined()
    expect(queryClient.getQueryData(backendKey('status-get'))).toBeUndefined()
    expect(useNav.getState().screen).toBe('sale')
    expect(useLastSale.getState().id).toBeNull()
    expect(useCart.getState().cart.lines).toEqual([])
  })
})

describe('a cart kept across a restart', () => {
  it('survives a session that ended without a logout, and says why the cashier must log in again', async () => {
    // The window's storage, as the browser keeps it (Node has none).
    const kept = new Map<string, string>()
    Object.assign(globalThis, {
      localStorage: {
        getItem: (k: string) => kept.get(k) ?? null,
        setItem: (k: string, v: string) => void kept.set(k, v),
        removeItem: (k: string) => void kept.delete(k),
      },
    })
    const { readHeld, sessionEndedNotice } = await import('./heldCart')
    const { daily } = await import('../fixtures')
    setSession(session)
    useCart.getState().dispatch('addGame', { game: daily, count: 3 })
    expect(readHeld()?.cart.lines.map((l) => l.quantity)).toEqual([3])
    signedOut('lost')
    expect(useCart.getState().cart.lines.map((l) => l.quantity)).toEqual([3])
    expect(sessionEndedNotice()).toBe(
      'Carlos was logged out because the point of sale restarted or the session ended. Log in again to carry on. The cart (3 tickets) was kept and is waiting for you.',
    )
    // Logging out clears the cart and its copy.
    setSession(session)
    signedOut('logout')
    expect(useCart.getState().cart.lines).toEqual([])
    expect(sessionEndedNotice()).toBeNull()
    expect(kept.size).toBe(0)
  })
})
