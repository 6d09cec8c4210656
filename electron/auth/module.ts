import type { Ctx } from '../core/context'
import type { Module } from '../core/module'
import { authHandlers, type AuthHandler } from './handlers'

/**
 * PIN login, lock, unlock and Change PIN; the store's users (admin.ts). Its sessions live in ctx.sessions, which
 * the dispatcher reads.
 */
export function authModule(ctx: Ctx): Module<AuthHandler> {
  return { name: 'auth', handlers: authHandlers(ctx) }
}
