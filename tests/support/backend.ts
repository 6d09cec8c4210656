import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import type { ArgsOf, HandlerName, ResultOf } from '../../shared/contract'
import { PosError } from '../../shared/errors'
import { createBackend, type Backend, type BackendOptions } from '../../electron/backend'
import { DEMO_USERS } from '../../electron/demo/seed'
import { openShift } from '../../electron/shift/service'

export function tempDir(prefix = 'pos-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

/**
 * A clock tests move by hand. `advance` is time passing (the monotonic clock moves with it); `set` is
 * someone setting the computer's clock (the monotonic clock does not move).
 */
export function frozenClock(start: string | Date) {
  let now = new Date(start).getTime()
  let mono = 0
  const clock = () => new Date(now)
  return Object.assign(clock, {
    set: (t: string | Date) => void (now = new Date(t).getTime()),
    advance: (ms: number) => {
      now += ms
      mono += ms
    },
    monotonic: () => mono,
  })
}

/**
 * A clock that runs at the real pace from a chosen moment: the end-to-end apps use it so what they show
 * never hangs on the hour the suite happens to run at (a draw's cutoff, midnight in the store).
 */
export function runningClock(start: string | Date): () => Date {
  const from = new Date(start).getTime()
  const t0 = performance.now()
  return () => new Date(from + Math.round(performance.now() - t0))
}

/** Ids that are valid ObjectId hex, in order: easy to read in a failing test. */
export function seededIds(prefix = '') {
  let n = 0
  return () => (prefix + (++n).toString(16)).padStart(24, '0')
}

/** Deterministic stand-in for crypto.randomInt (a small LCG): quick picks repeat run to run. */
export function seededRandomInt(seed = 42) {
  let s = seed >>> 0
  return (min: number, maxExclusive: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return min + (s % (maxExclusive - min))
  }
}

export interface TestBackend extends Backend {
  clock: ReturnType<typeof frozenClock>
  dataDir: string
  /** Calls a handler as a session and throws the PosError on failure. */
  call<K extends HandlerName>(session: string, name: K, args?: ArgsOf<K>): Promise<ResultOf<K>>
  login(username: (typeof DEMO_USERS)[number]['username'], session?: string): Promise<string>
  gameId(code: string): string
  cleanup(): Promise<void>
}

/**
 * A fresh backend on a real SQLite file in a temp dir, a frozen clock (a Saturday morning in New York), and seeded ids.
 * Carlos the cashier's shift is open (float 0), as at a counter in the middle of the day, unless `shift: false`:
 * selling, paying and cancelling need one; managers work in it too.
 */
export function testBackend(
  opts: Partial<BackendOptions> & {
    start?: string
    shift?: boolean
    /** Carlos's opening float, minor units. */ float?: number
  } = {},
): TestBackend {
  const dataDir = opts.dataDir ?? tempDir()
  const clock = frozenClock(opts.start ?? '2026-11-21T15:00:00Z')
  const b = createBackend({
    dataDir,
    configPath: null,
    clock,
    monotonic: clock.monotonic,
    newId: seededIds(),
    randomInt: seededRandomInt(),
    posVersion: '0.1.0-test',
    log: () => {},
    // Tests of selling and sync count records from zero; claim tests opt in to the demo draws.
    demoHistory: false,
    // Tests take backups when they mean to (backupIfDue), not on a timer.
    dailyBackups: false,
    // A test's terminal file still comes with the demo's users and games, to sell at once.
    demoData: true,
    ...opts,
  })
  if (opts.shift !== false) {
    const carlos = b.ctx.db.prepare("SELECT _id FROM users WHERE username = 'carlos'").get() as
      { _id: string } | undefined
    // Reopened on the same data folder, the terminal's shift is still the one it had.
    if (carlos && !b.ctx.db.prepare("SELECT 1 FROM shifts WHERE status <> 'closed'").get())
      openShift(b.ctx, carlos._id, { total: opts.float ?? 0 })
  }
  const t: TestBackend = Object.assign(b, {
    clock,
    dataDir,
    async call<K extends HandlerName>(session: string, name: K, args?: ArgsOf<K>) {
      const r = await b.dispatcher.dispatch(session, name, args ?? {})
      if (!r.ok) throw new PosError(r.error.code, r.error.message, r.error.details)
      return r.value as ResultOf<K>
    },
    async login(username: (typeof DEMO_USERS)[number]['username'], session = username) {
      const u = DEMO_USERS.find((x) => x.username === username)!
      const users = await t.call(session, 'auth-users')
      await t.call(session, 'auth-login', { userId: users.find((x) => x.username === username)!._id, pin: u.pin })
      return session
    },
    gameId(code: string) {
      return (b.ctx.db.prepare('SELECT _id FROM lotteries WHERE code = ?').get(code) as { _id: string })._id
    },
    async cleanup() {
      await b.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  })
  return t
}

export const newRequestId = () => randomUUID()

/** Rows in a table, for asserting that nothing (or exactly something) was written. */
export function counts(b: Backend) {
  const n = (table: string) => (b.ctx.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
  return {
    tickets: n('tickets'),
    sales: n('sales'),
    movements: n('inventory_movements'),
    outbox: n('outbox'),
    audit: n('audit_logs'),
  }
}

export async function expectPosError(p: Promise<unknown>, code: string): Promise<PosError> {
  try {
    await p
  } catch (err) {
    if (err instanceof PosError && err.code === code) return err
    throw new Error(`expected ${code}, got ${err instanceof PosError ? `${err.code}: ${err.message}` : String(err)}`, {
      cause: err,
    })
  }
  throw new Error(`expected ${code}, but it succeeded`)
}

/**
 * What a player hands over: the scan (ticket number and validation code) of a ticket, read from the
 * terminal's database, since validation codes reach only paper, never the UI.
 */
export function presented(b: Backend, ticketId: string): string {
  const row = b.ctx.db.prepare('SELECT ticket_number, validation_code FROM tickets WHERE _id = ?').get(ticketId) as
    { ticket_number: string; validation_code: string } | undefined
  if (!row) throw new Error(`no ticket ${ticketId}`)
  return row.ticket_number + row.validation_code
}
