import fc from 'fast-check'
import type { Document, ObjectId } from 'bson'
import { describe, expect, it } from 'vitest'
import { PosError } from '../../shared/errors'
import { sameDocument, toCentral } from './convert'
import { syncCounts } from './repo'
import { presented } from '../../tests/support/backend'
import { openKit, type Kit } from './test-kit'

type Step =
  | { kind: 'sell'; code: 'PICK3' | 'LOTTO' | 'KENO'; quantity: number }
  | { kind: 'sync' }
  | { kind: 'fault'; afterWrites: number; when: 'before' | 'after' | 'partial' }
  | { kind: 'offline' }
  | { kind: 'restart' }
  | { kind: 'cancel' }

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('sell' as const),
      code: fc.constantFrom('PICK3', 'LOTTO', 'KENO'),
      quantity: fc.integer({ min: 1, max: 4 }),
    }),
    weight: 5,
  },
  { arbitrary: fc.constant({ kind: 'sync' as const }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('fault' as const),
      afterWrites: fc.integer({ min: 0, max: 6 }),
      when: fc.constantFrom('before', 'after', 'partial'),
    }),
    weight: 3,
  },
  { arbitrary: fc.constant({ kind: 'offline' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'restart' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'cancel' as const }), weight: 1 },
)

async function play(k: Kit, steps: Step[]) {
  for (const s of steps) {
    if (s.kind === 'sell') {
      try {
        await k.sell(s.code, s.quantity)
      } catch (err) {
        if (!(err instanceof PosError && err.code === 'OUT_OF_STOCK')) throw err
      }
    } else if (s.kind === 'fault') {
      k.t.faulty.injectFault(s.afterWrites, s.when)
      await k.engine({ batchSize: 7 }).syncNow()
    } else if (s.kind === 'offline') {
      k.t.faulty.offline = true
      await k.engine().syncNow()
      k.t.faulty.offline = false
    } else if (s.kind === 'cancel') {
      // A cancellation queues a positive stock movement and a field update of an already queued ticket.
      const t = k.b.ctx.db
        .prepare(
          "SELECT _id FROM tickets WHERE status = 'sold' AND lottery_id = ? ORDER BY purchase_datetime DESC, _id DESC LIMIT 1",
        )
        .get(k.b.gameId('PICK3')) as { _id: string } | undefined
      if (t) {
        try {
          await k.b.call(k.session, 'ticket-cancel', { input: presented(k.b, t._id), reason: 'customer changed mind' })
        } catch (err) {
          if (!(err instanceof PosError)) throw err
        }
      }
    } else if (s.kind === 'restart') await k.restart()
    else await k.engine({ batchSize: 7 }).syncNow()
  }
  k.t.faulty.clearFaults()
  k.t.faulty.offline = false
}

async function assertConverged(k: Kit, initial: Map<string, number>) {
  const db = k.b.ctx.db
  const report = await k.engine().syncNow()
  expect(report.error).toBeNull()
  expect(db.prepare("SELECT status, COUNT(*) AS n FROM outbox WHERE status <> 'acked' GROUP BY status").all()).toEqual(
    [],
  )
  for (const c of ['tickets', 'sales', 'inventory_movements', 'audit_logs', 'cancellations']) {
    const central = await k.t.all(c)
    const local = (db.prepare(`SELECT _id FROM ${c} ORDER BY _id`).all() as { _id: string }[]).map((r) => r._id)
    // Exactly once: every local record, no extra, no duplicate.
    expect(central.map((d) => (d._id as ObjectId).toHexString()).sort(), c).toEqual(local)
  }
  const byId = new Map((await k.t.all('tickets')).map((d) => [(d._id as ObjectId).toHexString(), d]))
  for (const r of db.prepare('SELECT _id, status FROM tickets').all() as { _id: string; status: string }[]) {
    expect(byId.get(r._id)?.status, `ticket ${r._id}`).toBe(r.status)
  }
  // Each central ticket is its insert with its field updates applied in order, nothing else.
  const expectedTickets = new Map<string, Document>()
  const ticketRows = db
    .prepare("SELECT doc_id, op, payload FROM outbox WHERE collection = 'tickets' ORDER BY seq")
    .all() as {
    doc_id: string
    op: string
    payload: string
  }[]
  for (const r of ticketRows) {
    expectedTickets.set(r.doc_id, { ...expectedTickets.get(r.doc_id), ...toCentral(JSON.parse(r.payload)) })
  }
  for (const [id, expected] of expectedTickets) expect(sameDocument(byId.get(id) as Document, expected), id).toBe(true)
  // The pull copies central's figure back, so local == central alone could hide a double count:
  // both must equal the starting stock plus every movement this terminal recorded.
  const sold = new Map(
    (
      db
        .prepare('SELECT inventory_id, SUM(quantity_delta) AS d FROM inventory_movements GROUP BY inventory_id')
        .all() as { inventory_id: string; d: number }[]
    ).map((r) => [r.inventory_id, r.d]),
  )
  const expected = new Map([...initial].map(([id, n]) => [id, n + (sold.get(id) ?? 0)]))
  expect(await k.centralStock()).toEqual(expected)
  expect(k.localStock()).toEqual(expected)
  // The status bar's figures, kept by triggers through every push, failure and restart, equal a recount.
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n
  expect(syncCounts(db)).toEqual({
    pending: n("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'"),
    dead: n("SELECT COUNT(*) AS n FROM outbox WHERE status = 'dead'"),
    conflicts: n('SELECT COUNT(*) AS n FROM sync_conflicts'),
    rejects: n('SELECT COUNT(*) AS n FROM sync_pull_rejects'),
  })
}

// SYNC_PROPERTY_RUNS=200 for a longer hunt; the default keeps the suite to a few seconds.
const RUNS = Number(process.env.SYNC_PROPERTY_RUNS ?? 25)

describe('push under random sales, restarts and failures (fast-check)', () => {
  it(
    'leaves central with every local record exactly once and the same stock figures',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 14 }), async (steps) => {
          const k = await openKit('property')
          try {
            const initial = await k.centralStock()
            await play(k, steps)
            await assertConverged(k, initial)
          } finally {
            await k.close()
          }
        }),
        { numRuns: RUNS },
      )
    },
    20_000 + RUNS * 1_000,
  )
})
