import { stmt } from '../core/deps'
import type { ReadDB, WriteDB } from '../store/db'
import type { AuditRow } from './chain'

/** The audit_logs table's one owner: the chain (chain.ts) appends and verifies through these. */
export function lastEntry(db: ReadDB): { seq: number; hash: string } | null {
  return (
    (stmt(db, 'SELECT seq, hash FROM audit_logs ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; hash: string } | undefined) ?? null
  )
}

/** The one writer of audit_logs (positional: it runs with every sale, and named parameters cost more). */
export function insertEntry(db: WriteDB, row: AuditRow): void {
  stmt(
    db,
    `INSERT INTO audit_logs (_id, seq, user_id, action, entity_type, entity_id, description, ip_address, device_info, timestamp, prev_hash, hash, alg)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    row._id,
    row.seq,
    row.user_id,
    row.action,
    row.entity_type,
    row.entity_id,
    row.description,
    row.ip_address,
    row.device_info,
    row.timestamp,
    row.prev_hash,
    row.hash,
    row.alg,
  )
}

export function entriesInOrder(db: ReadDB): IterableIterator<AuditRow> {
  return stmt<import('better-sqlite3').Statement<[], AuditRow>>(db, 'SELECT * FROM audit_logs ORDER BY seq').iterate()
}

export function lastEntryOf(db: ReadDB, action: string): AuditRow | null {
  return (
    (stmt(db, 'SELECT * FROM audit_logs WHERE action = ? ORDER BY seq DESC LIMIT 1').get(action) as
      AuditRow | undefined) ?? null
  )
}

export function newestTimestampAfter(db: ReadDB, afterSeq: number): string | null {
  return (stmt(db, 'SELECT MAX(timestamp) AS at FROM audit_logs WHERE seq > ?').get(afterSeq) as { at: string | null })
    .at
}

export function keyCounts(db: ReadDB): { unkeyed: number; keyed: number } {
  return stmt(
    db,
    "SELECT COALESCE(SUM(alg = 'sha256'), 0) AS unkeyed, COALESCE(SUM(alg = 'hmac-sha256'), 0) AS keyed FROM audit_logs",
  ).get() as { unkeyed: number; keyed: number }
}

export function hasKeyedEntries(db: ReadDB): boolean {
  return !!stmt(db, "SELECT 1 FROM audit_logs WHERE alg = 'hmac-sha256' LIMIT 1").get()
}

export function entryHash(db: ReadDB, seq: number): { hash: string } | null {
  return (stmt(db, 'SELECT hash FROM audit_logs WHERE seq = ?').get(seq) as { hash: string } | undefined) ?? null
}
