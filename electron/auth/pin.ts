import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'

// scrypt with a per-user salt; the cost is stored with the hash so it can rise later.
const N = 16384

export function hashPin(pin: string): string {
  const salt = randomBytes(16)
  const hash = scryptSync(pin, salt, 32, { N })
  return `scrypt$${N}$${salt.toString('hex')}$${hash.toString('hex')}`
}

export function verifyPin(pin: string, stored: string): boolean {
  const [kind, n, saltHex, hashHex] = stored.split('$')
  if (kind !== 'scrypt' || !n || !saltHex || !hashHex) return false
  const expected = Buffer.from(hashHex, 'hex')
  const actual = scryptSync(pin, Buffer.from(saltHex, 'hex'), expected.length, { N: Number(n) })
  return timingSafeEqual(actual, expected)
}
