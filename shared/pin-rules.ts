import type { Role } from './contract/auth'

/**
 * The PIN rules (docs/decisions.md, PIN rules): a PIN is digits only, longer for the roles that approve and
 * manage (a manager's PIN opens the drawer's overrides and the users), and never one a stranger guesses first.
 * The same rules on both sides: the Change PIN dialog says what is wrong before it asks, and the backend refuses.
 */
export function pinLength(role: Role): { min: number; max: number } {
  return role === 'manager' || role === 'admin' ? { min: 6, max: 8 } : { min: 4, max: 8 }
}

export interface PinOwner {
  role: Role
  /** Digits the user is known by (their phone): a PIN found in them is refused. */
  phone?: string | null
}

const digitsOf = (s: string | null | undefined) => (s ?? '').replace(/\D/g, '')

/** A straight run up or down (1234, 98765, 0123), without wrapping round. */
function isRun(pin: string): boolean {
  const step = pin.charCodeAt(1) - pin.charCodeAt(0)
  if (step !== 1 && step !== -1) return false
  for (let i = 2; i < pin.length; i++) if (pin.charCodeAt(i) - pin.charCodeAt(i - 1) !== step) return false
  return true
}

/** The same few digits over and over (1111, 1212, 123123, 7070). */
function repeats(pin: string): boolean {
  for (let period = 1; period <= pin.length / 2; period++) {
    if (pin.length % period) continue
    if (pin.slice(0, period).repeat(pin.length / period) === pin) return true
  }
  return false
}

/** What is wrong with a PIN for this user, in words they can act on; null when it may be used. */
export function pinProblem(pin: string, owner: PinOwner): string | null {
  const { min, max } = pinLength(owner.role)
  if (!/^\d+$/.test(pin)) return 'A PIN is digits only.'
  if (pin.length < min || pin.length > max)
    return min === 4 ? `A PIN is ${min} to ${max} digits.` : `A ${owner.role}'s PIN is ${min} to ${max} digits.`
  if (repeats(pin)) return 'That PIN repeats the same digits. Choose one that is harder to guess.'
  if (isRun(pin)) return 'That PIN is a straight run of digits. Choose one that is harder to guess.'
  // No birth date is kept (the seed has none), so any year a person may be born in is refused as a 4-digit PIN.
  if (pin.length === 4 && /^(19|20)\d\d$/.test(pin))
    return 'That PIN looks like a year. Choose one that is harder to guess.'
  const phone = digitsOf(owner.phone)
  if (phone.length >= pin.length && phone.includes(pin))
    return 'That PIN is part of your phone number. Choose one that is harder to guess.'
  return null
}

/** A one-time PIN for this user: random digits of the role's shortest length that pass the rules. */
export function oneTimePin(owner: PinOwner, randomDigit: () => number): string {
  const { min } = pinLength(owner.role)
  for (;;) {
    let pin = ''
    for (let i = 0; i < min; i++) pin += String(randomDigit())
    if (!pinProblem(pin, owner)) return pin
  }
}
