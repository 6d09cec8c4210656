import { RolePermissions, type Permission, type PublicUser, type Role } from '../../shared/domain'
import { stmt } from '../core/deps'
import type { ReadDB, WriteDB } from '../store/db'

export interface UserRow {
  _id: string
  name: string
  username: string
  role: Role
  password_hash: string
  status: 'active' | 'inactive'
  permissions: string
  failed_logins: number
  locked_until: string | null
  store_id: string
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

export function recordFailedLogin(db: WriteDB, id: string, failed: number, lockedUntil: string | null): void {
  stmt(db, 'UPDATE users SET failed_logins = ?, locked_until = ? WHERE _id = ?').run(failed, lockedUntil, id)
}

export function recordLogin(db: WriteDB, id: string, now: string): void {
  stmt(db, 'UPDATE users SET failed_logins = 0, locked_until = NULL, last_login = ? WHERE _id = ?').run(now, id)
}
