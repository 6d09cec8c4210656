import { RolePermissions, type Permission, type PublicUser, type Role, type UserView } from '../../shared/contract'
import { isPermission } from '../../shared/users'
import { stmt } from '../core/deps'
import { inTransaction, type ReadDB, type WriteDB } from '../store/db'
import { isCentralVerifier, isLocalVerifier, pepperVerifier, verifierSalt } from './pin'

export interface UserRow {
  _id: string
  name: string
  username: string
  role: Role
  /** This terminal's peppered verifier (`pscrypt$...`), or NO_PIN. */
  password_hash: string
  status: 'active' | 'inactive'
  permissions: string
  failed_logins: number
  locked_until: string | null
  login_lockouts: number
  approve_failed: number
  approve_lockouts: number
  approve_locked_until: string | null
  store_id: string
  email: string | null
  phone: string | null
  last_login: string | null
  /** 1 while the PIN is a one-time one (a new user, a reset): it opens Change PIN only. */
  must_change_pin: number
  /** When this terminal last set the PIN (a reset, a change); null when it came from central or the seed. */
  pin_set_at: string | null
  /** The salt of the last verifier taken from central; null: the one the row holds now. */
  central_pin_salt: string | null
  /** Central's form of a PIN set here, until central has it (then cleared, scrubbed). */
  pin_handoff: string | null
  created_at: string
  updated_at: string
}

/** What a row holds when no usable verifier ever reached it: no PIN matches it, and it reveals nothing. */
export const NO_PIN = 'none'

/** Login and unlock (the user's own screen) share one count; approvals in another user's dialog have their own. */
export type PinCounter = 'login' | 'approve'

export interface PinCounterState {
  failed: number
  lockouts: number
  locked_until: string | null
}

const COLUMNS: Record<PinCounter, { failed: string; lockouts: string; until: string }> = {
  login: { failed: 'failed_logins', lockouts: 'login_lockouts', until: 'locked_until' },
  approve: { failed: 'approve_failed', lockouts: 'approve_lockouts', until: 'approve_locked_until' },
}

/** Runs a write with secure_delete on: the bytes it frees are zeroed, never left in the file's free space. */
function scrubbing<T>(db: WriteDB, write: () => T): T {
  const secure = db.pragma('secure_delete', { simple: true }) as number
  db.pragma('secure_delete = ON')
  try {
    return write()
  } finally {
    db.pragma(`secure_delete = ${['OFF', 'ON', 'FAST'][secure] ?? 'OFF'}`)
  }
}

// The login's tiles: cashiers first (they log in most), then managers, then the rest; number keys pick them. In
// the order they were added: a new cashier goes last, so nobody's number changes under their fingers.
const TILE_ORDER = "CASE role WHEN 'staff' THEN 0 WHEN 'manager' THEN 1 ELSE 2 END, created_at, name"

export function listActiveUsers(db: ReadDB, storeId: string): PublicUser[] {
  return stmt(
    db,
    `SELECT _id, name, role, username FROM users WHERE store_id = ? AND status = 'active' ORDER BY ${TILE_ORDER}`,
  ).all(storeId) as PublicUser[]
}

/** Every user of the store, active first, for the Users screen. */
export function listUsers(db: ReadDB, storeId: string): UserRow[] {
  return stmt(db, `SELECT * FROM users WHERE store_id = ? ORDER BY status <> 'active', ${TILE_ORDER}`).all(
    storeId,
  ) as UserRow[]
}

export function userView(u: UserRow): UserView {
  return {
    _id: u._id,
    name: u.name,
    username: u.username,
    email: u.email,
    phone: u.phone,
    role: u.role,
    permissions: (JSON.parse(u.permissions) as string[]).filter(isPermission),
    status: u.status,
    last_login: u.last_login,
    must_change_pin: u.must_change_pin === 1,
    has_pin: u.password_hash !== NO_PIN,
    locked_until: u.locked_until,
    created_at: u.created_at,
    updated_at: u.updated_at,
  }
}

