import { randomBytes } from 'node:crypto'
import type { Document } from 'bson'
import { MongoClient, MongoNetworkError, MongoServerSelectionError } from 'mongodb'
import type { Connect, TargetCollection, TargetCursor, TargetDb } from '../../electron/sync/target'
import { StandinServer } from './mongo-standin'
import { StandinWireServer } from './mongo-standin-wire'

export type FaultWhen = 'before' | 'after' | 'partial'

/**
 * Wraps any target (the stand-in or a real MongoDB) to fail on demand: the
 * k-th write fails before it reaches central, after central applied it (the
 * lost acknowledgement), or after central applied the first half of a batch.
 */
export class FaultyTarget implements TargetDb {
  offline = false
  writes = 0
  private faults: { at: number; when: FaultWhen }[] = []

  constructor(readonly inner: TargetDb) {}

  injectFault(afterWrites: number, when: FaultWhen) {
    this.faults.push({ at: this.writes + afterWrites, when })
  }
  clearFaults() {
    this.faults = []
  }

  private check() {
    if (this.offline)
      throw new MongoServerSelectionError('connect ECONNREFUSED 127.0.0.1:27017', { servers: new Map() } as never)
  }
  private nextFault(): FaultWhen | null {
    this.check()
    const n = this.writes++
    const i = this.faults.findIndex((f) => f.at === n)
    return i < 0 ? null : this.faults.splice(i, 1)[0].when
  }
  private lost = () => new MongoNetworkError('connection 4 to 127.0.0.1:27017 closed')

  collection(name: string): TargetCollection {
    const c = this.inner.collection(name)
    return {
      insertMany: async (docs, options) => {
        const fault = this.nextFault()
        if (fault === 'before') throw this.lost()
        if (fault === 'partial') {
          await c.insertMany(docs.slice(0, Math.ceil(docs.length / 2)), options).catch(() => {})
          throw this.lost()
        }
        const r = await c.insertMany(docs, options)
        if (fault === 'after') throw this.lost()
        return r
      },
      updateOne: async (filter, update) => {
        const fault = this.nextFault()
        if (fault === 'before') throw this.lost()
        const r = await c.updateOne(filter, update)
        if (fault) throw this.lost()
        return r
      },
      findOne: async (filter) => {
        this.check()
        return c.findOne(filter)
      },
      find: (filter) => {
        this.check()
        return c.find(filter) as TargetCursor
      },
      createIndex: (spec, options) => c.createIndex(spec, options),
    }
  }

  /** A Connect for the engine that fails like the driver while offline. */
  connect(): Connect {
    return async () => {
      this.check()
      return { db: this, close: async () => {} }
    }
  }
}

export interface TestTarget {
  /** Printed by each suite, so a stand-in run is never mistaken for a MongoDB run. */
  label: string
  real: boolean
  db: TargetDb
  faulty: FaultyTarget
  all(collection: string): Promise<Document[]>
  close(): Promise<void>
}

/**
 * MONGODB_URI set: a fresh database on that server, dropped afterwards.
 * SYNC_TARGET=wire: the stand-in behind its wire protocol, through the real driver and a real socket.
 * Otherwise: the in-memory stand-in, called directly.
 */
export async function openTestTarget(): Promise<TestTarget> {
  const uri = process.env.MONGODB_URI
  if (!uri && process.env.SYNC_TARGET === 'wire') return openWireTarget()
  if (!uri) {
    const db = new StandinServer('lottery_test')
    return {
      label: 'in-memory stand-in (not MongoDB)',
      real: false,
      db,
      faulty: new FaultyTarget(db),
      all: async (c) => db.collection(c).all(),
      close: async () => {},
    }
  }
  return openDriverTarget(uri, `MongoDB at ${new URL(uri.replace(/^mongodb(\+srv)?:/, 'http:')).host}`, true)
}

export async function openWireTarget(): Promise<TestTarget> {
  const server = new StandinWireServer()
  await server.listen()
  const t = await openDriverTarget(
    server.uri,
    'in-memory stand-in over its wire protocol, via the real mongodb driver (not MongoDB)',
    false,
  )
  return { ...t, close: async () => (await t.close(), await server.close()) }
}

export async function openDriverTarget(uri: string, label: string, real: boolean): Promise<TestTarget> {
  const client = await new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 }).connect()
  const name = `pos_sync_test_${randomBytes(4).toString('hex')}`
  const db = client.db(name)
  return {
    label,
    real,
    db: db as unknown as TargetDb,
    faulty: new FaultyTarget(db as unknown as TargetDb),
    all: (c) => db.collection(c).find({}).toArray(),
    close: async () => {
      await db.dropDatabase()
      await client.close()
    },
  }
}

let announced = new Set<string>()
/** Once per suite: which target ran. */
export function announceTarget(suite: string, t: TestTarget) {
  if (announced.has(suite)) return
  announced = new Set([...announced, suite])
  console.log(`sync tests target (${suite}): ${t.label}`)
}

/** The wire stand-in in a child process: a target on another core, reached through the real driver. */
export async function spawnWireStandin(): Promise<{ uri: string; stop(): Promise<void> }> {
  const { spawn } = await import('node:child_process')
  const { fileURLToPath } = await import('node:url')
  const file = fileURLToPath(new URL('./mongo-standin-server.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: ['pipe', 'pipe', 'inherit'] })
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /PORT (\d+)/.exec(out)
      if (m) resolve(Number(m[1]))
    })
    child.on('exit', (code) => reject(new Error(`stand-in server exited with ${code}`)))
  })
  return {
    uri: `mongodb://127.0.0.1:${port}/?directConnection=true`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.on('exit', () => resolve())
        child.stdin!.end()
        setTimeout(() => child.kill(), 2_000).unref()
      }),
  }
}
