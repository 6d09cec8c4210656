import type { Dispatcher } from './dispatcher'

/** Where a transport's session stands: logged in and unlocked, locked, or not logged in at all. */
export type SessionState = 'active' | 'locked' | 'none'

/**
 * The one place a transport reads the dispatcher's sessions (the event streams, which are not
 * dispatched calls): if sessions move into their own store, only this function changes.
 */
export function sessionState(dispatcher: Pick<Dispatcher, 'sessions'>, sessionId: string | null): SessionState {
  const session = sessionId === null ? null : dispatcher.sessions.get(sessionId)
  if (!session) return 'none'
  return session.locked ? 'locked' : 'active'
}
