import Database from 'better-sqlite3'
import { ObjectId } from 'bson'
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pruneOutbox } from '../../electron/maintenance/prune'
import { createSale } from '../../electron/sale/service'
import { autoVacuum } from '../../electron/store/compact'
import { openStore } from '../../electron/store/open'
import { testBackend, type TestBackend } from '../support/backend'
import { fillTickets } from '../support/history'
import { fmt, stats, verdict, type Stats } from './stats'

const TICKETS_PER_SALE = 5
/** Seen on a generated year (issue 13): 2 GB for 1.2 million tickets, about 1.7 kB a ticket. */
const BYTES_PER_TICKET = 1_700
const MB = 1024 * 1024

const size = (file: string) => fs.statSync(file).size
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB (${(bytes / MB).toFixed(0)} MiB)`
const count = (b: TestBackend, table: string) =>
  (b.ctx.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
/** Everything in the write-ahead log back into the file, and the log emptied: the file's own size. */
const settle = (b: TestBackend) => b.ctx.db.pragma('wal_checkpoint(TRUNCATE)')

/** The tickets the disk here can hold for this run (the file, a backup, a VACUUM's copy and its log), never more than asked. */
function scaleFor(wanted: number, dir: string): { tickets: number; note: string } {
  const s = fs.statfsSync(dir)
  const free = s.bavail * s.bsize
  const need = (n: number) => 6 * n * BYTES_PER_TICKET + 2 * 1024 * MB
  if (need(wanted) <= free) return { tickets: wanted, note: `${mb(free)} free in ${dir}` }
  const tickets = Math.max(10_000, Math.floor((free - 2 * 1024 * MB) / (6 * BYTES_PER_TICKET) / 10_000) * 10_000)
  return { tickets, note: `SCALED DOWN: ${mb(free)} free in ${dir}, ${mb(need(wanted))} needed for ${wanted}` }
}

/** One real sale's outbox payloads and audit text: the generated year's rows carry the same bytes. */
export async function realSale(b: TestBackend) {
  const s = await b.login('carlos')
  const userId = b.dispatcher.sessions.get(s)!.userId
  const lotteryId = b.gameId('PICK3')
  const sell = () =>
    createSale(b.ctx, userId, {
      requestId: randomUUID(),
      paymentMethod: 'cash',
      confirmed: false,
      ageConfirmed: false,
      lines: [{ lotteryId, quantity: TICKETS_PER_SALE }],
    })
  sell()
  const sample = (collection: string) =>
    (
      b.ctx.db.prepare('SELECT payload FROM outbox WHERE collection = ? ORDER BY seq DESC LIMIT 1').get(collection) as {
        payload: string
      }
    ).payload
  const audit = b.ctx.db.prepare("SELECT description FROM audit_logs WHERE action = 'sale.create' LIMIT 1").get() as {
    description: string
  }
  return {
    sell,
    payloads: {
      tickets: sample('tickets'),
      sales: sample('sales'),
      movements: sample('inventory_movements'),
      audit: sample('audit_logs'),
    },
    description: audit.description,
  }
}

/**
 * A year of a busy counter in bulk SQL: tickets and sales by tests/support/history.ts (five tickets a sale, a
 * closed shift a day), then for each sale, in time order, its stock movement, its audit entry and its eight
 * outbox rows (five tickets, the sale, the movement, the audit entry) with a real sale's payloads, each
 * acknowledged by central a minute after the sale, as a terminal that synced all year has them.
 */
export function fillYear(b: TestBackend, tickets: number, sample: Awaited<ReturnType<typeof realSale>>) {
  fillTickets(b, tickets)
  const db = b.ctx.db
  const sales = Math.ceil(tickets / TICKETS_PER_SALE)
  const shifts = Math.min(365, sales)
  const game = b.gameId('LOTTO')
  const inv = (db.prepare('SELECT _id FROM inventory WHERE lottery_id = ?').get(game) as { _id: string })._id
  const user = (db.prepare("SELECT _id FROM users WHERE username = 'carlos'").get() as { _id: string })._id
  const device = JSON.stringify({ device_id: b.ctx.device.device_id, pos_version: b.ctx.device.pos_version })
  const auditBase = (db.prepare('SELECT COALESCE(MAX(seq), 0) AS n FROM audit_logs').get() as { n: number }).n
  // The day's sales: i = k, k + shifts, ... (history.ts), one minute apart, so i in order is time in order.
  const day = `WITH RECURSIVE c(i) AS (SELECT @k UNION ALL SELECT i + ${shifts} FROM c WHERE i + ${shifts} <= ${sales})`
  const movement = db.prepare(
    `INSERT INTO inventory_movements (_id, inventory_id, store_id, lottery_id, quantity_delta, reason, ref_type, ref_id, created_at)
     ${day} SELECT printf('b%023x', i), @inv, s.store_id, s.lottery_id, -${TICKETS_PER_SALE}, 'sale', 'sale', s._id, s.sale_time
     FROM c JOIN sales s ON s._id = printf('f%023x', i) ORDER BY i`,
  )
  const audit = db.prepare(
    `INSERT INTO audit_logs (_id, seq, user_id, action, entity_type, entity_id, description, ip_address, device_info, timestamp,
       prev_hash, hash, alg)
     ${day} SELECT printf('a%023x', i), @base + @n + ROW_NUMBER() OVER (ORDER BY i), @user, 'sale.create', 'sale', s._id, @description,
       NULL, @device, s.sale_time, lower(hex(randomblob(32))), lower(hex(randomblob(32))), 'hmac-sha256'
     FROM c JOIN sales s ON s._id = printf('f%023x', i) ORDER BY i`,
  )
  const outbox = db.prepare(
    `INSERT INTO outbox (collection, doc_id, op, payload, created_at, status, attempts, acked_at)
     ${day}, k(j) AS (VALUES (0), (1), (2), (3), (4), (5), (6), (7))
     SELECT CASE WHEN j < 5 THEN 'tickets' WHEN j = 5 THEN 'sales' WHEN j = 6 THEN 'inventory_movements' ELSE 'audit_logs' END,
       CASE WHEN j < 5 THEN printf('e%023x', 5 * i - 4 + j) WHEN j = 5 THEN printf('f%023x', i) WHEN j = 6 THEN printf('b%023x', i)
         ELSE printf('a%023x', i) END,
       'insert',
       CASE WHEN j < 5 THEN @pt WHEN j = 5 THEN @ps WHEN j = 6 THEN @pm ELSE @pa END,
       s.sale_time, 'acked', 1, strftime('%Y-%m-%dT%H:%M:%fZ', s.sale_time, '+1 minute')
     FROM c JOIN k JOIN sales s ON s._id = printf('f%023x', i) ORDER BY i, j`,
  )
  let n = 0
  const month = db.transaction((from: number, to: number) => {
    for (let k = from; k <= to; k++) {
      movement.run({ k, inv })
      n += audit.run({ k, base: auditBase, n, user, description: sample.description, device }).changes
      outbox.run({
        k,
        pt: sample.payloads.tickets,
        ps: sample.payloads.sales,
        pm: sample.payloads.movements,
        pa: sample.payloads.audit,
      })
    }
  })
  for (let k = 1; k <= shifts; k += 30) month(k, Math.min(shifts, k + 29))
}

/** The sale commit (createSale, 5 tickets), on two backends in alternating blocks of 50, the first moving on. */
function saleCommits(a: () => unknown, b: () => unknown, n: number): [Stats, Stats] {
  const time = (fn: () => unknown) => {
    const t = process.hrtime.bigint()
    fn()
    return process.hrtime.bigint() - t
  }
  for (let i = 0; i < 100; i++) {
    a()
    b()
  }
  const cases = [
    { run: a, samples: [] as bigint[] },
    { run: b, samples: [] as bigint[] },
  ]
  for (let block = 0; block < n / 50; block++)
    for (let k = 0; k < 2; k++) {
      const c = cases[(block + k) % 2]
      for (let i = 0; i < 50; i++) c.samples.push(time(c.run))
    }
  return [stats(cases[0].samples), stats(cases[1].samples)]
}

/** A backend opened on a data folder the way tests (and the app host) open it: createBackend, all of it. */
function timedOpen(dataDir: string): { b: TestBackend; ms: number } {
  const t = performance.now()
  // Fresh ids: the seeded ones a test backend starts from were used by the first opening.
  // Today's date: the year's sales end days before it, and a sale at the real clock never finds the clock set back.
  const b = testBackend({
    dataDir,
    startSync: false,
    newId: () => new ObjectId().toHexString(),
    start: new Date().toISOString(),
  })
  return { b, ms: performance.now() - t }
}

/**
 * Before each timed phase: what this benchmark itself wrote, copied and deleted (gigabytes) on the disk and in the
 * file system's journal, so an fsync measured next does not wait for the benchmark's own earlier work.
 */
function flushDisk() {
  execFileSync('sync')
}

/** How long one write transaction of pruning or compaction held the writer, as the service ran them. */
async function timedPrune(b: TestBackend) {
  flushDisk()
  const steps = { prune: [] as number[], vacuum: [] as number[] }
  const cpu = { prune: [] as number[], vacuum: [] as number[] }
  const t = performance.now()
  const r = await pruneOutbox(b.ctx.db, b.ctx.clock, {
    onStep: (s) => {
      steps[s.kind].push(s.ms)
      cpu[s.kind].push(s.cpuMs)
    },
  })
  const seconds = (performance.now() - t) / 1000
  settle(b)
  return { r, steps, cpu, seconds, size: size(b.dbFile) }
}

const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]
const spread = (xs: number[]) =>
  `p50 ${q(xs, 0.5).toFixed(2)} ms, p99 ${q(xs, 0.99).toFixed(2)} ms, max ${Math.max(...xs).toFixed(2)} ms, ${xs.filter((x) => x > 20).length} over 20 ms (n=${xs.length})`
const n = (x: number) => x.toLocaleString('en')
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')

/**
 * Bounded data (issue 13): a year of data, 1,000,000 tickets with their sales, audit entries, stock movements
 * and outbox rows, all acknowledged. Measured: the file before and after pruning and compaction (target < 800 MB), the backend's
 * start on the big file (target < 1 s), the sale commit p99 on it against an empty database in the same run
 * (target within 20%), and the longest single write transaction of pruning and compaction (target <= 50 ms).
 *
 * Two lives of that file: a terminal that kept it under an earlier version (auto_vacuum NONE, schema 15) and
 * starts this one (its backup before migrating, the new index, the one VACUUM that converts it, then the first
 * prune); and, on a copy taken before that, a file made by this version (incremental from its first page) that
 * is pruned without ever being rewritten. MB are 10^6 bytes.
 */
export async function benchYearOfData(wanted = Number(process.env.YEAR_TICKETS ?? 1_000_000), iterations = 4000) {
  const scale = scaleFor(wanted, os.tmpdir())
  const lines: string[] = [
    `scale: ${n(scale.tickets)} tickets (${scale.note}); ${os.cpus().length} cores, load ${load()} at start`,
  ]
  const empty = testBackend({ startSync: false })
  const big = testBackend({ startSync: false, shift: false })
  for (const b of [empty, big])
    b.ctx.db.exec('UPDATE inventory SET total_stock = 1000000000, remaining_stock = 1000000000')
  const sample = await realSale(empty)
  const { dataDir, dbFile } = big

  let t = performance.now()
  fillYear(big, scale.tickets, sample)
  settle(big)
  const generatedS = (performance.now() - t) / 1000
  const rows = ['tickets', 'sales', 'audit_logs', 'inventory_movements', 'outbox'].map(
    (x) => `${n(count(big, x))} ${x}`,
  )
  const sizeYear = size(dbFile)
  lines.push(
    `generated in ${generatedS.toFixed(0)} s: ${rows.join(', ')} (every outbox row acknowledged a minute after its sale); file ${mb(sizeYear)}`,
  )
  await big.close()
  const bornDir = `${dataDir}-born`
  fs.cpSync(dataDir, bornDir, { recursive: true })
  // On the disk before anything is timed: 2 GB still being written back would stall every fsync measured below.
  const fd = fs.openSync(path.join(bornDir, 'pos.sqlite'), 'r+')
  fs.fsyncSync(fd)
  fs.closeSync(fd)

  // The file as a terminal before this version kept it: schema 15 (no index of acknowledged rows), auto_vacuum NONE.
  {
    const raw = new Database(dbFile)
    raw.exec(
      'DROP INDEX outbox_acked; DELETE FROM schema_migrations WHERE version = 16; PRAGMA auto_vacuum = NONE; VACUUM',
    )
    raw.pragma('wal_checkpoint(TRUNCATE)')
    t = performance.now()
    raw.pragma('quick_check(20)')
    const checkMs = performance.now() - t
    raw.close()
    t = performance.now()
    const upgraded = openStore(dbFile, { hasIdentity: true, unclean: false, now: big.clock(), dataDir })
    const upgradeMs = performance.now() - t
    const c = upgraded.compaction
    upgraded.db.close()
    lines.push(
      `first start of this version on it (${mb(sizeYear)}, mode NONE, schema 15): ${(upgradeMs / 1000).toFixed(1)} s in all: the start's quick_check ${(checkMs / 1000).toFixed(1)} s, the conversion VACUUM ${c.converted ? `${(c.ms / 1000).toFixed(1)} s` : `did not run (${c.reason})`}, the backup before migrating (${mb(upgraded.backup?.size ?? 0)}) and migration 16 the rest; file now ${mb(size(dbFile))}, mode ${autoVacuumOf(dbFile)}`,
    )
    for (const f of fs.readdirSync(path.join(dataDir, 'backups'))) fs.rmSync(path.join(dataDir, 'backups', f))
  }

  // An ordinary start on the year's file before its first prune.
  const ready = async (label: string) => {
    flushDisk()
    const starts: number[] = []
    for (let i = 0; i < 2; i++) {
      const o = timedOpen(dataDir)
      starts.push(o.ms)
      if (i === 1)
        return {
          b: o.b,
          line: `backend ready on ${label} (${mb(size(dbFile))}): ${starts.map((s) => `${s.toFixed(0)} ms`).join(', ')} (target < 1 s: ${verdict(Math.min(...starts) < 1000)})`,
        }
      await o.b.close()
    }
    throw new Error('unreachable')
  }
  let opened = await ready("the year's file, before its first prune")
  lines.push(opened.line)

  // Pruning and compaction as the service runs them: 30 days' retention at the day the backend opened.
  const upgrade = await timedPrune(opened.b)
  const longest = Math.max(...upgrade.steps.prune, ...upgrade.steps.vacuum)
  lines.push(
    `pruned ${n(upgrade.r.deleted)} acknowledged rows older than ${upgrade.r.days} days (before ${upgrade.r.cutoff}) in ${n(upgrade.r.batches.length)} transactions and gave back ${n(upgrade.r.vacuumSteps.reduce((s, x) => s + x, 0))} pages in ${n(upgrade.r.vacuumSteps.length)} incremental_vacuum steps: ${upgrade.seconds.toFixed(0)} s in all; ${n(count(opened.b, 'outbox'))} outbox rows left`,
    `write transaction of a prune batch (500 rows), wall: ${spread(upgrade.steps.prune)}; CPU: ${spread(upgrade.cpu.prune)}`,
    `write transaction of an incremental_vacuum step (256 pages), wall: ${spread(upgrade.steps.vacuum)}; CPU: ${spread(upgrade.cpu.vacuum)}`,
    `longest single write-lock hold: ${longest.toFixed(2)} ms (target <= 50 ms: ${verdict(longest <= 50)})`,
    `file ${mb(sizeYear)} -> ${mb(upgrade.size)} after pruning and compaction (target < 800 MB: ${verdict(upgrade.size < 800e6)}); ${n(count(opened.b, 'tickets'))} tickets, ${n(count(opened.b, 'sales'))} sales, ${n(count(opened.b, 'audit_logs'))} audit entries, all kept`,
  )
  await opened.b.close()

  opened = await ready('the pruned file')
  lines.push(opened.line)
  {
    // What the start's check costs: quick_check as openStore runs it (a writable connection, so CHECK
    // constraints are evaluated row by row), and on a read-only connection, where SQLite checks the structure only.
    const timedCheck = (readonly: boolean) => {
      const raw = new Database(dbFile, { readonly })
      const started = performance.now()
      raw.pragma('quick_check(20)')
      const ms = performance.now() - started
      raw.close()
      return ms
    }
    lines.push(
      `of which the start's quick_check of the whole file: ${timedCheck(false).toFixed(0)} ms (structure only, on a read-only connection: ${timedCheck(true).toFixed(0)} ms)`,
    )
  }
  const year = opened.b
  const yearSale = (await realSale(year)).sell
  empty.ctx.clock = () => new Date()
  year.ctx.clock = () => new Date()
  flushDisk()
  const [se, sy] = saleCommits(sample.sell, yearSale, iterations)
  lines.push(
    `sale commit, empty database: ${fmt(se)}`,
    `sale commit, the pruned year: ${fmt(sy)}`,
    `p99 ${(sy.p99 / se.p99).toFixed(2)}x the empty database's (target <= 1.2x: ${verdict(sy.p99 <= se.p99 * 1.2)}); p50 ${(sy.p50 / se.p50).toFixed(2)}x; the longest sale commit ${se.max.toFixed(1)} ms empty, ${sy.max.toFixed(1)} ms on the year`,
  )
  // Closed, not deleted yet: unlinking 2 GB stalls the disk's journal under the next measurement.
  await year.close()

  // The copy: a file this version made, a year in it before its first prune, never rewritten by a VACUUM.
  const born = testBackend({
    dataDir: bornDir,
    startSync: false,
    newId: () => new ObjectId().toHexString(),
    start: new Date().toISOString(),
  })
  const fresh = await timedPrune(born)
  const bornLongest = Math.max(...fresh.steps.prune, ...fresh.steps.vacuum)
  lines.push(
    `a file made by this version (incremental from the start, never VACUUMed): ${mb(sizeYear)} -> ${mb(fresh.size)} (target < 800 MB: ${verdict(fresh.size < 800e6)}); ${n(fresh.r.deleted)} rows pruned in ${fresh.seconds.toFixed(0)} s; longest write transaction ${bornLongest.toFixed(2)} ms (target <= 50 ms: ${verdict(bornLongest <= 50)})`,
    `its prune batches, wall: ${spread(fresh.steps.prune)}; CPU: ${spread(fresh.cpu.prune)}`,
    `its incremental_vacuum steps, wall: ${spread(fresh.steps.vacuum)}; CPU: ${spread(fresh.cpu.vacuum)}`,
    `load at the end ${load()}`,
  )
  await born.cleanup()
  await empty.cleanup()
  fs.rmSync(dataDir, { recursive: true, force: true })
  return { name: `a year of data (${n(scale.tickets)} tickets): pruning, compaction, start and sale`, lines }
}

function autoVacuumOf(file: string) {
  const db = new Database(file, { readonly: true })
  try {
    return autoVacuum(db)
  } finally {
    db.close()
  }
}
