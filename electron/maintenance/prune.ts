import { pruneAcked } from '../outbox/repo'
import { getSetting } from '../settings/repo'
import { autoVacuum, vacuumStep } from '../store/compact'
import { inTransaction, type WriteDB } from '../store/db'

const DAY_MS = 86_400_000

/** Acknowledged rows older than this go: `days` whole days before `now`, as the ISO time outbox.acked_at holds. */
export function retentionCutoff(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString()
}

export interface PruneOptions {
  /** Rows deleted per transaction. */
  batchRows?: number
  /** Free pages given back per incremental_vacuum step. */
  vacuumPages?: number
  /** Between two transactions: lets a sale that arrived meanwhile take the write lock. */
  pause?: () => Promise<void>
  /**
   * Each write transaction as it ends: what it did, how long it held the writer (wall time, fsync and any wait
   * for the CPU included) and the CPU time it took (for the benchmark).
   */
  onStep?: (step: { kind: 'prune' | 'vacuum'; count: number; ms: number; cpuMs: number }) => void
  /** Stops the run at its next pause (the backend closing); what was done stays done. */
  signal?: AbortSignal
}

export interface PruneReport {
  cutoff: string
  days: number
  deleted: number
  /** Rows deleted by each transaction, in order. */
  batches: number[]
  /** Pages given back by each incremental_vacuum step, in order. */
  vacuumSteps: number[]
  /** The longest single write transaction of this run, in ms (measured, never used to decide). */
  longestMs: number
}

// 500 rows of a year's outbox delete in a few milliseconds and free about 100 pages; 256 pages move in a
// few more. Both well under the 50 ms a sale may wait behind one (tests/bench/year-of-data.ts measures them).
const BATCH_ROWS = 500
const VACUUM_PAGES = 256
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

const running = new WeakMap<WriteDB, Promise<PruneReport>>()

/**
 * Prunes the outbox of what central acknowledged more than the store's retention (outbox_retention_days)
 * ago, then gives the freed pages back to the file system. Each batch is its own short transaction and the
 * event loop turns between them, so a sale waits for one batch at most, never for the whole prune. One run
 * at a time per database: a second call while one runs gets the same run. "Now" is the injected clock's.
 */
export function pruneOutbox(db: WriteDB, clock: () => Date, opts: PruneOptions = {}): Promise<PruneReport> {
  const current = running.get(db)
  if (current) return current
  const run = prune(db, clock, opts).finally(() => running.delete(db))
  running.set(db, run)
  return run
}

async function prune(db: WriteDB, clock: () => Date, opts: PruneOptions): Promise<PruneReport> {
  const batchRows = opts.batchRows ?? BATCH_ROWS
  const vacuumPages = opts.vacuumPages ?? VACUUM_PAGES
  const pause = opts.pause ?? nextTurn
  const days = getSetting(db, 'outbox_retention_days')
  const cutoff = retentionCutoff(clock(), days)
  const report: PruneReport = { cutoff, days, deleted: 0, batches: [], vacuumSteps: [], longestMs: 0 }
  const timed = <T extends number>(kind: 'prune' | 'vacuum', fn: () => T): T => {
    const started = performance.now()
    const cpu = process.cpuUsage()
    const count = fn()
    const ms = performance.now() - started
    const used = process.cpuUsage(cpu)
    report.longestMs = Math.max(report.longestMs, ms)
    opts.onStep?.({ kind, count, ms, cpuMs: (used.user + used.system) / 1000 })
    return count
  }
  // A file still in mode NONE (not yet converted: see store/compact.ts) reuses freed pages but cannot shrink.
  const compacts = autoVacuum(db) === 'incremental'
  const vacuum = () => {
    const pages = timed('vacuum', () => vacuumStep(db, vacuumPages))
    if (pages > 0) report.vacuumSteps.push(pages)
    return pages
  }
  const stopped = () => !db.open || !!opts.signal?.aborted
  for (;;) {
    if (stopped()) return report
    const n = timed('prune', () => inTransaction(db, () => pruneAcked(db, cutoff, batchRows)))
    if (n > 0) report.batches.push(n)
    report.deleted += n
    if (compacts && n > 0) {
      await pause()
      if (stopped()) return report
      vacuum()
    }
    if (n < batchRows) break
    await pause()
  }
  // Whatever is still free (the last batches', or pages other deletes freed), in the same small steps.
  while (compacts) {
    await pause()
    if (stopped() || vacuum() === 0) break
  }
  return report
}
