import type { Ctx } from '../core/context'
import type { Module } from '../core/module'
import { authHandlers } from './handlers'

/** PIN login, lock and unlock; its sessions live in ctx.sessions, which the dispatcher reads. */
export function authModule(
  ctx: Ctx,
): Module<'auth-users' | 'auth-session' | 'auth-login' | 'auth-logout' | 'auth-lock' | 'auth-unlock'> {
  return { name: 'auth', handlers: authHandlers(ctx) }
}
