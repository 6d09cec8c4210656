import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto'
import type { DeviceInfo } from '../../shared/contract'
import { VALIDATION_CODE_LENGTH } from '../../shared/ticket-number'
import { stmt } from '../core/deps'
import type { ReadDB, WriteDB } from '../store/db'
import type { TerminalIdentity } from './identity'

export interface SelfDevice extends DeviceInfo {
  _id: string
  terminal_number: number
  store_id: string
  secret: string
}

export function getSelfDevice(db: ReadDB): SelfDevice | null {
  return (
    (stmt(
      db,
      'SELECT _id, device_id, terminal_number, store_id, pos_version, secret FROM pos_devices WHERE is_self = 1',
    ).get() as SelfDevice | undefined) ?? null
  )
}

export function registerSelfDevice(
  db: WriteDB,
  d: { _id: string; device_id: string; terminal_number: number; store_id: string; pos_version: string; now: string },
): void {
  stmt(
    db,
    `INSERT INTO pos_devices (_id, device_id, terminal_number, store_id, pos_version, secret, is_self, registered_at, last_seen_at)
     VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`,
  ).run(d._id, d.device_id, d.terminal_number, d.store_id, d.pos_version, randomBytes(32).toString('hex'), d.now, d.now)
}

/** Keeps the recorded pos_version current after an update, since every sale carries it. */
export function touchSelfDevice(db: WriteDB, posVersion: string, now: string): void {
  stmt(db, 'UPDATE pos_devices SET pos_version = ?, last_seen_at = ? WHERE is_self = 1').run(posVersion, now)
}

/** 8-digit code from an HMAC of the ticket number with this terminal's secret. */
const keys = new Map<string, KeyObject>()

const CODE_MODULUS = 10 ** VALIDATION_CODE_LENGTH
export function validationCode(secret: string, ticketNumber: string): string {
  let key = keys.get(secret)
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'hex'))))
  const mac = createHmac('sha256', key).update(ticketNumber).digest()
  // The first 8 bytes as an unsigned 64-bit number, modulo 10^length, in exact double arithmetic
  // (every intermediate stays below 2^53): the same digits as BigInt arithmetic, several times faster.
  const hi = mac.readUInt32BE(0)
  const lo = mac.readUInt32BE(4)
  const code = (((((hi * 0x10000) % CODE_MODULUS) * 0x10000) % CODE_MODULUS) + (lo % CODE_MODULUS)) % CODE_MODULUS
  return String(code).padStart(VALIDATION_CODE_LENGTH, '0')
}

/** Counter reservations kept outside the database (device/identity.ts), registered per handle when the backend opens. */
const reservations = new WeakMap<object, TerminalIdentity>()
export function useCounterReservations(db: object, r: TerminalIdentity): void {
  reservations.set(db, r)
}

/** Next value of a named per-terminal counter; call inside the write transaction. */
export function nextCounter(db: WriteDB, name: string, by = 1): number {
  const row = stmt(
    db,
    'INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + excluded.value RETURNING value',
  ).get(name, by) as { value: number }
  reservations.get(db)?.ensure(name, row.value)
  return row.value
}

const NEXT_TWO =
  'INSERT INTO counters (name, value) VALUES (?, ?), (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + excluded.value RETURNING name, value'

/** Two counters moved on in one statement (a sale's tickets and its transaction): [first, second], as nextCounter. */
export function nextTwoCounters(
  db: WriteDB,
  first: string,
  byFirst: number,
  second: string,
  bySecond = 1,
): [number, number] {
  const rows = stmt(db, NEXT_TWO).all(first, byFirst, second, bySecond) as { name: string; value: number }[]
  // RETURNING rows come in no promised order: each is found by its name.
  const a = rows[0].name === first ? rows[0] : rows[1]
  const b = a === rows[0] ? rows[1] : rows[0]
  const r = reservations.get(db)
  r?.ensure(first, a.value)
  r?.ensure(second, b.value)
  return [a.value, b.value]
}

export function counterValues(db: ReadDB): Record<string, number> {
  const rows = stmt(db, 'SELECT name, value FROM counters').all() as { name: string; value: number }[]
  return Object.fromEntries(rows.map((r) => [r.name, r.value]))
}

/** After a restore: every counter resumes above anything that may have been issued before. */
export function raiseCounters(db: WriteDB, floors: Record<string, number>): void {
  const q = stmt(
    db,
    'INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = MAX(value, excluded.value)',
  )
  for (const [name, value] of Object.entries(floors)) q.run(name, value)
}

/** Central's word on this terminal (pulled with the catalogue): a disabled terminal moves no money. */
const statusCache = new WeakMap<object, 'active' | 'disabled'>()
export function selfStatus(db: ReadDB): 'active' | 'disabled' {
  let s = statusCache.get(db)
  if (s === undefined) {
    const row = stmt(db, 'SELECT status FROM pos_devices WHERE is_self = 1').get() as { status: string } | undefined
    s = row?.status === 'disabled' ? 'disabled' : 'active'
    statusCache.set(db, s)
  }
  return s
}

/** Records central's status for this terminal; answers whether it changed. */
export function setSelfStatus(db: WriteDB, status: 'active' | 'disabled'): boolean {
  const changed = stmt(db, 'UPDATE pos_devices SET status = ? WHERE is_self = 1 AND status <> ?').run(
    status,
    status,
  ).changes
  statusCache.set(db, status)
  return changed > 0
}
