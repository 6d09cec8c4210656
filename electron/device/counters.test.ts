import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { WriteDB } from '../store/db'
import { nextCounter, nextTwoCounters, useCounterReservations } from './repo'

function counterDb() {
  const db = new Database(':memory:') as unknown as WriteDB
  db.exec('CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT')
  const ensured: [string, number][] = []
  useCounterReservations(db, { ensure: (name: string, value: number) => ensured.push([name, value]) } as never)
  return { db, ensured }
}

describe('counters', () => {
  it('moves two counters on in one statement exactly as two nextCounter calls would, reserving both', () => {
    const one = counterDb()
    const two = counterDb()
    for (const [tickets, seenBefore] of [
      [5, false],
      [1, true],
      [12, true],
    ] as const) {
      const expected = [nextCounter(one.db, 'ticket_seq', tickets), nextCounter(one.db, 'transaction_seq')]
      expect(nextTwoCounters(two.db, 'ticket_seq', tickets, 'transaction_seq')).toEqual(expected)
      expect(seenBefore || expected[1] === 1).toBe(true)
    }
    expect(two.ensured).toEqual(one.ensured)
    // The order of the names does not depend on which row SQLite returns first.
    const [a, b] = nextTwoCounters(two.db, 'transaction_seq', 1, 'ticket_seq', 2)
    expect([a, b]).toEqual([4, 20])
  })

  it('works on a terminal without reservations registered', () => {
    const db = new Database(':memory:') as unknown as WriteDB
    db.exec('CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT')
    expect(nextTwoCounters(db, 'a', 3, 'b')).toEqual([3, 1])
    expect(nextTwoCounters(db, 'a', 3, 'b')).toEqual([6, 2])
  })
})
