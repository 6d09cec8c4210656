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
    signedOut()
    expect(currentSession()).toBeNull()
    expect(queryClient.getQueryData(backendKey('app-info'))).toEqual({ demo: true })
    expect(queryClient.getQueryData(backendKey('ticket-recent', { limit: 50 }))).toBeUndefined()
    expect(queryClient.getQueryData(backendKey('status-get'))).toBeUndefined()
    expect(useNav.getState().screen).toBe('sale')
    expect(useLastSale.getState().id).toBeNull()
    expect(useCart.getState().cart.lines).toEqual([])
  })
})
