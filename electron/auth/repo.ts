import { RolePermissions, type Permission, type PublicUser, type Role } from '../../shared/contract'
import { stmt } from '../core/deps'
import { inTransaction, type ReadDB, type WriteDB } from '../store/db'
import { isCentralVerifier, isLocalVerifier, pepperVerifier } from './pin'

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

export function listActiveUsers(db: ReadDB, storeId: string): PublicUser[] {
  return stmt(
    db,
    "SELECT _id, name, role, username FROM users WHERE store_id = ? AND status = 'active' ORDER BY role <> 'staff', name",
  ).all(storeId) as PublicUser[]
}

export function getUser(db: ReadDB, id: string): UserRow | null {
  return (stmt(db, 'SELECT * FROM users WHERE _id = ?').get(id) as UserRow | undefined) ?? null
}

export function permissionsOf(user: Pick<UserRow, 'role' | 'permissions'>): Permission[] {
  const extra = JSON.parse(user.permissions) as Permission[]
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
  const secure = db.pragma('secure_delete', { simple: true }) as number
  db.pragma('secure_delete = ON')
  try {
    inTransaction(db, () => {
      for (const r of stale) {
        const next = isCentralVerifier(r.password_hash) ? pepperVerifier(r.password_hash, pepper) : NO_PIN
        stmt(db, 'UPDATE users SET password_hash = ? WHERE _id = ?').run(next, r._id)
      }
    })
  } finally {
    db.pragma(`secure_delete = ${['OFF', 'ON', 'FAST'][secure] ?? 'OFF'}`)
  }
  db.pragma('wal_checkpoint(TRUNCATE)')
  return stale.length
}
