import { isManagerRole } from '../../shared/users'
import { insertNotification } from '../notify/repo'
import { auditEntry } from '../audit/audited'
import { PosError } from '../../shared/errors'
import type { Ctx } from '../core/context'
import { inTransaction } from '../store/db'
import { lockoutMs, LOCKOUT_MS, MAX_PIN_ATTEMPTS, spanText } from './lockout'
import { usePinPepper, verifyPin } from './pin'
import { getUser, pepperStoredVerifiers, pinCounter, recordLogin, setPinCounter, type UserRow } from './repo'

// The PIN rules other domains use (an approval in a cancellation or a reprint): a service, never a handler.

/**
 * At start, before any PIN is checked or any user pulled: binds this terminal's pepper to its database and
 * converts whatever verifier is not yet peppered (a one-time step; a SQL migration cannot see the pepper).
 */
export function preparePins(ctx: Ctx): void {
  const pepper = ctx.keys.get('pin-pepper')
  usePinPepper(ctx.db, pepper)
  pepperStoredVerifiers(ctx.db, pepper)
}

type Purpose = 'login' | 'unlock' | 'change' | 'approve'

/** What the cashier reads: login and unlock speak to the user, an approval names the approver. */
function pinMessages(user: UserRow, purpose: Purpose) {
  const lockPhrase = (ms: number) => (ms === LOCKOUT_MS ? 'a one-minute lock' : `a lock of ${spanText(ms)}`)
  const tries = (left: number) => `${left} ${left === 1 ? 'try' : 'tries'} left`
  if (purpose !== 'approve')
    return {
      wrong: (left: number, next: number) => `Wrong PIN. ${tries(left)} before ${lockPhrase(next)}.`,
      locked: (ms: number) => `Too many wrong PINs. Locked for ${spanText(ms)}.`,
      refused: (ms: number) => `Too many wrong PINs. Try again in ${spanText(ms)}.`,
    }
  const who = user.name
  return {
    wrong: (left: number, next: number) =>
      `Wrong PIN for ${who}. ${tries(left)} before approvals by ${who} are locked for ${spanText(next)}.`,
    locked: (ms: number) =>
      `Too many wrong PINs for ${who}: approvals by ${who} are locked for ${spanText(ms)}. Their login is not affected.`,
    refused: (ms: number) =>
      `Too many wrong PINs for ${who}: approvals by ${who} are locked. Try again in ${spanText(ms)}.`,
  }
}

/**
 * Checks a PIN with escalating lockout (see lockout.ts): five wrong in a row lock, each further lockout
 * without a correct PIN in between lasts twice as long. Login and unlock count together; a wrong PIN typed
 * into an approval dialog ('approve') counts apart, so it locks that user's approvals, never their login.
 * Success, failure and lockout are each audited in the same transaction as the counter change.
 */
export function checkPin(ctx: Ctx, user: UserRow, pin: string, purpose: Purpose): void {
  const now = ctx.clock()
  const nowIso = now.toISOString()
  const which = purpose === 'approve' ? 'approve' : 'login'
  const text = pinMessages(user, purpose)
  const audit = (action: string, description: string) =>
    auditEntry(
      ctx,
      user._id,
      {
        action,
        entity_type: 'user',
        entity_id: user._id,
        description,
      },
      nowIso,
    )
  const state = pinCounter(ctx.db, user._id, which)
  const lockedFor = state.locked_until ? Date.parse(state.locked_until) - now.getTime() : 0
  if (lockedFor > 0) {
    inTransaction(ctx.db, () =>
      audit(`auth.${purpose}_refused_locked`, `${user.username} tried to ${purpose} while locked out`),
    )
    throw new PosError('LOCKED_OUT', text.refused(lockedFor), { retry_after_s: Math.ceil(lockedFor / 1000) })
  }
  if (verifyPin(pin, user.password_hash, ctx.keys.get('pin-pepper'))) {
    inTransaction(ctx.db, () => {
      if (purpose === 'login' || purpose === 'unlock') recordLogin(ctx.db, user._id, nowIso)
      else if (purpose === 'change')
        setPinCounter(ctx.db, user._id, 'login', { failed: 0, lockouts: 0, locked_until: null })
      else setPinCounter(ctx.db, user._id, 'approve', { failed: 0, lockouts: 0, locked_until: null })
      const did = {
        login: 'logged in',
        unlock: 'unlocked the screen',
        change: 'confirmed their PIN to change it',
        approve: 'approved with their PIN',
      }[purpose]
      audit(`auth.${purpose}`, `${user.username} ${did}`)
    })
    return
  }
  const outcome = inTransaction(ctx.db, () => {
    // Read again inside the write transaction: the count is what the database says, not what the caller read.
    const s = pinCounter(ctx.db, user._id, which)
    const failed = s.failed + 1
    const span = lockoutMs(s.lockouts + 1)
    const lock = failed >= MAX_PIN_ATTEMPTS
    setPinCounter(
      ctx.db,
      user._id,
      which,
      lock
        ? { failed: 0, lockouts: s.lockouts + 1, locked_until: new Date(now.getTime() + span).toISOString() }
        : { failed, lockouts: s.lockouts, locked_until: null },
    )
    audit(`auth.${purpose}_failed`, `wrong PIN for ${user.username} (${failed} in a row)`)
    if (lock) {
      const what = which === 'approve' ? `approvals by ${user.username}` : user.username
      const description = `${what} locked for ${spanText(span)} after ${failed} wrong PINs (lockout ${s.lockouts + 1} in a row)`
      audit(which === 'approve' ? 'auth.approve_locked_out' : 'auth.locked_out', description)
      // Someone is guessing a PIN: the managers hear of it (compliance), in the same transaction.
      insertNotification(ctx.db, {
        _id: ctx.newId(),
        user_id: null,
        title: `PIN lockout: ${user.name}`,
        message: `${description[0].toUpperCase()}${description.slice(1)}, on ${ctx.device.device_id}.`,
        type: 'compliance',
        created_at: nowIso,
      })
    }
    return { failed, span, lock }
  })
  if (outcome.lock) throw new PosError('LOCKED_OUT', text.locked(outcome.span), { retry_after_s: outcome.span / 1000 })
  const left = MAX_PIN_ATTEMPTS - outcome.failed
  throw new PosError('PIN_WRONG', text.wrong(left, outcome.span), { attempts_left: left })
}

/**
 * A manager's approval, typed into a dialog at the counter: an active manager or admin of this store and
 * their PIN, counted on the approval counter. Returns the approver; throws MANAGER_APPROVAL_REQUIRED,
 * PIN_WRONG or LOCKED_OUT with words the cashier can act on.
 */
export function approveAsManager(
  ctx: Ctx,
  approver: { userId: string; pin: string } | undefined,
  what: string,
): UserRow {
  if (!approver) throw new PosError('MANAGER_APPROVAL_REQUIRED', `${what} needs a manager's PIN.`)
  const manager = getUser(ctx.db, approver.userId)
  if (!manager || manager.store_id !== ctx.store._id || manager.status !== 'active' || !isManagerRole(manager.role))
    throw new PosError('MANAGER_APPROVAL_REQUIRED', `Only an active manager of this store can approve: ${what}.`)
  // A one-time PIN (a reset) is for choosing one's own, never for approving: whoever reset it knows it.
  if (manager.must_change_pin === 1)
    throw new PosError('MANAGER_APPROVAL_REQUIRED', `${manager.name} must choose their own PIN before approving.`)
  checkPin(ctx, manager, approver.pin, 'approve')
  return manager
}
