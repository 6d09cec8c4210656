import { z } from 'zod'
import type { OneTimePin, Permission, UserInput, UserView } from '../../shared/contract'
import { PosError } from '../../shared/errors'
import { oneTimePin, pinProblem } from '../../shared/pin-rules'
import { grantProblem, isManagerRole, manageProblem, type Actor } from '../../shared/users'
import { auditEntry } from '../audit/audited'
import type { Ctx } from '../core/context'
import { enqueue } from '../outbox/repo'
import { inTransaction } from '../store/db'
import { hashPin, pepperVerifier, PIN_HANDOFF } from './pin'
import {
  activeAdminCount,
  getUser,
  insertUser,
  listUsers,
  permissionsOf,
  requirePinChange,
  setUserPin,
  setUserStatus,
  updateUserFields,
  usernameHolder,
  userView,
  type PinPair,
  type UserFields,
  type UserRow,
} from './repo'

// User administration (issue 16): the rules are shared/users.ts and shared/pin-rules.ts; every change is one
// transaction with its audit entry (before and after, never a PIN) and its outbox record for central.

type Input = z.output<typeof UserInput>

/** Who is acting: their role and what they hold now (the dispatcher resolved it for this call). */
export function actorOf(ctx: Ctx, userId: string, permissions: readonly Permission[]): Actor {
  const me = getUser(ctx.db, userId)
  if (!me) throw new PosError('UNAUTHENTICATED', 'Please log in first.')
  return { userId, role: me.role, permissions }
}

function ofThisStore(ctx: Ctx, id: string): UserRow {
  const user = getUser(ctx.db, id)
  if (!user || user.store_id !== ctx.store._id) throw new PosError('NOT_FOUND', 'No such user at this store.')
  return user
}

const refuse = (problem: string | null) => {
  if (problem) throw new PosError('USER_RULE', `${problem} Nothing was changed.`)
}

/** The document central keeps of a user: the seed's fields, never this terminal's verifier nor its lockout counters. */
function centralDoc(u: UserRow) {
  return {
    _id: u._id,
    name: u.name,
    email: u.email,
    phone: u.phone,
    role: u.role,
    username: u.username,
    store_id: u.store_id,
    status: u.status,
    permissions: JSON.parse(u.permissions) as string[],
    created_at: u.created_at,
    updated_at: u.updated_at,
  }
}

const shown = (v: string | null) => (v === null || v === '' ? '(none)' : v)

/** "role staff -> manager; phone (none) -> 555 0100": what an edit changed, for the audit trail. */
function changes(before: UserRow, after: UserRow): string[] {
  const out: string[] = []
  for (const k of ['name', 'username', 'email', 'phone', 'role', 'permissions', 'status'] as const) {
    if (before[k] !== after[k]) out.push(`${k} ${shown(before[k])} -> ${shown(after[k])}`)
  }
  return out
}

function newPin(ctx: Ctx, user: Pick<UserRow, 'role' | 'phone'>): string {
  return oneTimePin(user, () => ctx.randomInt(0, 10))
}

/** Central's form of a PIN and this terminal's peppered one made from it (the same salt: the same PIN). */
function pinPair(ctx: Ctx, pin: string): PinPair {
  const central = hashPin(pin)
  return { central, verifier: pepperVerifier(central, ctx.keys.get('pin-pepper')) }
}

/**
 * What the outbox carries of a PIN set here: a marker the push replaces with the central form kept in the row
 * (users.pin_handoff) and clears once central has it, so the outbox never holds a verifier.
 */
const pinFields = (mustChange: boolean, at: string) => ({
  password_hash: PIN_HANDOFF,
  must_change_pin: mustChange,
  pin_set_at: at,
})

/** The store's users; a lockout shows only while it lasts. */
export function listStoreUsers(ctx: Ctx): UserView[] {
  const now = ctx.clock().getTime()
  return listUsers(ctx.read, ctx.store._id).map((u) => ({
    ...userView(u),
    locked_until: u.locked_until && Date.parse(u.locked_until) > now ? u.locked_until : null,
  }))
}

