import type { Document } from 'bson'
import { stmt } from '../core/deps'
import type { ReadDB, WriteDB } from '../store/db'
import { toCentral } from './convert'
import { withPinHandoff } from './pin-handoff'

export interface OutboxRow {
  seq: number
  collection: string
  doc_id: string
  op: 'insert' | 'inventory_decrement' | 'update'
  payload: string
  attempts: number
}

/**
 * Pending rows after `afterSeq` in push order. Rows held by an open conflict
 * stay pending (never acked, never deleted) but are not re-sent every round.
 */
export function pendingBatch(db: ReadDB, afterSeq: number, limit: number): OutboxRow[] {
  return stmt(
    db,
    `SELECT seq, collection, doc_id, op, payload, attempts FROM outbox
     WHERE status = 'pending' AND seq > ? AND seq NOT IN (SELECT seq FROM sync_conflicts)
     ORDER BY seq LIMIT ?`,
  ).all(afterSeq, limit) as OutboxRow[]
}

/**
 * Acknowledges the confirmed rows of a batch, one UPDATE per run of
 * consecutive batch rows: every pending row between two rows of a batch is
 * itself in the batch, except rows held by a conflict, which stay pending.
 */
/** Pending field updates queued after `row` for the same document, as central $set documents. */
export function laterUpdates(db: ReadDB, row: Pick<OutboxRow, 'seq' | 'collection' | 'doc_id'>): Document[] {
  const rows = stmt(
    db,
    `SELECT payload FROM outbox WHERE status = 'pending' AND seq > ? AND op = 'update' AND collection = ? AND doc_id = ? ORDER BY seq`,
  ).all(row.seq, row.collection, row.doc_id) as { payload: string }[]
  return rows.map((r) => {
    const payload = withPinHandoff(db, row.collection, row.doc_id, JSON.parse(r.payload) as Record<string, unknown>)
    const { _id: _ignored, ...fields } = toCentral(payload)
    return fields
  })
}

export function ackRows(db: WriteDB, batch: OutboxRow[], confirmed: Set<number>, now: string): void {
  const ack = stmt(
    db,
    `UPDATE outbox SET status = 'acked', acked_at = ?, last_error = NULL
     WHERE seq BETWEEN ? AND ? AND status = 'pending' AND seq NOT IN (SELECT seq FROM sync_conflicts)`,
  )
  let start = -1
  for (let i = 0; i <= batch.length; i++) {
    const ok = i < batch.length && confirmed.has(batch[i].seq)
    if (ok && start < 0) start = i
    if (!ok && start >= 0) {
      ack.run(now, batch[start].seq, batch[i - 1].seq)
      start = -1
    }
  }
}

export function deadLetter(
  db: WriteDB,
  row: Pick<OutboxRow, 'seq' | 'collection' | 'doc_id'>,
  code: number | null,
  reason: string,
  now: string,
) {
  stmt(db, "UPDATE outbox SET status = 'dead', last_error = ?, attempts = attempts + 1 WHERE seq = ?").run(
    reason,
    row.seq,
  )
  stmt(
    db,
    `INSERT INTO sync_dead_letters (seq, collection, doc_id, code, reason, dead_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(seq) DO UPDATE SET code = excluded.code, reason = excluded.reason, dead_at = excluded.dead_at`,
  ).run(row.seq, row.collection, row.doc_id, code, reason, now)
}

export function recordConflict(
  db: WriteDB,
  row: Pick<OutboxRow, 'seq' | 'collection' | 'doc_id' | 'payload'>,
  central: unknown,
  reason: string,
  now: string,
) {
  stmt(db, 'UPDATE outbox SET last_error = ?, attempts = attempts + 1 WHERE seq = ?').run(reason, row.seq)
  stmt(
    db,
    `INSERT INTO sync_conflicts (seq, collection, doc_id, local_doc, central_doc, reason, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(seq) DO NOTHING`,
  ).run(
    row.seq,
    row.collection,
    row.doc_id,
    row.payload,
    central === null ? null : JSON.stringify(central),
    reason,
    now,
  )
}

export function noteAttempt(db: WriteDB, seqs: number[], error: string) {
  const upd = stmt(db, 'UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?')
  for (const s of seqs) upd.run(error, s)
}

export interface ConflictView {
  seq: number
  collection: string
  doc_id: string
  reason: string
  local_doc: unknown
  central_doc: unknown
  detected_at: string
}
export function listConflicts(db: ReadDB, limit = 100): ConflictView[] {
  const rows = stmt(db, 'SELECT * FROM sync_conflicts ORDER BY seq LIMIT ?').all(limit) as (Omit<
    ConflictView,
    'local_doc' | 'central_doc'
  > & {
    local_doc: string
    central_doc: string | null
  })[]
  return rows.map((r) => ({
    ...r,
    local_doc: JSON.parse(r.local_doc),
    central_doc: r.central_doc ? JSON.parse(r.central_doc) : null,
  }))
}

