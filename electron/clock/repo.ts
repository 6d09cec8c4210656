import { stmt } from '../core/deps'
import type { ReadDB, WriteDB } from '../store/db'

export interface TrustedRow {
  source: string
  at: string
  audit_seq: number
}

// trusted_time is written only here, so its few rows are kept in memory per handle and dropped on every write.
const cache = new WeakMap<object, Map<string, TrustedRow>>()

export function trustedRows(db: ReadDB): Map<string, TrustedRow> {
  let m = cache.get(db)
  if (!m) {
    const all = stmt<import('better-sqlite3').Statement<[], TrustedRow>>(
      db,
      'SELECT source, at, audit_seq FROM trusted_time',
    ).all()
    cache.set(db, (m = new Map(all.map((r) => [r.source, r]))))
  }
  return m
}

export function raiseAlarm(db: WriteDB, floor: string, now: string): void {
  stmt(db, "INSERT INTO trusted_time (source, at, audit_seq, recorded_at) VALUES ('alarm', ?, 0, ?)").run(floor, now)
  cache.delete(db)
}

/** A manager's acknowledgement: audit entries up to `auditSeq` no longer count as trusted time; the alarm ends. */
export function recordAcknowledgement(db: WriteDB, floor: string, auditSeq: number, now: string): void {
  stmt(
    db,
    `INSERT INTO trusted_time (source, at, audit_seq, recorded_at) VALUES ('acknowledged', ?, ?, ?)
     ON CONFLICT(source) DO UPDATE SET at = excluded.at, audit_seq = excluded.audit_seq, recorded_at = excluded.recorded_at`,
  ).run(floor, auditSeq, now)
  stmt(db, "DELETE FROM trusted_time WHERE source = 'alarm'").run()
  cache.delete(db)
}

export function recordCentral(db: WriteDB, serverTime: string, now: string): void {
  stmt(
    db,
    `INSERT INTO trusted_time (source, at, audit_seq, recorded_at) VALUES ('central', ?, 0, ?)
     ON CONFLICT(source) DO UPDATE SET at = MAX(at, excluded.at), recorded_at = excluded.recorded_at`,
  ).run(serverTime, now)
  cache.delete(db)
}
