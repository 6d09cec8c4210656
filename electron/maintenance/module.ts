import type { Ctx } from '../core/context'
import type { Module, Service } from '../core/module'
import { autoVacuum } from '../store/compact'
import { pruneOutbox, type PruneReport } from './prune'

/** First run a while after start (the counter's first sales and prints come first), then once a day. */
export const FIRST_PRUNE_MS = 5 * 60_000
export const PRUNE_EVERY_MS = 24 * 3_600_000

/**
 * Bounded data as a background service, built like the daily backup: the outbox pruned of what central
 * acknowledged longer ago than the store's retention, and the file compacted, in short transactions between
 * sales. Not after every sync round: a row becomes prunable only days after its acknowledgement, so the daily
 * run finds the same rows a run after each round would, at a fraction of the wake-ups.
 */
export function pruneService(
  ctx: Ctx,
  log: (msg: string, err?: unknown) => void,
): Service & {
  pruneNow(): Promise<PruneReport | null>
} {
  const timers: NodeJS.Timeout[] = []
  const stopping = new AbortController()
  let last: Promise<PruneReport | null> | null = null
  const pruneNow = () => {
    const run = (async () => {
      try {
        const r = await pruneOutbox(ctx.db, () => ctx.clock(), { signal: stopping.signal })
        if (r.deleted > 0 || r.vacuumSteps.length > 0)
          log(
            `outbox pruned: ${r.deleted} acknowledged records older than ${r.days} days (before ${r.cutoff}) in ${r.batches.length} transactions; ${r.vacuumSteps.reduce((s, n) => s + n, 0)} pages given back`,
          )
        return r
      } catch (err) {
        log('outbox pruning failed', err)
        return null
      }
    })()
    last = run
    return run
  }
  return {
    pruneNow,
    start() {
      if (autoVacuum(ctx.db) !== 'incremental')
        log(
          'the database file is not in incremental compaction yet (too little free disk to convert it at start): pruned space is reused, the file does not shrink',
        )
      timers.push(
        setTimeout(() => void pruneNow(), FIRST_PRUNE_MS),
        setInterval(() => void pruneNow(), PRUNE_EVERY_MS),
      )
      for (const t of timers) t.unref()
    },
    async stop() {
      for (const t of timers) clearTimeout(t)
      // A run in progress stops at its next pause; what it deleted stays deleted.
      stopping.abort()
      await last
    },
  }
}

/** No handlers of its own: only the background service (registered in electron/backend.ts). */
export function maintenanceModule(ctx: Ctx, log: (msg: string, err?: unknown) => void): Module<never> {
  return { name: 'maintenance', handlers: {}, services: [pruneService(ctx, log)] }
}
