import type { ReportRecord } from '../../shared/contract'
import { stmt } from '../core/deps'
import type { ReadDB, WriteDB } from '../store/db'

/**
 * The only SQL on the reports table (the seed's `reports` collection): the cash office's Z, day and
 * settlement reports and the Reports screen's exports (kind 'period'). A stored report never changes but
 * once: scheduled, then completed (report_url: its file) or failed (failure: why); triggers hold it so.
 */

export interface ReportRow {
  _id: string
  report_type: 'sales' | 'inventory' | 'performance' | 'budget'
  kind: 'z' | 'day' | 'settlement' | 'period'
  store_id: string
  device_id: string
  generated_by: string
  period_start: string
  period_end: string
  business_day: string | null
  shift_id: string | null
  z_number: number | null
  status: 'completed' | 'failed' | 'scheduled'
  report_url: string | null
  body: string
  created_at: string
  failure?: string | null
  finished_at?: string | null
}

export function insertReport(db: WriteDB, r: ReportRow): void {
  stmt(
    db,
    `INSERT INTO reports (_id, report_type, kind, store_id, device_id, generated_by, period_start, period_end,
       business_day, shift_id, z_number, status, report_url, body, created_at)
     VALUES (@_id, @report_type, @kind, @store_id, @device_id, @generated_by, @period_start, @period_end,
       @business_day, @shift_id, @z_number, @status, @report_url, @body, @created_at)`,
  ).run(r)
}

/** A scheduled report finished: completed with its file, or failed with the reason. Once (a trigger refuses more). */
export function finishReport(
  db: WriteDB,
  id: string,
  done: { status: 'completed'; report_url: string } | { status: 'failed'; failure: string },
  now: string,
): void {
  stmt(
    db,
    `UPDATE reports SET status = @status, report_url = @url, failure = @failure, finished_at = @now
     WHERE _id = @id AND status = 'scheduled'`,
  ).run({
    id,
    status: done.status,
    url: done.status === 'completed' ? done.report_url : null,
    failure: done.status === 'failed' ? done.failure : null,
    now,
  })
}

export function reportById(db: ReadDB, id: string): ReportRow | null {
  return (stmt(db, 'SELECT * FROM reports WHERE _id = ?').get(id) as ReportRow | undefined) ?? null
}

/** Reports left scheduled: their export never finished (the process stopped during it). */
export function scheduledReports(db: ReadDB): ReportRow[] {
  return stmt(db, "SELECT * FROM reports WHERE status = 'scheduled'").all() as ReportRow[]
}

export function zReportOf(db: ReadDB, shiftId: string): ReportRow | null {
  return (
    (stmt(db, "SELECT * FROM reports WHERE kind = 'z' AND shift_id = ?").get(shiftId) as ReportRow | undefined) ?? null
  )
}

export function latestDayReport(db: ReadDB, day: string): (ReportRow & { revision: number }) | null {
  return (
    (stmt(
      db,
      `SELECT *, (SELECT COUNT(*) FROM reports WHERE kind = 'day' AND business_day = @day) AS revision FROM reports
       WHERE kind = 'day' AND business_day = @day ORDER BY created_at DESC, _id DESC LIMIT 1`,
    ).get({ day }) as (ReportRow & { revision: number }) | undefined) ?? null
  )
}

/** When the business day was last ended on this terminal, by whom (a name), and how many times: null if never. */
export function dayEndedOf(db: ReadDB, day: string): { created_at: string; by: string; revision: number } | null {
  return (
    (stmt(
      db,
      `SELECT r.created_at, COALESCE(u.name, r.generated_by) AS by,
         (SELECT COUNT(*) FROM reports WHERE kind = 'day' AND business_day = @day) AS revision
       FROM reports r LEFT JOIN users u ON u._id = r.generated_by
       WHERE r.kind = 'day' AND r.business_day = @day ORDER BY r.created_at DESC, r._id DESC LIMIT 1`,
    ).get({ day }) as { created_at: string; by: string; revision: number } | undefined) ?? null
  )
}

/** The newest exports and day reports, with who generated them. */
export function recentReports(db: ReadDB, limit: number): ReportRecord[] {
  const rows = stmt(
    db,
    `SELECT r.*, COALESCE(u.name, r.generated_by) AS by_name FROM reports r LEFT JOIN users u ON u._id = r.generated_by
     WHERE r.kind IN ('period', 'day') ORDER BY r.created_at DESC, r._id DESC LIMIT ?`,
  ).all(limit) as (ReportRow & { by_name: string })[]
  return rows.map((r) => recordOf(r, r.by_name))
}

export function recordOf(r: ReportRow, generatedBy: string): ReportRecord {
  const body = r.kind === 'period' ? (JSON.parse(r.body) as { format?: string; table?: string }) : null
  return {
    _id: r._id,
    report_type: r.report_type,
    kind: r.kind,
    generated_by: generatedBy,
    period: { start_date: r.period_start, end_date: r.period_end },
    status: r.status,
    report_url: r.report_url,
    failure: r.failure ?? null,
    format: body ? (body.format === 'csv' ? `csv:${body.table}` : 'pdf') : 'pdf',
    created_at: r.created_at,
    finished_at: r.finished_at ?? null,
    done: null,
    total: null,
  }
}
