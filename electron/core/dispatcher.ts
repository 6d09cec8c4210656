import { SessionStore, type Session } from '../auth/sessions'
import type { z } from 'zod'
import {
  contract,
  duringPinChange,
  isHandlerName,
  type HandlerName,
  type ParsedArgsOf,
  type ResultOf,
} from '../../shared/contract'
import type { Permission, SessionInfo } from '../../shared/contract'
import { PosError, type Result } from '../../shared/errors'

export type { Session }

export interface CallContext {
  sessionId: string
  session: Session | null
  /** The logged-in user's permissions, resolved at dispatch time from the database. */
  permissions: readonly Permission[]
}

export type HandlerFn<K extends HandlerName> = (
  ctx: CallContext,
  args: ParsedArgsOf<K>,
) => ResultOf<K> | Promise<ResultOf<K>>

export type HandlerTable = { [K in HandlerName]: HandlerFn<K> }

/** What a user may do now, read from the database at each call: null when the user is gone or inactive. */
export interface UserAccess {
  permissions: readonly Permission[]
  /** Holding a one-time PIN: only Change PIN until they choose their own. */
  mustChangePin: boolean
}

export interface DispatcherHooks {
  accessOf(userId: string): UserAccess | null
  onDenied(ctx: CallContext, name: HandlerName, permission: Permission): void
  onInternalError(name: string, err: unknown): void
}

/**
 * A payload's path in the words of the form it came from: `batchNumber` is "Batch number", `lines.0.quantity`
 * "Line 1 quantity". The path itself stays in the error's details for the code that placed the field.
 */
