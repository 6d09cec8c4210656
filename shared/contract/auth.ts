import { z } from 'zod'
import { Id, spec, none } from './core'
import type { Permission } from './index'

export const Roles = ['admin', 'manager', 'staff'] as const
export type Role = (typeof Roles)[number]

export const Pin = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits')

export interface SessionInfo {
  user: { _id: Id; name: string; role: Role; username: string }
  permissions: Permission[]
  locked: boolean
}

export interface PublicUser {
  _id: Id
  name: string
  role: Role
  username: string
}

export const authPermissions = [] as const

export const authErrors = {
  PIN_WRONG: 'PIN_WRONG',
  LOCKED_OUT: 'LOCKED_OUT',
  USER_INACTIVE: 'USER_INACTIVE',
} as const

export const authContract = {
  'auth-users': spec<PublicUser[]>()(none, 'public'),
  'auth-session': spec<SessionInfo | null>()(none, 'public'),
  'auth-login': spec<SessionInfo>()(z.object({ userId: Id, pin: Pin }).strict(), 'public'),
  'auth-logout': spec<null>()(none, 'public'),
  'auth-lock': spec<null>()(none, 'session'),
  /** Unlocking is the one call a locked session may make. */
  'auth-unlock': spec<SessionInfo>()(z.object({ pin: Pin }).strict(), 'public'),
} as const
