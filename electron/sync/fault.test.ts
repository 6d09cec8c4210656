import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StandinWireServer } from '../../tests/support/mongo-standin-wire'
import { TcpProxy } from '../../tests/support/tcp-proxy'
import { testBackend, newRequestId, type TestBackend } from '../../tests/support/backend'
import { SyncEngine } from './engine'
import { mongoConnect } from './mongo'
import type { TargetDb } from './target'
import { seedCentral } from './test-kit'

// The real mongodb driver, real sockets, a proxy that cuts them mid-batch. The
// far end is MongoDB when MONGODB_URI names a loopback-reachable host:port,
// otherwise the in-memory stand-in over its wire protocol (NOT MongoDB).
let server: StandinWireServer | null
let proxy: TcpProxy
let b: TestBackend
let session: string
let label: string

beforeEach(async () => {
  const real = process.env.MONGODB_URI ? new URL(process.env.MONGODB_URI.replace(/^mongodb:/, 'http:')) : null
  server = real ? null : new StandinWireServer()
  const targetPort = real ? Number(real.port || 27017) : await server!.listen()
  label = real
    ? `MongoDB at ${real.host} through a loopback proxy`
    : 'in-memory stand-in over its wire protocol through a loopback proxy (not MongoDB)'
  proxy = new TcpProxy(targetPort)
  await proxy.listen()
  b = testBackend()
  // The stand-in's clock is the test's: central's time is a trusted floor, and the test clock is frozen.
  if (server) server.now = () => b.clock()
  session = await b.login('carlos')
})
afterEach(async () => {
  await b.cleanup()
  await proxy.close()
  await server?.close()
})

const dbName = `pos_fault_${process.pid}`

async function central<T>(fn: (db: TargetDb) => Promise<T>): Promise<T> {
  // Straight to the target, around the proxy: the test's own view of central.
  const direct = `mongodb://127.0.0.1:${server ? server.port : new URL(process.env.MONGODB_URI!.replace(/^mongodb:/, 'http:')).port}/?directConnection=true`
  const conn = await mongoConnect({ uri: process.env.MONGODB_URI ?? direct, db_name: dbName })()
  try {
    return await fn(conn.db)
  } finally {
    await conn.close()
  }
}

async function sell(n: number) {
  for (let i = 0; i < n; i++) {
    await b.call(session, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod: 'cash',
      confirmed: true,
      ageConfirmed: true,
      lines: [{ lotteryId: b.gameId(i % 2 ? 'PICK3' : 'LOTTO'), quantity: 1 + (i % 3) }],
    })
  }
}

describe('push through a proxy that drops connections mid-batch (real driver, real sockets)', () => {
  it('delivers everything exactly once with stock figures equal, whatever byte the cut lands on', async () => {
    console.log(`sync fault test target: ${label}`)
    await central((db) => seedCentral(b, db as never))
    const engine = new SyncEngine({
      db: b.ctx.db,
      clock: b.clock,
      // A real server's clock is today's; the test's frozen clock is not.
      trustServerTime: !process.env.MONGODB_URI,
      log: () => {},
      storeId: b.ctx.store._id,
      streamId: b.ctx.device._id,
      deviceId: b.ctx.device.device_id,
      batchSize: 40,
      connect: mongoConnect(
        { uri: `mongodb://127.0.0.1:${proxy.port}/?directConnection=true`, db_name: dbName },
        { serverSelectionTimeoutMS: 1_000 },
      ),
    })
    const cuts = fc.sample(
      fc.tuple(fc.integer({ min: 0, max: 60_000 }), fc.constantFrom('up' as const, 'down' as const)),
      { numRuns: 12, seed: 7 },
    )
    let failedRounds = 0
    for (const [bytes, direction] of cuts) {
      await sell(6)
      proxy.dropAfter(bytes, direction)
      const r = await engine.syncNow()
      if (!r.ok) {
        failedRounds++
        expect(r.error?.kind, r.error?.message).toMatch(/transient|unreachable/)
      }
    }
    for (let i = 0; i < 5 && engine.status().pending > 0; i++) await engine.syncNow()
    expect(proxy.drops).toBeGreaterThan(3)
    expect(failedRounds).toBeGreaterThan(3)
    expect(engine.status()).toMatchObject({ pending: 0, conflicts: 0, dead: 0 })

    const local = (t: string) =>
      (b.ctx.db.prepare(`SELECT _id FROM ${t} ORDER BY _id`).all() as { _id: string }[]).map((r) => r._id)
    for (const c of ['tickets', 'sales', 'inventory_movements', 'audit_logs']) {
      const ids = await central(async (db) =>
        (await db.collection(c).find({}).toArray()).map((d) => d._id.toHexString() as string).sort(),
      )
      expect(ids, c).toEqual(local(c))
    }
    const stock = await central(async (db) =>
      (await db.collection('inventory').find({}).toArray()).map(
        (d) => [d._id.toHexString() as string, d.remaining_stock as number] as const,
      ),
    )
    const localStock = b.ctx.db.prepare('SELECT _id, remaining_stock FROM inventory').all() as {
      _id: string
      remaining_stock: number
    }[]
    expect(new Map(stock)).toEqual(new Map(localStock.map((r) => [r._id, r.remaining_stock])))
    await engine.stop()
    await central(async (db) => (db as unknown as { dropDatabase(): Promise<unknown> }).dropDatabase?.())
  }, 60_000)
})
