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

export function pendingCount(db: ReadDB): number {
  return (stmt(db, "SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'").get() as { n: number }).n
}
