// Push throughput against the bare driver call, same documents, same kind of
// target, same run. Called by the benchmark runner (tests/bench/run.ts).
import { randomUUID } from 'node:crypto'
import type { Document } from 'bson'
import { openDriverTarget, openTestTarget, spawnWireStandin, type TestTarget } from '../support/mongo-standin-target'
import { testBackend } from '../support/backend'
import { createSale } from '../../electron/sale/service'
import { toCentral } from '../../electron/sync/convert'
import { DEFAULT_PUSH_BATCH, pushOutbox } from '../../electron/sync/push'
import { seedCentral } from '../../electron/sync/test-kit'

export interface PushBench {
  name: string
  lines: string[]
  target: string
  records: number
  engine_rps: number
  bare_rps: number
  /** Engine time over bare insertMany time: 1.0 is free, the goal is <= 1.25. */
  ratio: number
}

export type BenchTarget = 'auto' | 'standin' | 'wire-process'

/**
 * `auto`: MongoDB when MONGODB_URI is set, else the wire stand-in in its own
 * process through the real driver (both sides then pay serialization and a
 * socket, as against a server). `standin`: the in-memory stand-in called
 * in-process, which makes the bare call nearly free and the ratio pessimistic.
 */
export async function benchPush(
  n = 40_000,
  batchSize = DEFAULT_PUSH_BATCH,
  target: BenchTarget = 'auto',
): Promise<PushBench> {
  const b = testBackend()
  const wire =
    target === 'wire-process' || (target === 'auto' && !process.env.MONGODB_URI) ? await spawnWireStandin() : null
  const open = (): Promise<TestTarget> =>
    wire
      ? openDriverTarget(
          wire.uri,
          'in-memory stand-in in a separate process, over its wire protocol via the real mongodb driver (not MongoDB)',
          false,
        )
      : openTestTarget()
  const [ours, bare, warmOurs, warmBare] = [await open(), await open(), await open(), await open()]
  // The baseline gets its documents ready-made, grouped per collection: the best case for the bare driver.
  const pendingDocs = () => {
    const byCollection = new Map<string, Document[]>()
    const rows = b.ctx.db
      .prepare("SELECT collection, payload FROM outbox WHERE status = 'pending' ORDER BY seq")
      .all() as {
      collection: string
      payload: string
    }[]
    for (const r of rows) {
      const docs = byCollection.get(r.collection) ?? []
      docs.push(toCentral(JSON.parse(r.payload)))
      byCollection.set(r.collection, docs)
    }
    return byCollection
  }
  try {
    b.ctx.db.exec('UPDATE inventory SET total_stock = 100000000, remaining_stock = 100000000')
    for (const t of [ours, bare, warmOurs, warmBare]) await seedCentral(b, t.db)
    const s = await b.login('carlos')
    const userId = b.dispatcher.sessions.get(s)!.userId
    const lotteryId = b.gameId('PICK3')
    const sellUntil = (pending: number) => {
      // 5 tickets + sale + movement + audit: 8 records per sale, as a cashier makes them.
      while (
        (b.ctx.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'").get() as { n: number }).n <
        pending
      ) {
        const args = { requestId: randomUUID(), paymentMethod: 'cash' as const, confirmed: true, ageConfirmed: true }
        createSale(b.ctx, userId, { ...args, lines: [{ lotteryId, quantity: 5 }] })
      }
    }
    const push = (db: TestTarget['db']) =>
      pushOutbox({ db: b.ctx.db, target: db, clock: b.ctx.clock, streamId: b.ctx.device._id, batchSize })
    const bareInsert = async (db: TestTarget['db'], byCollection: Map<string, Document[]>) => {
      for (const [collection, docs] of byCollection) {
        for (let i = 0; i < docs.length; i += batchSize) {
          await db.collection(collection).insertMany(docs.slice(i, i + batchSize), { ordered: false })
        }
      }
    }
    // Warm both paths (JIT, connection pools, the server) on throwaway databases, so neither side pays it in the timing.
    sellUntil(Math.min(4_000, n))
    const warmDocs = pendingDocs()
    await push(warmOurs.db)
    await bareInsert(warmBare.db, warmDocs)
    sellUntil(n)
    const byCollection = pendingDocs()
    const records = [...byCollection.values()].reduce((sum, docs) => sum + docs.length, 0)
    const t0 = performance.now()
    const pushed = await push(ours.db)
    const engineMs = performance.now() - t0
    if (pushed.acked !== records) throw new Error(`bench push acked ${pushed.acked} of ${records}`)

    const t1 = performance.now()
    await bareInsert(bare.db, byCollection)
    const bareMs = performance.now() - t1

    const engine_rps = Math.round(records / (engineMs / 1000))
    const bare_rps = Math.round(records / (bareMs / 1000))
    const ratio = Math.round((engineMs / bareMs) * 100) / 100
    return {
      name: 'Sync push',
      target: ours.label,
      records,
      engine_rps,
      bare_rps,
      ratio,
      lines: [
        `target: ${ours.label}`,
        `${records} records (tickets, sales, guarded stock decrements with their ledger, audit entries), batches of ${batchSize}`,
        `engine push: ${engine_rps} records/s (goal >= 5000) ${engine_rps >= 5000 ? 'PASS' : 'FAIL'}`,
        `bare insertMany of the same documents: ${bare_rps} records/s`,
        `ratio ${ratio}x (goal <= 1.25x) ${ratio <= 1.25 ? 'PASS' : 'FAIL'}`,
      ],
    }
  } finally {
    await b.cleanup()
    for (const t of [ours, bare, warmOurs, warmBare]) await t.close()
    await wire?.stop()
  }
}
