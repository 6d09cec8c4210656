import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { verifyChain } from '../audit/chain'
import { enqueue } from '../outbox/repo'
import { getSetting } from '../settings/repo'
import { autoVacuum, fileFigures } from '../store/compact'
import { inTransaction } from '../store/db'
import { ackRows, deadLetter, pendingBatch, recordConflict } from '../sync/repo'
import { expectPosError, newRequestId, testBackend, type TestBackend } from '../../tests/support/backend'
import { fillOutbox } from '../../tests/support/history'
import { pruneService } from './module'
import { pruneOutbox, retentionCutoff } from './prune'

const DAY = 86_400_000
let b: TestBackend
afterEach(() => b?.cleanup())

const db = () => b.ctx.db
const now = () => b.clock().toISOString()
const seqs = (where = '1') =>
  (db().prepare(`SELECT seq FROM outbox WHERE ${where} ORDER BY seq`).all() as { seq: number }[]).map((r) => r.seq)
const count = (table: string) => (db().prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n

/** Queues one record now and returns its seq. */
function queue(docId: string): number {
  inTransaction(db(), () => enqueue(db(), 'tickets', docId, 'insert', { _id: docId }, now()))
  return (db().prepare('SELECT MAX(seq) AS s FROM outbox').get() as { s: number }).s
}
/** Central acknowledges these rows now, through the sync engine's own statement. */
function ack(...want: number[]) {
  const batch = pendingBatch(db(), 0, 10_000).filter((r) => want.includes(r.seq))
  inTransaction(db(), () => ackRows(db(), batch, new Set(want), now()))
}
const row = (seq: number) => pendingBatch(db(), seq - 1, 1)[0]

/** Every row of a table, hashed: "untouched" means not one byte changed. */
function digest(table: string, order: string): string {
  const rows = db().prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all()
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex')
}

describe('the retention rule', () => {
  it('cuts at whole days before now', () => {
    expect(retentionCutoff(new Date('2026-11-21T15:00:00Z'), 30)).toBe('2026-10-22T15:00:00.000Z')
    expect(retentionCutoff(new Date('2026-03-01T00:00:00Z'), 1)).toBe('2026-02-28T00:00:00.000Z')
  })

  it('prunes only acknowledged rows older than the setting: never pending, dead, conflicted, recent or the newest', async () => {
    b = testBackend()
    // The shift testBackend opened is queued for central too: pending, never pruned.
    const shift = seqs()
    const oldAck = queue('a1')
    const conflicted = queue('c1')
    const dead = queue('d1')
    const pending = queue('p1')
    ack(oldAck)
    recordConflict(db(), row(conflicted), { _id: 'c1', other: true }, 'central differs', now())
    deadLetter(db(), row(dead), 121, 'document failed validation', now())
    b.clock.advance(2 * DAY)
    const recentAck = queue('a2')
    ack(recentAck)
    const newest = queue('a3')
    ack(newest)

    // Day 31 after the first acknowledgement: 30 days of retention keep everything acknowledged since day 1.
    b.clock.advance(29 * DAY)
    const r = await pruneOutbox(db(), b.clock)
    expect(r.days).toBe(30)
    expect(r.deleted).toBe(1)
    expect(seqs()).toEqual([...shift, conflicted, dead, pending, recentAck, newest])

    // Exactly at the cutoff is not older than it.
    b.clock.set(new Date(Date.parse(getAckedAt(recentAck)) + 30 * DAY))
    expect((await pruneOutbox(db(), b.clock)).deleted).toBe(0)
    b.clock.advance(1)
    expect((await pruneOutbox(db(), b.clock)).deleted).toBe(1)
    expect(seqs()).toEqual([...shift, conflicted, dead, pending, newest])

    // A year later: what central never acknowledged is still there, and so is the newest row.
    b.clock.advance(365 * DAY)
    expect((await pruneOutbox(db(), b.clock)).deleted).toBe(0)
    expect(seqs()).toEqual([...shift, conflicted, dead, pending, newest])
    expect(seqs("status = 'pending'")).toEqual([...shift, conflicted, pending])
    expect(seqs("status = 'dead'")).toEqual([dead])
    expect(count('sync_conflicts')).toBe(1)
    expect(count('sync_dead_letters')).toBe(1)
    // The status bar's trigger-kept figures still agree with the rows.
    const figures = db().prepare('SELECT outbox_pending, outbox_dead FROM status_counts').get()
    expect(figures).toEqual({ outbox_pending: shift.length + 2, outbox_dead: 1 })
  })

  it('follows the store setting, set through settings-set', async () => {
    b = testBackend()
    const m = await b.login('maria')
    const first = queue('a1')
    ack(first)
    queue('a2')
    b.clock.advance(3 * DAY)
    expect((await pruneOutbox(db(), b.clock)).deleted).toBe(0)
    await b.call(m, 'settings-set', { outbox_retention_days: 2 })
    expect((await b.call(m, 'app-info')).outbox_retention_days).toBe(2)
    const r = await pruneOutbox(db(), b.clock)
    expect(r).toMatchObject({ days: 2, deleted: 1 })
    expect(seqs()).not.toContain(first)
  })

  it('refuses a retention outside 1 to 365 whole days with a clear message, and writes nothing', async () => {
    b = testBackend()
    const m = await b.login('maria')
    expect((await b.call(m, 'app-info')).outbox_retention_days).toBe(30)
    const audit = count('audit_logs')
    const settings = digest('settings', 'key')
    const cases: [unknown, RegExp][] = [
      [0, /^Outbox retention days: keep records central has for at least 1 day/],
      [366, /^Outbox retention days: keep records central has for at most 365 days/],
      [1.5, /^Outbox retention days: whole days/],
      ['30', /^Outbox retention days: /],
    ]
    for (const [value, message] of cases) {
      const err = await expectPosError(
        b.call(m, 'settings-set', { outbox_retention_days: value as number }),
        'VALIDATION',
      )
      expect(err.message).toMatch(message)
    }
    expect(count('audit_logs')).toBe(audit)
    expect(digest('settings', 'key')).toBe(settings)
    expect(getSetting(db(), 'outbox_retention_days')).toBe(30)
    // The bounds themselves are allowed.
    await b.call(m, 'settings-set', { outbox_retention_days: 1 })
    await b.call(m, 'settings-set', { outbox_retention_days: 365 })
    expect((await b.call(m, 'app-info')).outbox_retention_days).toBe(365)
  })
})

function getAckedAt(seq: number): string {
  return (db().prepare('SELECT acked_at FROM outbox WHERE seq = ?').get(seq) as { acked_at: string }).acked_at
}

describe('pruning a terminal that synced for a while', () => {
  const sell = (s: string) =>
    b.call(s, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod: 'cash',
      lines: [{ lotteryId: b.gameId('PICK3'), quantity: 5 }],
    })

  it('prunes thousands of acknowledged rows in short transactions and touches nothing else', async () => {
    b = testBackend()
    expect(autoVacuum(db())).toBe('incremental')
    const s = await b.login('carlos')
    // Real sales, all acknowledged by central, then 4,000 more acknowledged records (acked 2026-11-01).
    for (let i = 0; i < 20; i++) await sell(s)
    // Their tickets printed (or failed to: no printer here) before anything is compared.
    await b.printer.idle()
    ack(...pendingBatch(db(), 0, 10_000).map((r) => r.seq))
    fillOutbox(b, 4_000, 'acked')
    // What central has not acknowledged: a pending row, a dead letter and a conflict.
    const pending = queue('p1')
    const dead = queue('d1')
    const conflicted = queue('c1')
    deadLetter(db(), row(dead), 121, 'document failed validation', now())
    recordConflict(db(), row(conflicted), null, 'gone on central', now())
    const acked = count("outbox WHERE status = 'acked'")
    expect(acked).toBeGreaterThan(4_000)
    const kept = () =>
      [
        digest('tickets', '_id'),
        digest('sales', '_id'),
        digest('sale_tenders', 'transaction_id'),
        digest('audit_logs', 'seq'),
        digest('shifts', '_id'),
        digest('inventory', '_id'),
        digest('inventory_movements', '_id'),
        digest('sync_conflicts', 'seq'),
        digest('sync_dead_letters', 'seq'),
        digest("outbox WHERE status <> 'acked'", 'seq'),
      ].join()
    const untouched = kept()
    db().pragma('wal_checkpoint(TRUNCATE)')
    const before = fileFigures(db())

    b.clock.advance(40 * DAY)
    // Observed from outside each transaction: the rows gone between two pauses are one transaction's, and
    // the freelist right after a batch (its pages freed) against right after the vacuum step that follows it.
    const perTransaction: number[] = []
    const freelist: { afterPrune: number; afterVacuum: number }[] = []
    let last = count('outbox')
    const r = await pruneOutbox(db(), b.clock, {
      pause: async () => {
        const n = count('outbox')
        if (n < last) perTransaction.push(last - n)
        last = n
      },
      onStep: ({ kind }) => {
        const free = fileFigures(db()).free
        if (kind === 'prune') freelist.push({ afterPrune: free, afterVacuum: -1 })
        else if (freelist.length) freelist[freelist.length - 1].afterVacuum = free
      },
    })

    expect(r.deleted).toBe(acked)
    expect(Math.max(...r.batches)).toBe(500)
    expect(r.batches.length).toBe(Math.ceil(acked / 500))
    expect(r.batches.reduce((x, y) => x + y, 0)).toBe(acked)
    expect(perTransaction.length).toBeGreaterThanOrEqual(Math.ceil(acked / 500))
    expect(Math.max(...perTransaction)).toBeLessThanOrEqual(500)
    expect(perTransaction.reduce((x, y) => x + y, 0)).toBe(acked)
    expect(count("outbox WHERE status = 'acked'")).toBe(0)
    expect(seqs()).toEqual([pending, dead, conflicted])
    // Tickets, sales, shifts, stock, the audit trail and everything central has not acknowledged: not a byte changed.
    expect(kept()).toBe(untouched)
    expect(verifyChain(db()).ok).toBe(true)

    // Each batch freed pages onto the freelist; the incremental vacuum step after it gave them back.
    expect(freelist[0].afterPrune).toBeGreaterThan(0)
    expect(freelist[0].afterVacuum).toBeLessThan(freelist[0].afterPrune)
    const after = fileFigures(db())
    expect(after.free).toBe(0)
    const released = r.vacuumSteps.reduce((x, y) => x + y, 0)
    expect(released).toBeGreaterThan(0)
    expect(after.pages).toBeLessThanOrEqual(before.pages - released + before.free)
    db().pragma('wal_checkpoint(TRUNCATE)')
    expect(fs.statSync(b.dbFile).size).toBe(after.pages * after.pageSize)
    expect(after.pages).toBeLessThan(before.pages * 0.8)
  })

  it('lets a sale commit between two batches', async () => {
    b = testBackend()
    const s = await b.login('carlos')
    fillOutbox(b, 1_200, 'acked')
    const waiting = count("outbox WHERE status = 'pending'")
    b.clock.advance(40 * DAY)
    const sold: string[] = []
    const r = await pruneOutbox(db(), b.clock, {
      pause: async () => {
        if (sold.length < 2) sold.push((await sell(s)).transaction_id)
      },
    })
    expect(r.deleted).toBe(1_200)
    expect(sold).toHaveLength(2)
    // Each sale's rows are queued for central, untouched by the pruning around them.
    expect(count("outbox WHERE status = 'pending'")).toBe(waiting + 2 * 8)
  })

  it('stops at its next pause when the backend stops, and one run at a time', async () => {
    b = testBackend()
    fillOutbox(b, 2_000, 'acked')
    const before = count('outbox')
    b.clock.advance(40 * DAY)
    const stop = new AbortController()
    const r = pruneOutbox(db(), b.clock, { signal: stop.signal, pause: async () => stop.abort() })
    expect(pruneOutbox(db(), b.clock)).toBe(r)
    expect((await r).batches).toEqual([500])
    expect(count('outbox')).toBe(before - 500)
  })

  it('runs as the backend service, and says what it did', async () => {
    b = testBackend()
    fillOutbox(b, 700, 'acked')
    b.clock.advance(40 * DAY)
    const lines: string[] = []
    const service = pruneService(b.ctx, (msg) => lines.push(msg))
    const r = await service.pruneNow()
    await service.stop()
    expect(r?.deleted).toBe(699)
    expect(lines).toEqual([expect.stringMatching(/^outbox pruned: 699 acknowledged records older than 30 days/)])
  })
})
