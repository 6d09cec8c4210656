import { ObjectId } from 'bson'
import { randomInt } from 'node:crypto'
import type { WriteDB } from '../store/db'

/** Injected so tests run on a frozen clock with seeded ids and numbers. */
export interface Deps {
  db: WriteDB
  clock: () => Date
  newId: () => string
  /** Uniform integer in [min, maxExclusive). */
  randomInt: (min: number, maxExclusive: number) => number
  /** Milliseconds from a clock nobody can set: how much time has really passed while the process runs. */
  monotonic: () => number
}

export const systemClock = () => new Date()
export const systemMonotonic = () => performance.now()
export const objectIdHex = () => new ObjectId().toHexString()
export const cryptoRandomInt = (min: number, maxExclusive: number) => randomInt(min, maxExclusive)

/** Caches prepared statements per database handle: preparing is the slow part of a small query. */
const cache = new WeakMap<object, Map<string, unknown>>()
export function stmt<T = import('better-sqlite3').Statement>(
  db: object & { prepare(sql: string): unknown },
  sql: string,
): T {
  let m = cache.get(db)
  if (!m) cache.set(db, (m = new Map()))
  let s = m.get(sql)
  if (!s) m.set(sql, (s = db.prepare(sql)))
  return s as T
}