/** Adds a user (with a one-time PIN, returned once) or edits one. */
export function saveUser(ctx: Ctx, actor: Actor, id: string | undefined, input: Input): OneTimePin | UserView {
  const now = ctx.clock().toISOString()
  const fields: UserFields = {
    name: input.name,
    username: input.username,
    email: input.email,
    phone: input.phone,
    role: input.role,
    permissions: JSON.stringify([...new Set(input.permissions)].sort()),
  }
  return inTransaction(ctx.db, () => {
    const before = id ? ofThisStore(ctx, id) : null
    if (before) refuse(manageProblem(actor, { role: before.role, permissions: permissionsOf(before) }))
    refuse(grantProblem(actor, input.role, input.permissions, before ? permissionsOf(before) : []))
    if (usernameHolder(ctx.db, input.username, before?._id ?? null))
      throw new PosError('USERNAME_TAKEN', `The username ${input.username} is taken. Nothing was changed.`)
    if (before && before._id === actor.userId && before.role !== input.role) refuse('Nobody changes their own role.')
    if (before?.role === 'admin' && input.role !== 'admin' && before.status === 'active')
      if (activeAdminCount(ctx.db, ctx.store._id) <= 1) refuse('The store’s last active admin keeps the role.')
    if (!before) {
      const pin = newPin(ctx, input)
      const userId = ctx.newId()
      insertUser(ctx.db, {
        ...fields,
        _id: userId,
        store_id: ctx.store._id,
        pin: pinPair(ctx, pin),
        now,
      })
      const saved = getUser(ctx.db, userId)!
      auditEntry(
        ctx,
        actor.userId,
        {
          action: 'user.add',
          entity_type: 'user',
          entity_id: userId,
          description: `added ${saved.username} (${saved.name}, ${saved.role}${input.permissions.length ? `, extra ${fields.permissions}` : ''}) with a one-time PIN`,
        },
        now,
      )
      enqueue(ctx.db, 'users', userId, 'insert', centralDoc(saved), now)
      // Its PIN follows as an edit: central stamps it as it arrives, so the other terminals pull it however late.
      enqueue(ctx.db, 'users', userId, 'update', { _id: userId, ...pinFields(true, now) }, now)
      return { user: userView(saved), pin }
    }
    const changed = changes(before, { ...before, ...fields })
    // Nothing changed: nothing written, so the row's updated_at still lets central's later edits in.
    if (changed.length === 0) return userView(before)
    updateUserFields(ctx.db, before._id, fields, now)
    // Made a manager or admin: their PIN may be a cashier's 4 digits, so they choose a longer one at the next login
    // (and approve nothing until then).
    const promoted = isManagerRole(input.role) && !isManagerRole(before.role)
    if (promoted) requirePinChange(ctx.db, before._id)
    const after = getUser(ctx.db, before._id)!
    auditEntry(
      ctx,
      actor.userId,
      {
        action: 'user.edit',
        entity_type: 'user',
        entity_id: before._id,
        description: `edited ${before.username}: ${changed.join('; ')}`,
      },
      now,
    )
    const doc = centralDoc(after)
    const set: Record<string, unknown> = { _id: after._id, updated_at: now }
    for (const k of ['name', 'username', 'email', 'phone', 'role', 'permissions'] as const)
      if (before[k] !== after[k]) set[k] = doc[k]
    enqueue(ctx.db, 'users', after._id, 'update', set, now)
    return userView(after)
  })
}

/** Deactivates (their sessions end at once) or reactivates a user. */
export function setStatus(ctx: Ctx, actor: Actor, id: string, status: 'active' | 'inactive'): UserView {
  const now = ctx.clock().toISOString()
  const view = inTransaction(ctx.db, () => {
    const user = ofThisStore(ctx, id)
    refuse(manageProblem(actor, { role: user.role, permissions: permissionsOf(user) }))
    if (user.status === status) return userView(user)
    if (status === 'inactive') {
      if (user._id === actor.userId) refuse('Nobody deactivates themselves.')
      if (user.role === 'admin' && activeAdminCount(ctx.db, ctx.store._id) <= 1)
        refuse('The store’s last active admin cannot be deactivated.')
    }
    setUserStatus(ctx.db, id, status, now)
    auditEntry(
      ctx,
      actor.userId,
      {
        action: status === 'inactive' ? 'user.deactivate' : 'user.reactivate',
        entity_type: 'user',
        entity_id: id,
        description: `${status === 'inactive' ? 'deactivated' : 'reactivated'} ${user.username}: status ${user.status} -> ${status}`,
      },
      now,
    )
    // status_by: who may undo it at central (sync/push-writes.ts): this store, never over head office's word.
    enqueue(ctx.db, 'users', id, 'update', { _id: id, status, status_by: ctx.store._id, updated_at: now }, now)
    return userView(getUser(ctx.db, id)!)
  })
  if (status === 'inactive') ctx.sessions.endUser(id)
  return view
}

/** A new one-time PIN for someone else (their own is changed with Change PIN); their sessions end. */
export function resetPin(ctx: Ctx, actor: Actor, id: string): OneTimePin {
  const now = ctx.clock().toISOString()
  const out = inTransaction(ctx.db, () => {
    const user = ofThisStore(ctx, id)
    refuse(manageProblem(actor, { role: user.role, permissions: permissionsOf(user) }))
    if (user._id === actor.userId) refuse('Change your own PIN with Change PIN.')
    if (user.status !== 'active') refuse(`${user.name} is inactive: reactivate them first.`)
    const pin = newPin(ctx, user)
    setUserPin(ctx.db, user, pinPair(ctx, pin), true, now)
    enqueue(ctx.db, 'users', id, 'update', { _id: id, ...pinFields(true, now) }, now)
    auditEntry(
      ctx,
      actor.userId,
      {
        action: 'user.pin_reset',
        entity_type: 'user',
        entity_id: id,
        description: `reset the PIN of ${user.username} to a one-time PIN (lockout cleared)`,
      },
      now,
    )
    return { user: userView(getUser(ctx.db, id)!), pin }
  })
  ctx.sessions.endUser(id)
  return out
}

/** The user's own new PIN, after their old one (checkPin: counted like a login) was right. */
export function changeOwnPin(ctx: Ctx, user: UserRow, pin: string): void {
  const problem = pinProblem(pin, user)
  if (problem) throw new PosError('PIN_WEAK', `${problem} Your PIN was not changed.`)
  const now = ctx.clock().toISOString()
  inTransaction(ctx.db, () => {
    setUserPin(ctx.db, user, pinPair(ctx, pin), false, now)
    enqueue(ctx.db, 'users', user._id, 'update', { _id: user._id, ...pinFields(false, now) }, now)
    auditEntry(
      ctx,
      user._id,
      {
        action: 'auth.pin_change',
        entity_type: 'user',
        entity_id: user._id,
        description: `${user.username} changed their PIN`,
      },
      now,
    )
  })
}