export function fieldLabel(path: readonly PropertyKey[]): string {
  // The payload's wrapper (`product` of `product.product_name`) is the form itself: not named again.
  const named = path.length > 1 && typeof path[0] === 'string' && typeof path[1] === 'string' ? path.slice(1) : path
  const words = named
    .map((p, i) => {
      if (typeof p === 'number') return String(p + 1)
      const w = String(p)
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .replace(/[_-]+/g, ' ')
        .toLowerCase()
        .replace(/\bsku\b/, 'SKU')
      // "lines", then its index: "line 1".
      return typeof named[i + 1] === 'number' ? w.replace(/s$/, '') : w
    })
    .join(' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

export function describeZodError(err: z.ZodError): string {
  return err.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${fieldLabel(i.path)}: ${i.message}` : i.message))
    .join('; ')
}

/** SQLite's "database or disk is full" (also a full page limit) and the OS's ENOSPC, at any depth of causes. */
export function isDiskFull(err: unknown): boolean {
  for (let e = err, i = 0; e && typeof e === 'object' && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    const code = (e as { code?: unknown }).code
    if (code === 'SQLITE_FULL' || code === 'ENOSPC') return true
  }
  return false
}

const MAX_DEPTH = 32
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * One rule for every text field of every handler, before its own schema: a
 * string that is not well-formed UTF-16 (a lone surrogate) cannot be stored as
 * it was given, so it is refused rather than silently changed. Walked without
 * recursion, so a payload nested thousands deep is an answer, not a crash.
 */
export function textProblem(value: unknown): string | null {
  const stack: { v: unknown; depth: number; path: string }[] = [{ v: value, depth: 0, path: '' }]
  while (stack.length) {
    const { v, depth, path } = stack.pop()!
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) return `${path ? `${path}: ` : ''}contains a character that cannot be stored`
      continue
    }
    if (v === null || typeof v !== 'object') continue
    if (depth >= MAX_DEPTH) return 'the request is nested too deeply'
    for (const [k, child] of Object.entries(v)) {
      if (LONE_SURROGATE.test(k)) return 'a field name contains a character that cannot be stored'
      stack.push({ v: child, depth: depth + 1, path: path ? `${path}.${k}` : k })
    }
  }
  return null
}

/**
 * The single entry point for every call from any transport: validate the
 * payload with the contract's schema, check the session and permission here in
 * the backend, run the handler, and turn every failure into a stable code.
 */
export class Dispatcher {
  constructor(
    private readonly handlers: HandlerTable,
    private readonly hooks: DispatcherHooks,
    readonly sessions: SessionStore,
  ) {}

  /** What a session's user may do now (none when not logged in): for the event streams, which are not calls. */
  permissionsOf(sessionId: string): readonly Permission[] {
    const session = this.sessions.get(sessionId)
    const access = session && this.hooks.accessOf(session.userId)
    return access && !access.mustChangePin ? access.permissions : []
  }

  /**
   * Where a session stands for what is not a call (the event streams, a native dialog): active only when its
   * user is still active, its screen unlocked and its PIN its own; 'none' when the user is gone or inactive.
   */
  stateOf(sessionId: string | null): 'active' | 'locked' | 'none' {
    const session = sessionId === null ? null : this.sessions.get(sessionId)
    const access = session && this.hooks.accessOf(session.userId)
    if (!session || !access) return 'none'
    return session.locked || access.mustChangePin ? 'locked' : 'active'
  }

  async dispatch(sessionId: string, name: unknown, rawArgs: unknown): Promise<Result<unknown>> {
    try {
      if (!isHandlerName(name))
        throw new PosError(
          'UNKNOWN_HANDLER',
          `Unknown action: ${typeof name === 'string' ? name.slice(0, 60).replace(LONE_SURROGATE, '?') : typeof name}`,
        )
      return { ok: true, value: await this.run(sessionId, name, rawArgs ?? {}) }
    } catch (err) {
      if (err instanceof PosError) return { ok: false, error: err.toJSON() }
      if (isDiskFull(err)) {
        this.hooks.onInternalError(String(name), err)
        return {
          ok: false,
          error: {
            code: 'DISK_FULL',
            message:
              'The disk is full, so this was not saved and did not happen. Everything saved before is safe. Free space on this computer (or call IT), then try again.',
          },
        }
      }
      this.hooks.onInternalError(String(name), err)
      return {
        ok: false,
        error: { code: 'INTERNAL', message: 'Something went wrong. Nothing was saved; please try again.' },
      }
    }
  }

  private async run<K extends HandlerName>(sessionId: string, name: K, rawArgs: unknown): Promise<unknown> {
    const spec = contract[name]
    const bad = textProblem(rawArgs)
    if (bad) throw new PosError('VALIDATION', bad.charAt(0).toUpperCase() + bad.slice(1) + '.')
    // Who may call comes before what they sent: a caller without the right learns nothing of the schema.
    const session = this.sessions.get(sessionId)
    let permissions: readonly Permission[] = []
    let mustChangePin = false
    if (session) {
      const access = this.hooks.accessOf(session.userId)
      if (access === null) this.sessions.end(sessionId)
      else ({ permissions, mustChangePin } = access)
    }
    const ctx: CallContext = { sessionId, session: this.sessions.get(sessionId), permissions }
    if (spec.access !== 'public') {
      if (!ctx.session) throw new PosError('UNAUTHENTICATED', 'Please log in first.')
      if (ctx.session.locked) throw new PosError('SCREEN_LOCKED', 'The screen is locked. Enter your PIN to unlock.')
      if (mustChangePin && !duringPinChange.includes(name))
        throw new PosError('PIN_CHANGE_REQUIRED', 'Choose your own PIN first: the one you were given works once.')
      if (spec.access !== 'session' && !permissions.includes(spec.access)) {
        this.hooks.onDenied(ctx, name, spec.access)
        throw new PosError('FORBIDDEN', 'You are not allowed to do that. Ask a manager.', { permission: spec.access })
      }
    }
    const parsed = spec.args.safeParse(rawArgs)
    if (!parsed.success) {
      throw new PosError('VALIDATION', describeZodError(parsed.error), {
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      })
    }
    const handler = this.handlers[name] as HandlerFn<K>
    return handler(ctx, parsed.data as ParsedArgsOf<K>)
  }
}

export type { SessionInfo }