/** Another user (any store: usernames are unique across the chain) with this username, ignoring case. */
export function usernameHolder(db: ReadDB, username: string, exceptId: string | null): { _id: string } | null {
  return (
    (stmt(db, 'SELECT _id FROM users WHERE lower(username) = lower(?) AND _id IS NOT ?').get(username, exceptId) as
      { _id: string } | undefined) ?? null
  )
}

export function activeAdminCount(db: ReadDB, storeId: string): number {
  return (
    stmt(db, "SELECT COUNT(*) AS n FROM users WHERE store_id = ? AND role = 'admin' AND status = 'active'").get(
      storeId,
    ) as { n: number }
  ).n
}

export interface UserFields {
  name: string
  username: string
  email: string | null
  phone: string | null
  role: Role
  permissions: string
}

/** A PIN set on this terminal: its peppered verifier, and central's form of it for the other terminals. */
export interface PinPair {
  verifier: string
  central: string
}

export function insertUser(
  db: WriteDB,
  u: UserFields & { _id: string; store_id: string; pin: PinPair; now: string },
): void {
  const { pin, ...fields } = u
  stmt(
    db,
    `INSERT INTO users (_id, name, email, phone, role, username, password_hash, store_id, status, permissions,
       created_at, updated_at, must_change_pin, pin_set_at, pin_handoff)
     VALUES (@_id, @name, @email, @phone, @role, @username, @verifier, @store_id, 'active', @permissions,
       @now, @now, 1, @now, @central)`,
  ).run({ ...fields, ...pin })
}

export function updateUserFields(db: WriteDB, id: string, u: UserFields, now: string): void {
  stmt(
    db,
    `UPDATE users SET name = @name, username = @username, email = @email, phone = @phone, role = @role,
       permissions = @permissions, updated_at = @now WHERE _id = @id`,
  ).run({ ...u, id, now })
}

export function setUserStatus(db: WriteDB, id: string, status: 'active' | 'inactive', now: string): void {
  stmt(db, 'UPDATE users SET status = ?, updated_at = ? WHERE _id = ?').run(status, now, id)
}

/** A PIN set on this terminal: a one-time one (mustChange) or the user's own. Clears the login lockout. */
/**
 * A PIN set on this terminal: a one-time one (mustChange) or the user's own. Clears the login lockout, and keeps
 * the salt of central's verifier as it was, so a pull carrying that same PIN again leaves this one standing.
 */
export function setUserPin(
  db: WriteDB,
  user: Pick<UserRow, '_id' | 'password_hash' | 'central_pin_salt'>,
  pin: PinPair,
  mustChange: boolean,
  now: string,
): void {
  stmt(
    db,
    `UPDATE users SET password_hash = ?, pin_handoff = ?, must_change_pin = ?, pin_set_at = ?, central_pin_salt = ?,
       failed_logins = 0, login_lockouts = 0, locked_until = NULL WHERE _id = ?`,
  ).run(
    pin.verifier,
    pin.central,
    mustChange ? 1 : 0,
    now,
    user.central_pin_salt ?? verifierSalt(user.password_hash),
    user._id,
  )
}

/**
 * A new PIN from central replaces this terminal's; a form of ours still waiting to be sent leaves the file with
 * it (zeroed where it was, secure_delete).
 */
export function takeCentralPin(
  db: WriteDB,
  id: string,
  verifier: string,
  salt: string | null,
  mustChange: number,
): void {
  scrubbing(db, () => {
    stmt(
      db,
      `UPDATE users SET password_hash = ?, central_pin_salt = ?, must_change_pin = ?, pin_set_at = NULL,
       pin_handoff = NULL WHERE _id = ?`,
    ).run(verifier, salt, mustChange, id)
  })
}

/** A PIN central holds that this terminal saw and kept its own over: a later pull carrying it again keeps ours. */
export function seenCentralPin(db: WriteDB, id: string, salt: string | null): void {
  stmt(db, 'UPDATE users SET central_pin_salt = ? WHERE _id = ?').run(salt, id)
}

