import type { AppInfo, HandlerName, Permission, SessionInfo } from '../../shared/contract'
import { contract, isHandlerName } from '../../shared/contract'
import { useCart, useLastSale, useNav, useUi } from '../store'
import { keepCart, noteSession, noteSignedOut } from './heldCart'
import { backendKey } from './keys'
import { queryClient } from './queryClient'

/**
 * Who is logged in and which store this is, read from the one cache (auth-session and app-info),
 * for the commands that act outside React. Login, unlock and lock write the session there.
 */

export const currentSession = (): SessionInfo | null => queryClient.getQueryData(backendKey('auth-session')) ?? null
export const currentApp = (): AppInfo | null => queryClient.getQueryData(backendKey('app-info')) ?? null

export const can = (session: SessionInfo | null | undefined, permission: Permission): boolean =>
  session?.permissions.includes(permission) ?? false

export function setSession(session: SessionInfo | null): void {
  queryClient.setQueryData(backendKey('auth-session'), session)
  if (session) noteSession(session.user.name)
}

export function markLocked(): void {
  const s = currentSession()
  if (s && !s.locked) setSession({ ...s, locked: true })
}

const signedOutListeners = new Set<() => void>()
/** Told when the cashier is gone, so state of their own (a checked ticket) is not shown to the next. */
export function onSignedOut(cb: () => void): () => void {
  signedOutListeners.add(cb)
  return () => signedOutListeners.delete(cb)
}

/** Only what anyone may read (the store, the user tiles) outlives the session that read it. */
const isPublic = (name: unknown) => isHandlerName(name) && contract[name as HandlerName].access === 'public'

/**
 * Forgets everything tied to the cashier who was logged in. A logout clears the cart too; a session that
 * ended without one (the backend restarted, and said so at the next call) keeps it for the next login.
 */
export function signedOut(how: 'logout' | 'lost' = 'lost'): void {
  setSession(null)
  noteSignedOut(how)
  queryClient.removeQueries({ predicate: (q) => !isPublic(q.queryKey[0]) })
  if (how === 'logout') useCart.getState().reset()
  else useCart.getState().setAgeConfirmed(false)
  useLastSale.getState().reset()
  useNav.getState().go('sale')
  useUi.setState({ error: null, info: null, overlay: null, selling: false })
  for (const cb of signedOutListeners) cb()
}

// The cart kept from before a reload or restart is back before the first screen draws.
keepCart()
