import { z } from 'zod'
import { Id, isPlainText, spec, none } from './core'
import type { Permission } from './index'

/**
 * The seed's roles, plus an accountant: reports and budgets, never a sale or the drawer. Staff sell; managers run
 * the store; admins also manage managers and admins (shared/users.ts holds the rules, shared/pin-rules.ts the PINs).
 */
export const Roles = ['admin', 'manager', 'staff', 'accountant'] as const
export type Role = (typeof Roles)[number]
export const RoleEnum = z.enum(Roles)

export const Pin = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits')

export interface SessionInfo {
  user: { _id: Id; name: string; role: Role; username: string }
  permissions: Permission[]
  locked: boolean
  /** A one-time PIN was used: nothing but Change PIN (and log out) until a new one is set. */
  mustChangePin: boolean
}

/** One row of the Users screen: never a PIN or its verifier. */
export interface UserView {
  _id: Id
  name: string
  username: string
  email: string | null
  phone: string | null
  role: Role
  /** Added to the role's defaults (the seed's `permissions`). */
  permissions: Permission[]
  status: 'active' | 'inactive'
  last_login: string | null
  /** True until the user replaces a one-time PIN. */
  must_change_pin: boolean
  /** False when no PIN of this user reached this terminal (central sent none): a reset gives one. */
  has_pin: boolean
  /** Set while a PIN lockout lasts. */
  locked_until: string | null
  created_at: string
  updated_at: string
}

/** Plain text (isPlainText): nothing that reorders or hides text on a login tile (U+202E, U+200B). */
const Text = (max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} is required`)
    .max(max, `${what}: at most ${max} characters`)
    .refine(isPlainText, `${what}: no control or invisible formatting characters`)

/** What a manager types for a user; the backend decides the rest (who may grant what: shared/users.ts). */
export const UserInput = z
  .object({
    name: Text(80, 'Name'),
    username: z
      .string()
      .trim()
      .toLowerCase()
      .regex(
        /^[a-z][a-z0-9._-]{1,31}$/,
        'Username: 2 to 32 letters, digits, dot, dash or underscore, starting with a letter',
      ),
    email: z
      .string()
      .trim()
      .max(120, 'Email: at most 120 characters')
      .refine((v) => v === '' || z.email().safeParse(v).success, 'Email: not an email address')
      .transform((v) => (v === '' ? null : v.toLowerCase()))
      .default(''),
    phone: z
      .string()
      .trim()
      .max(30, 'Phone: at most 30 characters')
      .refine(
        (v) =>
          v === '' ||
          (/^\+?[0-9 ().-]+$/.test(v) && (v.match(/\d/g)?.length ?? 0) >= 7 && (v.match(/\d/g)?.length ?? 0) <= 15),
        'Phone: 7 to 15 digits, with + ( ) - . or spaces',
      )
      .transform((v) => (v === '' ? null : v))
      .default(''),
    role: RoleEnum,
    permissions: z.array(z.string().max(40)).max(40).default([]),
  })
  .strict()

export interface PublicUser {
  _id: Id
  name: string
  role: Role
  username: string
}

/** user.manage: the store's users (add, edit, deactivate, reset a PIN); managers and admins hold it. */
export const authPermissions = ['user.manage'] as const

export const authErrors = {
  PIN_WRONG: 'PIN_WRONG',
  LOCKED_OUT: 'LOCKED_OUT',
  USER_INACTIVE: 'USER_INACTIVE',
  PIN_CHANGE_REQUIRED: 'PIN_CHANGE_REQUIRED',
  PIN_WEAK: 'PIN_WEAK',
  USERNAME_TAKEN: 'USERNAME_TAKEN',
  USER_RULE: 'USER_RULE',
} as const

/** A new user, or a PIN reset: the one-time PIN, shown once to the manager who made it. */
export interface OneTimePin {
  user: UserView
  pin: string
}

export const authContract = {
  'auth-users': spec<PublicUser[]>()(none, 'public'),
  'auth-session': spec<SessionInfo | null>()(none, 'public'),
  'auth-login': spec<SessionInfo>()(z.object({ userId: Id, pin: Pin }).strict(), 'public'),
  'auth-logout': spec<null>()(none, 'public'),
  'auth-lock': spec<null>()(none, 'session'),
  /** Unlocking is the one call a locked session may make. */
  'auth-unlock': spec<SessionInfo>()(z.object({ pin: Pin }).strict(), 'public'),
  /** The user's own PIN, old one first; the one call (with logout) a session holding a one-time PIN may make. */
  'auth-change-pin': spec<SessionInfo>()(z.object({ old: Pin, pin: Pin }).strict(), 'session'),
  'user-list': spec<UserView[]>()(none, 'user.manage'),
  'user-save': spec<OneTimePin | UserView>()(z.object({ id: Id.optional(), user: UserInput }).strict(), 'user.manage'),
  'user-set-status': spec<UserView>()(
    z.object({ id: Id, status: z.enum(['active', 'inactive']) }).strict(),
    'user.manage',
  ),
  'user-reset-pin': spec<OneTimePin>()(z.object({ id: Id }).strict(), 'user.manage'),
} as const

/** Handlers a session still holding a one-time PIN may call (besides the public ones). */
export const duringPinChange: readonly string[] = ['auth-change-pin']