/** The status alone, as central's deactivation applies over a local edit still on its way (updated_at kept). */
export function setUserStatusOnly(db: WriteDB, id: string, status: 'active' | 'inactive'): void {
  stmt(db, 'UPDATE users SET status = ? WHERE _id = ?').run(status, id)
}

/** The user's next login asks for a new PIN (made a manager: a longer one); the one they have still logs in. */
export function requirePinChange(db: WriteDB, id: string): void {
  stmt(db, 'UPDATE users SET must_change_pin = 1 WHERE _id = ?').run(id)
}

/** Central's form of the PIN this terminal set for a user, while central does not have it yet. */
export function pinHandoff(db: ReadDB, id: string): string | null {
  return (
    (stmt(db, 'SELECT pin_handoff FROM users WHERE _id = ?').get(id) as { pin_handoff: string | null } | undefined)
      ?.pin_handoff ?? null
  )
}

/**
 * Central has the PIN set here at `setAt`: its central form leaves this file (zeroed where it was, secure_delete),
 * unless a newer PIN was set since, whose own push clears it in turn.
 */
export function clearPinHandoff(db: WriteDB, id: string, setAt: string): number {
  return scrubbing(db, () => {
    return stmt(
      db,
      'UPDATE users SET pin_handoff = NULL WHERE _id = ? AND pin_set_at = ? AND pin_handoff IS NOT NULL',
    ).run(id, setAt).changes
  })
}

export function getUser(db: ReadDB, id: string): UserRow | null {
  return (stmt(db, 'SELECT * FROM users WHERE _id = ?').get(id) as UserRow | undefined) ?? null
}

/** The role's defaults and the user's extras; a string central sent that names no permission is ignored. */
export function permissionsOf(user: Pick<UserRow, 'role' | 'permissions'>): Permission[] {
  const extra = (JSON.parse(user.permissions) as string[]).filter(isPermission)
  return [...new Set([...RolePermissions[user.role], ...extra])]
}

export function pinCounter(db: ReadDB, id: string, which: PinCounter): PinCounterState {
  const c = COLUMNS[which]
  return stmt(
    db,
    `SELECT ${c.failed} AS failed, ${c.lockouts} AS lockouts, ${c.until} AS locked_until FROM users WHERE _id = ?`,
  ).get(id) as PinCounterState
}

export function setPinCounter(db: WriteDB, id: string, which: PinCounter, s: PinCounterState): void {
  const c = COLUMNS[which]
  stmt(db, `UPDATE users SET ${c.failed} = ?, ${c.lockouts} = ?, ${c.until} = ? WHERE _id = ?`).run(
    s.failed,
    s.lockouts,
    s.locked_until,
    id,
  )
}

export function recordLogin(db: WriteDB, id: string, now: string): void {
  setPinCounter(db, id, 'login', { failed: 0, lockouts: 0, locked_until: null })
  stmt(db, 'UPDATE users SET last_login = ? WHERE _id = ?').run(now, id)
}

/**
 * The one-time step at start: every verifier not yet in this terminal's form is converted (central's form,
 * as an older version or the demo seed stored it) or, when it is no usable verifier, replaced by NO_PIN.
 * The old bytes are scrubbed too: secure_delete zeroes the cells the update frees, and the write-ahead log,
 * which still holds the pages as they were, is checkpointed into the file and emptied. Returns the rows changed.
 */
export function pepperStoredVerifiers(db: WriteDB, pepper: Buffer): number {
  const rows = stmt(db, 'SELECT _id, password_hash FROM users').all() as { _id: string; password_hash: string }[]
  const stale = rows.filter((r) => !isLocalVerifier(r.password_hash) && r.password_hash !== NO_PIN)
  if (stale.length === 0) return 0
  scrubbing(db, () => {
    inTransaction(db, () => {
      for (const r of stale) {
        const next = isCentralVerifier(r.password_hash) ? pepperVerifier(r.password_hash, pepper) : NO_PIN
        stmt(db, 'UPDATE users SET password_hash = ? WHERE _id = ?').run(next, r._id)
      }
    })
  })
  db.pragma('wal_checkpoint(TRUNCATE)')
  return stale.length
}
