/**
 * Escalating lockout: five wrong PINs in a row lock for a minute; each further lockout with no correct PIN
 * in between doubles it (1, 2, 4, 8 ... minutes), at most a day. A correct PIN resets both counts. At most
 * 55 guesses get checked in the first day and 5 a day after that, so 10,000 four-digit PINs take years.
 */
export const MAX_PIN_ATTEMPTS = 5
export const LOCKOUT_MS = 60_000
export const MAX_LOCKOUT_MS = 24 * 60 * 60_000

/** How long the nth lockout in a row (1-based) lasts. */
export function lockoutMs(n: number): number {
  return Math.min(LOCKOUT_MS * 2 ** Math.max(0, n - 1), MAX_LOCKOUT_MS)
}

const unit = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`

/** A duration for the cashier: "30 seconds", "one minute", "4 minutes", "17 hours 4 minutes". */
export function spanText(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000))
  if (s < 60) return unit(s, 'second')
  const m = Math.ceil(s / 60)
  if (m === 1) return 'one minute'
  if (m < 60) return unit(m, 'minute')
  const h = Math.floor(m / 60)
  return m % 60 ? `${unit(h, 'hour')} ${unit(m % 60, 'minute')}` : unit(h, 'hour')
}
