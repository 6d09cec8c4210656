import { stmt } from '../core/deps'
import type { ReadDB, WriteDB } from '../store/db'

export type OutboxOp = 'insert' | 'inventory_decrement' | 'update'

/**
 * Queues a record for central. Always called inside the transaction that
 * writes the record, so a record exists locally if and only if it is queued.
 * The AUTOINCREMENT seq is this terminal's push order.
 */
export function enqueue(db: WriteDB, collection: string, docId: string, op: OutboxOp, payload: unknown, now: string) {
  stmt(db, 'INSERT INTO outbox (collection, doc_id, op, payload, created_at) VALUES (?, ?, ?, ?, ?)').run(
    collection,
    docId,
    op,
    JSON.stringify(payload),
    now,
  )
}

/** A record to queue with its payload already serialised (JSON text, as `enqueue` would write it). */
export interface OutboxEntry {
  collection: string
  docId: string
  op: OutboxOp
  json: string
}

const OUTBOX_INSERT = 'INSERT INTO outbox (collection, doc_id, op, payload, created_at) VALUES '
/** Rows per statement at most: one prepared statement per row count up to it. */
const OUTBOX_PER_INSERT = 10
const outboxInsertSql: string[] = []
const outboxInsertFor = (n: number) =>
  (outboxInsertSql[n] ??= OUTBOX_INSERT + Array.from({ length: n }, () => '(?, ?, ?, ?, ?)').join(', '))

/**
 * Queues several records, in the order given (their seqs follow it), as `enqueue` would one by one but in one
 * statement per ten: a sale line's tickets and its sale row. Same rule: inside the transaction that writes them.
 */
export function enqueueAll(db: WriteDB, entries: readonly OutboxEntry[], now: string): void {
  for (let from = 0; from < entries.length; from += OUTBOX_PER_INSERT) {
    const to = Math.min(entries.length, from + OUTBOX_PER_INSERT)
    const args: unknown[] = []
    for (let i = from; i < to; i++) {
      const e = entries[i]
      args.push(e.collection, e.docId, e.op, e.json, now)
    }
    stmt(db, outboxInsertFor(to - from)).run(args)
  }
}

/**
 * The stock decrements central has not had from this terminal (queued, or dead-lettered), summed per inventory
 * batch: negative numbers, as the decrements carry them. What central's figure lacks of the terminal's.
 */
export function undeliveredDecrements(db: ReadDB): Map<string, number> {
  const rows = stmt(
    db,
    `SELECT json_extract(payload, '$.inventory_id') AS id, SUM(json_extract(payload, '$.quantity_delta')) AS delta
     FROM outbox WHERE status IN ('pending', 'dead') AND op = 'inventory_decrement' GROUP BY 1`,
  ).all() as { id: string; delta: number }[]
  return new Map(rows.map((r) => [r.id, r.delta]))
}

/** The same for one batch (0 when none): what a pull adds back to central's figure (sync/catalog.ts). */
export function undeliveredDecrementOf(db: ReadDB, inventoryId: string): number {
  return (
    stmt(
      db,
      `SELECT COALESCE(SUM(json_extract(payload, '$.quantity_delta')), 0) AS n FROM outbox
       WHERE status IN ('pending', 'dead') AND op = 'inventory_decrement' AND json_extract(payload, '$.inventory_id') = ?`,
    ).get(inventoryId) as { n: number }
  ).n
}

export function pendingCount(db: ReadDB): number {
  return (stmt(db, "SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'").get() as { n: number }).n
}

/**
 * Deletes up to `limit` acknowledged rows that central acknowledged before `cutoff` (an ISO time), oldest
 * acknowledgement first, in the caller's transaction; returns how many went. Never a pending row (a conflict
 * holds its row pending), never a dead one, nothing a conflict or dead letter still names, and never the
 * newest row of the outbox: MAX(seq) stays what this terminal last queued, the floor a restore resumes above.
 */
export function pruneAcked(db: WriteDB, cutoff: string, limit: number): number {
  return stmt(
    db,
    // INDEXED BY: on a young outbox the planner would rather walk (status, seq) and sort every acknowledged row.
    `DELETE FROM outbox WHERE seq IN (
       SELECT seq FROM outbox INDEXED BY outbox_acked
       WHERE status = 'acked' AND acked_at < ? AND seq < (SELECT MAX(seq) FROM outbox)
         AND seq NOT IN (SELECT seq FROM sync_conflicts) AND seq NOT IN (SELECT seq FROM sync_dead_letters)
       ORDER BY acked_at LIMIT ?)`,
  ).run(cutoff, limit).changes
}