export interface DeadLetterView {
  seq: number
  collection: string
  doc_id: string
  code: number | null
  reason: string
  dead_at: string
}
export function listDeadLetters(db: ReadDB, limit = 100): DeadLetterView[] {
  return stmt(db, 'SELECT * FROM sync_dead_letters ORDER BY seq LIMIT ?').all(limit) as DeadLetterView[]
}

export interface PullReject {
  collection: string
  doc_id: string
  reason: string
  seen_at: string
}
export function recordPullReject(db: WriteDB, r: PullReject) {
  stmt(
    db,
    `INSERT INTO sync_pull_rejects (collection, doc_id, reason, seen_at) VALUES (@collection, @doc_id, @reason, @seen_at)
     ON CONFLICT(collection, doc_id) DO UPDATE SET reason = excluded.reason, seen_at = excluded.seen_at`,
  ).run(r)
}
export function clearPullReject(db: WriteDB, collection: string, docId: string) {
  stmt(db, 'DELETE FROM sync_pull_rejects WHERE collection = ? AND doc_id = ?').run(collection, docId)
}
export function listPullRejects(db: ReadDB, limit = 100): PullReject[] {
  return stmt(db, 'SELECT * FROM sync_pull_rejects ORDER BY seen_at DESC, collection, doc_id LIMIT ?').all(
    limit,
  ) as PullReject[]
}

export interface Checkpoint {
  updated_at: string
  last_id: string
}
export function getCheckpoint(db: ReadDB, collection: string): Checkpoint | null {
  return (
    (stmt(db, 'SELECT updated_at, last_id FROM sync_checkpoints WHERE collection = ?').get(collection) as
      Checkpoint | undefined) ?? null
  )
}
export function setCheckpoint(db: WriteDB, collection: string, cp: Checkpoint, now: string) {
  stmt(
    db,
    `INSERT INTO sync_checkpoints (collection, updated_at, last_id, pulled_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(collection) DO UPDATE SET updated_at = excluded.updated_at, last_id = excluded.last_id, pulled_at = excluded.pulled_at`,
  ).run(collection, cp.updated_at, cp.last_id, now)
}

export interface SyncStateRow {
  last_attempt_at: string | null
  last_success_at: string | null
  last_error: string | null
  last_error_at: string | null
}
export function getSyncState(db: ReadDB): SyncStateRow {
  return stmt(
    db,
    'SELECT last_attempt_at, last_success_at, last_error, last_error_at FROM sync_state WHERE id = 1',
  ).get() as SyncStateRow
}
export function markSuccess(db: WriteDB, now: string) {
  stmt(
    db,
    'UPDATE sync_state SET last_attempt_at = ?, last_success_at = ?, last_error = NULL, last_error_at = NULL WHERE id = 1',
  ).run(now, now)
}
export function markError(db: WriteDB, message: string, now: string) {
  stmt(db, 'UPDATE sync_state SET last_attempt_at = ?, last_error = ?, last_error_at = ? WHERE id = 1').run(
    now,
    message,
    now,
  )
}

export function syncCounts(db: ReadDB): { pending: number; conflicts: number; dead: number; rejects: number } {
  // One row kept current by triggers (migration 7): the cost never grows with what waits or what was sold.
  return stmt(
    db,
    `SELECT outbox_pending AS pending, conflicts, outbox_dead AS dead, pull_rejects AS rejects
     FROM status_counts WHERE id = 1`,
  ).get() as { pending: number; conflicts: number; dead: number; rejects: number }
}

/**
 * Puts a dead-lettered or conflicting row back in the queue (after someone
 * fixed the cause on central). The row itself was never changed or deleted.
 */
export function requeue(db: WriteDB, seq: number): boolean {
  const dead = stmt(
    db,
    "UPDATE outbox SET status = 'pending', last_error = NULL WHERE seq = ? AND status = 'dead'",
  ).run(seq).changes
  const conflict = stmt(db, 'DELETE FROM sync_conflicts WHERE seq = ?').run(seq).changes
  stmt(db, 'DELETE FROM sync_dead_letters WHERE seq = ?').run(seq)
  return dead + conflict > 0
}

/** The oldest record still waiting for central, or null when nothing waits (the outbox's pending index). */
export function oldestPendingAt(db: ReadDB): string | null {
  return (
    (
      stmt(db, "SELECT created_at FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT 1").get() as
        { created_at: string } | undefined
    )?.created_at ?? null
  )
}

/** Whether an edit of this user made here is still on its way to central (an index of its own: outbox_pending_users). */
export function userEditPending(db: ReadDB, userId: string): boolean {
  return !!stmt(
    db,
    "SELECT 1 FROM outbox WHERE collection = 'users' AND status = 'pending' AND doc_id = ? LIMIT 1",
  ).get(userId)
}
