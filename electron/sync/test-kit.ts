// Shared by the sync tests (not a test itself): a real backend on a temp
// SQLite file, a target (MongoDB when MONGODB_URI is set, else the stand-in),
// central seeded from the local catalogue, and an engine wired to both.
import { announceTarget, openTestTarget, type TestTarget } from '../../tests/support/mongo-standin-target'
import { newRequestId, testBackend, type TestBackend } from '../../tests/support/backend'
import { objectIdHex } from '../core/deps'
import { centralFromLocal } from './catalog-export'
import { SyncEngine, type SyncEngineOptions } from './engine'
import { provisionCentral } from './provision'

export interface Kit {
  b: TestBackend
  t: TestTarget
  session: string
  logs: string[]
  engine(extra?: Partial<SyncEngineOptions>): SyncEngine
  sell(code: string, quantity: number): Promise<void>
  /** Closes the backend and opens a new one on the same SQLite file: a terminal restart. */
  restart(): Promise<void>
  localStock(): Map<string, number>
  centralStock(): Promise<Map<string, number>>
  close(): Promise<void>
}

/** Central's catalogue as provisioning plus an office would leave it: this store, its users, the games and stock. */
export async function seedCentral(b: Pick<TestBackend, 'ctx'>, db: TestTarget['db']) {
  await provisionCentral(db, { dbName: 'lottery_test', storeIds: [b.ctx.store._id] })
  for (const table of ['stores', 'users', 'lotteries', 'inventory']) {
    const rows = b.ctx.db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]
    if (rows.length) await db.collection(table).insertMany(rows.map(centralFromLocal), { ordered: false })
  }
}

/** A sync engine for a test backend and target, as the app wires one (fixed jitter, no waiting between tries). */
export function syncEngineFor(
  b: TestBackend,
  t: TestTarget,
  extra: Partial<SyncEngineOptions> = {},
  log: SyncEngineOptions['log'] = () => {},
): SyncEngine {
  return new SyncEngine({
    db: b.ctx.db,
    clock: b.clock,
    log,
    connect: t.faulty.connect(),
    storeId: b.ctx.store._id,
    streamId: b.ctx.device._id,
    deviceId: b.ctx.device.device_id,
    random: () => 0.5,
    sleep: async () => {},
    ...extra,
  })
}

export async function openKit(suite: string, opts: { seed?: boolean } = {}): Promise<Kit> {
  const t = await openTestTarget()
  announceTarget(suite, t)
  let b = testBackend()
  const dataDir = b.dataDir
  let session = await b.login('carlos')
  if (opts.seed !== false) await seedCentral(b, t.db)
  const logs: string[] = []
  const kit: Kit = {
    get b() {
      return b
    },
    t,
    get session() {
      return session
    },
    logs,
    engine: (extra = {}) => syncEngineFor(b, t, extra, (msg, detail) => logs.push(`${msg} ${detail ?? ''}`)),
    async sell(code, quantity) {
      await b.call(session, 'sale-create', {
        requestId: newRequestId(),
        paymentMethod: 'cash',
        confirmed: true,
        ageConfirmed: true,
        lines: [{ lotteryId: b.gameId(code), quantity }],
      })
    },
    async restart() {
      // A restart does not turn the clock back: the new backend's frozen clock starts where the old one stood.
      const now = b.clock().toISOString()
      await b.close()
      b = testBackend({ dataDir, newId: objectIdHex, start: now })
      session = await b.login('carlos')
    },
    localStock() {
      const rows = b.ctx.db.prepare('SELECT _id, remaining_stock FROM inventory').all() as {
        _id: string
        remaining_stock: number
      }[]
      return new Map(rows.map((r) => [r._id, r.remaining_stock]))
    },
    async centralStock() {
      const docs = await t.all('inventory')
      return new Map(docs.map((d) => [d._id.toHexString() as string, d.remaining_stock as number]))
    },
    async close() {
      await b.cleanup()
      await t.close()
    },
  }
  return kit
}

/** The steps of the sync property tests that are about the link, not the data: a round, a fault, offline, a restart. */
export type LinkStep =
  | { kind: 'sync' }
  | { kind: 'fault'; afterWrites: number; when: 'before' | 'after' | 'partial' }
  | { kind: 'offline' }
  | { kind: 'restart' }

/** Plays one link step; after a restart the caller logs its user in again. */
export async function playLinkStep(k: Kit, s: LinkStep, batchSize: number): Promise<void> {
  switch (s.kind) {
    case 'sync':
      await k.engine({ batchSize }).syncNow()
      break
    case 'fault':
      k.t.faulty.injectFault(s.afterWrites, s.when)
      await k.engine({ batchSize }).syncNow()
      break
    case 'offline':
      k.t.faulty.offline = true
      await k.engine().syncNow()
      k.t.faulty.offline = false
      break
    case 'restart':
      await k.restart()
  }
}

/** After the random steps: no fault left armed, and the link up, for the clean rounds that check the result. */
export function linkUp(k: Kit): void {
  k.t.faulty.clearFaults()
  k.t.faulty.offline = false
}
