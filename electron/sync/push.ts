import { inTransaction, type WriteDB } from '../store/db'
import { groupBatch, Outcomes, writeGroup, type Group, type WriteContext } from './push-writes'
import { ackRows, deadLetter, laterUpdates, pendingBatch, recordConflict, type OutboxRow } from './repo'
import { pinsDelivered, withPinHandoff } from './pin-handoff'
import type { TargetDb } from './target'

export { Outcomes } from './push-writes'

export interface PushDeps {
  db: WriteDB
  target: TargetDb
  clock: () => Date
  /** This local database's identity on central (the self pos_devices _id): keys the stock marker. */
  streamId: string
  batchSize?: number
  /** Where to read a pushed collection back (duplicate checks): a per-store view for a least-privilege user. */
  readName?: (collection: string) => string
}

export const DEFAULT_PUSH_BATCH = 2000

export interface PushResult {
  acked: number
  conflicts: number
  dead: number
  batches: number
}

export const emptyPushResult = (): PushResult => ({ acked: 0, conflicts: 0, dead: 0, batches: 0 })

interface Batch {
  rows: OutboxRow[]
  groups: Group[]
}

interface Sent {
  out: Outcomes
  failure: unknown
}

/**
 * Drains the outbox in seq order, batch after batch. A row is acknowledged
 * only after central confirmed it (inserted, or found identical); a row is
 * never deleted. A transient failure stops the round after committing what
 * was confirmed, so the next round resumes after the last acknowledged row.
 *
 * Pipelined: while central works on batch k, the next batch is read and
 * converted, and batch k-1's acknowledgement commits. Central still sees the
 * batches strictly one after another (k+1 is sent only after k fully
 * succeeded), which the stock marker needs.
 */
export async function pushOutbox(deps: PushDeps, result: PushResult = emptyPushResult()): Promise<PushResult> {
  // Large batches amortise the local acknowledgement (one fsync each) and the round trip; MongoDB takes
  // up to 100,000 documents in one insertMany, and a retried batch is idempotent.
  const limit = deps.batchSize ?? DEFAULT_PUSH_BATCH
  const ctx: WriteContext = {
    target: deps.target,
    streamId: deps.streamId,
    readName: deps.readName ?? ((c) => c),
    laterUpdates: (row) => laterUpdates(deps.db, row),
  }
  const read = (after: number): Batch | null => {
    const rows = pendingBatch(deps.db, after, limit)
    return rows.length
      ? { rows, groups: groupBatch(rows, (r, p) => withPinHandoff(deps.db, r.collection, r.doc_id, p)) }
      : null
  }
  const last = (b: Batch) => b.rows[b.rows.length - 1].seq
  let current = read(0)
  if (!current) return result
  let sending = send(ctx, current)
  for (;;) {
    // Give the driver a turn to put the request on the wire before doing local work.
    await new Promise((resolve) => setImmediate(resolve))
    let next = read(last(current))
    const sent = await sending
    let nextSending = !sent.failure && next ? send(ctx, next) : null
    if (nextSending) await new Promise((resolve) => setImmediate(resolve))
    commit(deps.db, current.rows, sent.out, deps.clock().toISOString())
    tally(result, sent.out)
    if (sent.failure) throw sent.failure
    if (!next) {
      // Rows queued by sales while this batch was out are picked up before the round ends.
      next = read(last(current))
      if (!next) return result
      nextSending = send(ctx, next)
    }
    current = next
    sending = nextSending!
  }
}

function send(ctx: WriteContext, batch: Batch): Promise<Sent> {
  const out = new Outcomes()
  return (async (): Promise<Sent> => {
    // Groups of different collections do not depend on each other: they go out together, on
    // separate pooled connections. Field updates wait for every insert of the batch.
    const independent = batch.groups.filter((g) => g.rows[0].op !== 'update')
    const settled = await Promise.allSettled(independent.map((g) => writeGroup(ctx, g, out)))
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    if (failed) return { out, failure: failed.reason }
    try {
      for (const g of batch.groups) if (g.rows[0].op === 'update') await writeGroup(ctx, g, out)
      return { out, failure: null }
    } catch (failure) {
      return { out, failure }
    }
  })()
}

function tally(result: PushResult, out: Outcomes) {
  result.batches++
  result.acked += out.ok.length
  result.conflicts += out.conflicts.length
  result.dead += out.dead.length
}

function commit(db: WriteDB, batch: OutboxRow[], out: Outcomes, now: string): void {
  if (out.size === 0) return
  const delivered = inTransaction(db, () => {
    ackRows(db, batch, new Set(out.ok.map((r) => r.seq)), now)
    for (const d of out.dead) deadLetter(db, d.row, d.code, d.reason, now)
    for (const c of out.conflicts) recordConflict(db, c.row, c.central, c.reason, now)
    // Delivered, or never to be (refused, or held by a conflict): either way its central form leaves the file.
    return pinsDelivered(db, [...out.ok, ...out.dead.map((d) => d.row), ...out.conflicts.map((c) => c.row)])
  })
  // A PIN's central form left the file: its old bytes leave the write-ahead log too (rare: a PIN set here).
  if (delivered) db.pragma('wal_checkpoint(TRUNCATE)')
}
