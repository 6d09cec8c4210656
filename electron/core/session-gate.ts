import { eventAccess, type EventName } from '../../shared/contract'
import type { Dispatcher } from './dispatcher'

/** Where a transport's session stands: logged in and unlocked, locked, or not logged in at all. */
export type SessionState = 'active' | 'locked' | 'none'

/**
 * The one place a transport reads where a session stands (the event streams, which are not dispatched calls):
 * a user deactivated (here or by a pull) is 'none' at once, one holding a one-time PIN is not 'active'.
 */
export function sessionState(dispatcher: Pick<Dispatcher, 'stateOf'>, sessionId: string | null): SessionState {
  return dispatcher.stateOf(sessionId)
}

/**
 * Whether a pushed event may reach a session: logged in and unlocked, and holding the event's permission when
 * it has one (an export's progress names files and managers: view_reports only).
 */
export function mayReceive(
  dispatcher: Pick<Dispatcher, 'stateOf' | 'permissionsOf'>,
  sessionId: string,
  event: EventName,
): boolean {
  if (sessionState(dispatcher, sessionId) !== 'active') return false
  const needs = eventAccess[event]
  return !needs || dispatcher.permissionsOf(sessionId).includes(needs)
}
