import { z } from 'zod'

/**
 * What every domain's contract is made of. A handler names its argument
 * schema (validated in the main process), who may call it and its result
 * type: `public` needs no login, `session` any unlocked session, otherwise
 * the named permission (checked against the merged list in index.ts).
 */
export interface Spec<A extends z.ZodType, R, P extends string = string> {
  args: A
  access: P
  /** Phantom field carrying the result type; never set at run time. */
  result?: R
}

export const spec =
  <R>() =>
  <A extends z.ZodType, const P extends string>(args: A, access: P): Spec<A, R, P> => ({ args, access })

export const none = z.object({}).strict()

/**
 * What text a person types for others to read (screens, slips, reports, the login tiles) may not hold: control
 * characters (a printer takes them as commands), line and paragraph separators, lone surrogates, the blank
 * Hangul fillers, and every invisible formatting character (\p{Cf}: the bidirectional overrides, isolates and
 * marks such as U+202E and U+200F, zero-width spaces, the word joiner, soft hyphens, tags, a byte order mark).
 * The zero-width joiner and non-joiner stay, which Persian, Indic scripts and emoji need, but only between two
 * characters that are not ASCII (controls are refused anyway): "Al\u200Dice" would be a second Alice no one can tell from the first.
 */
const HIDDEN = /[\p{Cc}\p{Zl}\p{Zp}\p{Cs}\u115F\u1160\u3164\uFFA0]|(?![\u200C\u200D])\p{Cf}/u
const LOOSE_JOINER = /(?:^|[ -~])[\u200C\u200D]|[\u200C\u200D](?:$|[ -~])/
export const isPlainText = (s: string) => !HIDDEN.test(s) && !LOOSE_JOINER.test(s)
const HIDDEN_ALL = new RegExp(HIDDEN.source, 'gu')
/**
 * The text with what isPlainText refuses taken out (a joiner that is not between two non-ASCII characters
 * included): for names that arrive from elsewhere (central), which are shown, not refused.
 */
export function plainTextOf(s: string): string {
  let out = s.replace(HIDDEN_ALL, '')
  for (let prev = ''; prev !== out;) {
    prev = out
    out = out.replace(/(^|[ -~])[\u200C\u200D]+/g, '$1').replace(/[\u200C\u200D]+($|[ -~])/g, '$1')
  }
  return out
}
export const PLAIN_TEXT_MESSAGE = 'letters, digits and punctuation only (no control or invisible characters)'

/** Local ids are MongoDB ObjectIds as 24 hex characters, made on the terminal. */
export const Id = z.string().regex(/^[0-9a-f]{24}$/, 'must be an id')
export type Id = z.infer<typeof Id>

/** Money in minor units, never negative, never absurd. */
export const Amount = z
  .number()
  .int('an amount in whole cents')
  .min(0, 'an amount cannot be negative')
  .max(100_000_000, 'at most 1,000,000.00')

export const PaymentMethods = ['cash', 'card', 'wallet'] as const
export const PaymentMethod = z.enum(PaymentMethods)
export type PaymentMethod = z.infer<typeof PaymentMethod>

export interface DeviceInfo {
  device_id: string
  pos_version: string
}

/** Codes any handler may answer with: the dispatcher's own and the few every domain shares. */
export const coreErrors = {
  VALIDATION: 'VALIDATION',
  UNKNOWN_HANDLER: 'UNKNOWN_HANDLER',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  SCREEN_LOCKED: 'SCREEN_LOCKED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  NOT_ALLOWED: 'NOT_ALLOWED',
  CONFIRMATION_REQUIRED: 'CONFIRMATION_REQUIRED',
  DISK_FULL: 'DISK_FULL',
  INTERNAL: 'INTERNAL',
} as const
