import { createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'

/**
 * Two forms of PIN verifier:
 *
 * - central's `scrypt$N$salt$hash`: scrypt with a per-user salt, the cost stored with it so it can rise later.
 *   It is what central keeps and sends, and what the demo seed makes.
 * - this terminal's `pscrypt$N$salt$mac`, mac = HMAC-SHA256(pepper, scrypt(pin, salt)), the pepper being
 *   this terminal's secret kept outside the database file (ctx.keys 'pin-pepper'). Made from central's form
 *   without the PIN, so a pulled hash is converted the moment it is stored; a 4-digit PIN cannot be guessed
 *   offline from the database file alone. The local users table holds only this form.
 */
const N = 16384
const KEY_LEN = 32
const LOCAL = 'pscrypt'
const CENTRAL = 'scrypt'
// Costs a verifier from central may carry: below is too cheap, above needs more memory than a till should spend.
const MIN_N = 2 ** 14
const MAX_N = 2 ** 16
const FORM = /^(p?scrypt)\$(\d{1,6})\$([0-9a-f]{32,128})\$([0-9a-f]{64})$/

interface Parsed {
  kind: typeof LOCAL | typeof CENTRAL
  n: number
  salt: Buffer
  value: Buffer
}

function parse(stored: string): Parsed | null {
  const m = FORM.exec(stored)
  if (!m) return null
  const n = Number(m[2])
  if (n < MIN_N || n > MAX_N || (n & (n - 1)) !== 0 || m[3].length % 2) return null
  return {
    kind: m[1] as Parsed['kind'],
    n,
    salt: Buffer.from(m[3], 'hex'),
    value: Buffer.from(m[4], 'hex'),
  }
}

const scrypt = (pin: string, salt: Buffer, n: number) =>
  scryptSync(pin, salt, KEY_LEN, { N: n, maxmem: 256 * n * 8 + 1024 * 1024 })

const mac = (pepper: Buffer, hash: Buffer) => createHmac('sha256', pepper).update(hash).digest()

function checkPepper(pepper: Buffer): void {
  if (pepper.length !== 32) throw new Error('the PIN pepper must be 32 bytes')
}

/** In an outbox payload, where central's form of a PIN set here goes: the push puts it in (users.pin_handoff). */
export const PIN_HANDOFF = 'handoff'

/** Central's form, `scrypt$N$salt$hash`: what the demo seed makes (and, later, user administration sends). */
export function hashPin(pin: string): string {
  const salt = randomBytes(16)
  return `${CENTRAL}$${N}$${salt.toString('hex')}$${scrypt(pin, salt, N).toString('hex')}`
}

/** True for a verifier in central's form that this terminal accepts (format and cost). */
export function isCentralVerifier(stored: string | null | undefined): stored is string {
  return !!stored && parse(stored)?.kind === CENTRAL
}

/** True for a verifier already in this terminal's peppered form. */
export function isLocalVerifier(stored: string | null | undefined): stored is string {
  return !!stored && parse(stored)?.kind === LOCAL
}

/** Central's `scrypt$N$salt$hash` to this terminal's `pscrypt$N$salt$mac`; no PIN needed. */
export function pepperVerifier(central: string, pepper: Buffer): string {
  checkPepper(pepper)
  const p = parse(central)
  if (!p || p.kind !== CENTRAL) throw new Error('not a PIN verifier in central form (scrypt$N$salt$hash)')
  return `${LOCAL}$${p.n}$${p.salt.toString('hex')}$${mac(pepper, p.value).toString('hex')}`
}

/** A new PIN straight to this terminal's form. */
export function localVerifier(pin: string, pepper: Buffer): string {
  return pepperVerifier(hashPin(pin), pepper)
}

/** The salt of a verifier in either form (hex), which peppering keeps: the same salt is the same PIN as set. */
export function verifierSalt(stored: string | null | undefined): string | null {
  const p = stored ? parse(stored) : null
  return p ? p.salt.toString('hex') : null
}

/** Only this terminal's peppered form verifies: anything else (central's form, junk) is refused. */
export function verifyPin(pin: string, stored: string, pepper: Buffer): boolean {
  checkPepper(pepper)
  const p = parse(stored)
  if (!p || p.kind !== LOCAL) return false
  return timingSafeEqual(mac(pepper, scrypt(pin, p.salt, p.n)), p.value)
}

/**
 * The pepper of the terminal whose database this is, for code that holds only the database handle (the
 * catalogue pull). Bound once at start by auth (preparePins); until then storing a user's PIN fails.
 */
const peppers = new WeakMap<object, Buffer>()

export function usePinPepper(db: object, pepper: Buffer): void {
  checkPepper(pepper)
  peppers.set(db, pepper)
}

export function pinPepperOf(db: object): Buffer {
  const pepper = peppers.get(db)
  if (!pepper) throw new Error('PIN pepper not loaded: user PINs cannot be stored on this terminal yet')
  return pepper
}
