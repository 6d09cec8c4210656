import type { SessionInfo } from '../../shared/domain'
import { PosError } from '../../shared/errors'
import { appendAudit } from '../audit/chain'
import { isoNow, type Ctx } from '../core/context'
import type { CallContext, HandlerTable } from '../core/dispatcher'
import { inTransaction } from '../store/db'
import { getUser, listActiveUsers, permissionsOf, recordFailedLogin, recordLogin, type UserRow } from './repo'
import { verifyPin } from './pin'

export const MAX_PIN_ATTEMPTS = 5
export const LOCKOUT_MS = 60_000

function sessionInfo(user: UserRow, locked: boolean): SessionInfo {
  return {
    user: { _id: user._id, name: user.name, role: user.role, username: user.username },
    permissions: permissionsOf(user),
    locked,
  }
}

/**
 * Checks a PIN with lockout: five wrong in a row locks the user for a minute.
 * Success, failure and lockout are each audited in the same transaction as the
 * counter change.
 */
export function checkPin(ctx: Ctx, user: UserRow, pin: string, purpose: 'login' | 'unlock' | 'approve'): void {
  const now = ctx.clock()
  const nowIso = now.toISOString()
  const audit = (action: string, description: string) =>
    appendAudit(ctx.db, ctx.newId(), ctx.device.device_id, nowIso, {
      user_id: user._id,
      action,
      entity_type: 'user',
      entity_id: user._id,
      description,
    })
  if (user.locked_until && Date.parse(user.locked_until) > now.getTime()) {
    const secs = Math.ceil((Date.parse(user.locked_until) - now.getTime()) / 1000)
    inTransaction(ctx.db, () =>
      audit(`auth.${purpose}_refused_locked`, `${user.username} tried to ${purpose} while locked out`),
    )
    throw new PosError('LOCKED_OUT', `Too many wrong PINs. Try again in ${secs} seconds.`, { retry_after_s: secs })
  }
  if (verifyPin(pin, user.password_hash)) {
    inTransaction(ctx.db, () => {
      recordLogin(ctx.db, user._id, nowIso)
      const did = { login: 'logged in', unlock: 'unlocked the screen', approve: 'approved with their PIN' }[purpose]
      audit(`auth.${purpose}`, `${user.username} ${did}`)
    })
    return
  }
  const failed = user.failed_logins + 1
  const lock = failed >= MAX_PIN_ATTEMPTS
  inTransaction(ctx.db, () => {
    recordFailedLogin(
      ctx.db,
      user._id,
      lock ? 0 : failed,
      lock ? new Date(now.getTime() + LOCKOUT_MS).toISOString() : null,
    )
    audit(`auth.${purpose}_failed`, `wrong PIN for ${user.username} (${failed} in a row)`)
    if (lock)
      audit(
        'auth.locked_out',
        `${user.username} locked out for ${LOCKOUT_MS / 1000} seconds after ${failed} wrong PINs`,
      )
  })
  if (lock)
    throw new PosError('LOCKED_OUT', 'Too many wrong PINs. Locked for one minute.', {
      retry_after_s: LOCKOUT_MS / 1000,
    })
  const left = MAX_PIN_ATTEMPTS - failed
  throw new PosError('PIN_WRONG', `Wrong PIN. ${left} ${left === 1 ? 'try' : 'tries'} left before a one-minute lock.`, {
    attempts_left: left,
  })
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
  inTransaction(ctx.db, () =>
    appendAudit(ctx.db, ctx.newId(), ctx.device.device_id, isoNow(ctx), {
      user_id: userId,
      action,
      entity_type: 'user',
      entity_id: userId,
      description,
    }),
  )
}

export function authHandlers(
  ctx: Ctx,
): Pick<HandlerTable, 'auth-users' | 'auth-session' | 'auth-login' | 'auth-logout' | 'auth-lock' | 'auth-unlock'> {
  const sessions = () => ctx.dispatcher().sessions
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
      sessions().set(call.sessionId, { userId: user._id, locked: false })
      return sessionInfo(user, false)
    },
    'auth-logout': (call) => {
      if (call.session) auditSimple(ctx, call, 'auth.logout', 'logged out')
      sessions().delete(call.sessionId)
      return null
    },
    'auth-lock': (call) => {
      sessions().set(call.sessionId, { ...call.session!, locked: true })
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
        if (err instanceof PosError && err.code === 'LOCKED_OUT') sessions().delete(call.sessionId)
        throw err
      }
      sessions().set(call.sessionId, { userId: user._id, locked: false })
      return sessionInfo(user, false)
    },
  }
}
