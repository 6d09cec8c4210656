import { audited } from '../audit/audited'
import type { HandlerName, SessionInfo } from '../../shared/contract'
import { PosError } from '../../shared/errors'
import { type Ctx } from '../core/context'
import type { CallContext, HandlerTable } from '../core/dispatcher'
import { getUser, listActiveUsers, permissionsOf, type UserRow } from './repo'
import { actorOf, changeOwnPin, listStoreUsers, resetPin, saveUser, setStatus } from './admin'
import { checkPin, preparePins } from './service'

function sessionInfo(user: UserRow, locked: boolean): SessionInfo {
  return {
    user: { _id: user._id, name: user.name, role: user.role, username: user.username },
    permissions: permissionsOf(user),
    locked,
    mustChangePin: user.must_change_pin === 1,
  }
}

function activeUser(ctx: Ctx, id: string): UserRow {
  const user = getUser(ctx.db, id)
  if (!user || user.store_id !== ctx.store._id)
    throw new PosError('NOT_FOUND', 'That user does not exist at this store.')
  if (user.status !== 'active') throw new PosError('USER_INACTIVE', 'That user is inactive. Ask a manager.')
  return user
}

function auditSimple(ctx: Ctx, call: CallContext, action: string, description: string) {
  const userId = call.session?.userId ?? null
  audited(ctx, userId, { action, entity_type: 'user', entity_id: userId, description })
}

export type AuthHandler = Extract<HandlerName, `auth-${string}` | `user-${string}`>

export function authHandlers(ctx: Ctx): Pick<HandlerTable, AuthHandler> {
  const sessions = ctx.sessions
  // Built once per backend, as it opens: the place to ready the PIN store before the first login or pull.
  preparePins(ctx)
  return {
    'auth-users': () => listActiveUsers(ctx.db, ctx.store._id),
    'auth-session': (call) => {
      if (!call.session) return null
      const user = getUser(ctx.db, call.session.userId)
      return user ? sessionInfo(user, call.session.locked) : null
    },
    'auth-login': (call, { userId, pin }) => {
      const user = activeUser(ctx, userId)
      checkPin(ctx, user, pin, 'login')
      sessions.open(call.sessionId, user._id)
      return sessionInfo(user, false)
    },
    'auth-logout': (call) => {
      if (call.session) auditSimple(ctx, call, 'auth.logout', 'logged out')
      sessions.end(call.sessionId)
      return null
    },
    'auth-lock': (call) => {
      sessions.lock(call.sessionId)
      auditSimple(ctx, call, 'auth.lock', 'locked the screen')
      return null
    },
    'auth-unlock': (call, { pin }) => {
      if (!call.session) throw new PosError('UNAUTHENTICATED', 'Please log in first.')
      const user = activeUser(ctx, call.session.userId)
      try {
        checkPin(ctx, user, pin, 'unlock')
      } catch (err) {
        // A locked-out user is logged out: the next person logs in afresh.
        if (err instanceof PosError && err.code === 'LOCKED_OUT') sessions.end(call.sessionId)
        throw err
      }
      sessions.open(call.sessionId, user._id)
      return sessionInfo(user, false)
    },
    'auth-change-pin': (call, { old, pin }) => {
      const user = activeUser(ctx, call.session!.userId)
      if (old === pin)
        throw new PosError('PIN_WEAK', 'The new PIN must differ from the one you have. Your PIN was not changed.')
      try {
        checkPin(ctx, user, old, 'change')
      } catch (err) {
        if (err instanceof PosError && err.code === 'LOCKED_OUT') sessions.end(call.sessionId)
        throw err
      }
      changeOwnPin(ctx, user, pin)
      // Wherever else this user is logged in (with the old PIN) logs in again; this session goes on.
      sessions.endUser(user._id)
      sessions.open(call.sessionId, user._id)
      return sessionInfo(getUser(ctx.db, user._id)!, false)
    },
    'user-list': () => listStoreUsers(ctx),
    'user-save': (call, { id, user }) => saveUser(ctx, actorOf(ctx, call.session!.userId, call.permissions), id, user),
    'user-set-status': (call, { id, status }) =>
      setStatus(ctx, actorOf(ctx, call.session!.userId, call.permissions), id, status),
    'user-reset-pin': (call, { id }) => resetPin(ctx, actorOf(ctx, call.session!.userId, call.permissions), id),
  }
}
