import { eventAccess, type EventName } from '../../shared/contract'
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

/**
 * Whether a pushed event may reach a session: logged in and unlocked, and holding the event's permission when
 * it has one (an export's progress names files and managers: view_reports only).
 */
export function mayReceive(
  dispatcher: Pick<Dispatcher, 'sessions' | 'permissionsOf'>,
  sessionId: string,
  event: EventName,
): boolean {
  if (sessionState(dispatcher, sessionId) !== 'active') return false
  const needs = eventAccess[event]
  return !needs || dispatcher.permissionsOf(sessionId).includes(needs)
}
