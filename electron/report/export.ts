import Papa from 'papaparse'
import fs from 'node:fs'
import path from 'node:path'
import { Readable, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { ParsedArgsOf, ReportProgress, ReportRecord, ReportScope, ReportType } from '../../shared/contract'
import { PosError } from '../../shared/errors'
import { within } from '../core/paths'
import { minorToDecimal } from '../../shared/money'
import type { PeriodRequest } from '../../shared/period'
import {
  dayDocument,
  DETAIL_EXPORTS,
  neutralised,
  REPORT_TABLES,
  reportDocument,
  csvCell,
  type CellFormat,
  type ReportDocument,
} from '../../shared/report-doc'
import type { DayReport } from '../../shared/contract'
import { auditEntry } from '../audit/audited'
import type { Ctx } from '../core/context'
import type { Service } from '../core/module'
import { enqueue } from '../outbox/repo'
import { getSetting } from '../settings/repo'
import { inTransaction, openReader, type ReadDB } from '../store/db'
import { writeReportPdf } from './pdf'
import { finishReport, insertReport, recordOf, reportById, scheduledReports, type ReportRow } from './records'
import { instantPage, ticketCount, ticketPage, userNames, type TicketLine } from './repo'
import { periodOf, rangeOf, reportOf } from './service'

/**
 * Exports of a report out of the terminal: a CSV of one of its tables (or of every ticket behind it) or the
 * whole report as a PDF, written to a folder the manager picked or the reports folder. Each is a `reports`
 * record, scheduled when asked for and then completed (report_url: the file) or failed (why), queued for
 * central. A file is written under a temporary name, flushed to disk and only then given its name, so no
 * half-written file ever looks finished. Exports read a connection of their own inside one read
 * transaction (the figures of one instant) and give the event loop back between pages: a sale never waits.
 */

export interface ExportOptions {
  /** The reports folder: where an export goes when no folder is picked, and the day close's report. */
  reportsDir: string
  dbFile: string
  /** Opens an export's temporary file (tests pass one that fails as a full disk does). */
  openFile?: (tmp: string) => Writable
  log: (msg: string, err?: unknown) => void
}

/** Rows as CSV text (RFC 4180: a cell with a comma, quote or line break quoted), each line ended. */
export function csvLines(rows: (string | number)[][]): string {
  return rows.length ? `${Papa.unparse(rows, { newline: '\n' })}\n` : ''
}

/** Rows of the ticket export read and written per page: small enough that a sale waits at most one page. */
export const PAGE_ROWS = 2000
/** Exports running at once; more wait their turn (each holds a connection and a read transaction). */
export const MAX_RUNNING = 2

class ExportStopped extends Error {}
/** The app is closing: a day close's report stays scheduled and is written at the next start. */
class AppClosing extends ExportStopped {}

interface Job {
  id: string
  /** The day close's report: its stored body, as central got it. */
  day?: DayReport
  /** Another domain's document (a budget), laid out on the export's own connection. */
  build?: (db: ReadDB) => ReportDocument
  type: ReportType
  req: PeriodRequest
  scope: ReportScope
  format: 'pdf' | 'csv'
  table: string | undefined
  folder: string
  name: string
  userId: string
}

interface Running {
  controller: AbortController
  ended: Promise<void>
}

function fileName(type: ReportType, first: string, last: string, format: string, table?: string): string {
  const span = first === last ? first : `${first}_${last}`
  return `${type}${table ? `-${table.replaceAll('_', '-')}` : ''}_${span}.${format}`
}

/** Why a file could not be written, in the words a manager can act on. */
export function exportFailure(err: unknown, folder: string): string {
  if (err instanceof ExportStopped) return err.message
  const code = (err as { code?: string })?.code
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return `The disk is full: the export could not be written to ${folder}. Free some space or pick another folder.`
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return `This terminal may not write to ${folder}. Pick another folder.`
  if (code === 'ENOTDIR' || code === 'EEXIST') return `${folder} is not a folder. Pick another folder.`
  if (code === 'ENOENT') return `The folder ${folder} cannot be found. Pick another folder.`
  return `The export failed: ${(err as Error)?.message ?? String(err)}`
}

/** Filesystems without hard links (FAT and exFAT USB sticks, many network shares) say so with one of these. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EISDIR', 'EINVAL'])

/**
 * Gives the finished file its name without ever replacing another ("name (2).pdf" when "name.pdf" exists): a
 * hard link, or where the folder's filesystem has none an exclusive copy, flushed; then the folder itself is
 * flushed so the name survives a power cut.
 */
function publish(tmp: string, folder: string, name: string): string {
  const ext = path.extname(name)
  const base = name.slice(0, -ext.length)
  let link = true
  for (let i = 1; ; i++) {
    const target = path.join(folder, i === 1 ? name : `${base} (${i})${ext}`)
    try {
      if (link) fs.linkSync(tmp, target)
      else {
        fs.copyFileSync(tmp, target, fs.constants.COPYFILE_EXCL)
        flushToDisk(target)
      }
      fs.unlinkSync(tmp)
      flushFolder(folder)
      return target
    } catch (err) {
      const code = (err as { code?: string }).code ?? ''
      if (link && NO_LINKS.has(code)) {
        link = false
        i--
        continue
      }
      if (code !== 'EEXIST' || i > 999) throw err
    }
  }
}

function flushFolder(folder: string): void {
  // Windows cannot open a folder to flush it; NTFS journals the name itself.
  if (process.platform === 'win32') return
  const fd = fs.openSync(folder, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

/** Windows device names: a folder or file by one of these is the device, not a file. */
const DEVICE_NAME = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i

/**
 * The folder an export may write to: an absolute path of this computer's own kind, already in its plain form
 * (no "..", no "C:" on Linux), and on Windows no device path (\\?\, \\.\) or device name. Network shares are
 * allowed: a store may keep its reports there.
 */
function exportFolder(folder: string): string {
  const plain = path.normalize(folder).replace(/[\\/]+$/, '') || path.parse(folder).root
  const ok =
    path.isAbsolute(folder) &&
    path.resolve(folder) === path.resolve(plain) &&
    plain.replace(/[\\/]+$/, '') === folder.replace(/[\\/]+$/, '') &&
    !(
      process.platform === 'win32' &&
      (/^\\\\[?.]\\/.test(folder) || plain.split(/[\\/]/).some((p) => DEVICE_NAME.test(p)))
    )
  if (!ok) throw new PosError('VALIDATION', `${folder} is not a full folder path on this computer.`)
  return path.resolve(plain)
}

/**
 * Folders of the operating system and its programs: no report belongs there, whoever the app runs as. Roots
 * other than the system's own stay allowed: a USB stick (E:\), a mapped share (Z:\, \\server\share), a
 * stick mounted under /media or /run/media.
 */
function systemFolders(): { roots: string[]; trees: string[] } {
  if (process.platform !== 'win32')
    return {
      roots: ['/'],
      trees: [
        '/bin',
        '/boot',
        '/dev',
        '/etc',
        '/lib',
        '/lib32',
        '/lib64',
        '/libx32',
        '/proc',
        '/sbin',
        '/sys',
        '/usr',
        '/var/lib',
        '/System',
        '/Library',
        '/Applications',
      ],
    }
  const env = process.env
  const windows = env.SystemRoot ?? 'C:\\Windows'
  return {
    roots: [path.parse(path.resolve(windows)).root],
    trees: [windows, env.ProgramFiles, env['ProgramFiles(x86)'], env.ProgramData].filter((f): f is string => !!f),
  }
}

/**
 * A folder the manager picked, checked before anything is recorded: a full path (exportFolder) of a folder that
 * is already there (a typing slip never makes a new one), neither the system's root nor a system folder, nor
 * the terminal's own data folder (its database and keys) other than the reports folder inside it. Checked as
 * typed and again as the folder really is, so a link or a second name for a folder (a symlink, a junction, an
 * 8.3 name, a trailing dot) leads nowhere the typed path could not.
 */
export function pickedFolder(folder: string, own: { dataDir: string; reportsDir: string }): string {
  const dir = exportFolder(folder)
  const reports = path.resolve(own.reportsDir)
  const refuse = (why: string) => new PosError('VALIDATION', `${dir} ${why} Pick another folder.`, { folder: dir })
  const system = systemFolders()
  const check = (at: string, realReports: string, realData: string) => {
    if (system.roots.some((r) => path.relative(r, at) === '') || system.trees.some((f) => within(f, at)))
      throw refuse('is a folder of the operating system: no report belongs there.')
    if (within(realData, at) && !within(realReports, at)) throw refuse("holds this terminal's own data.")
  }
  check(dir, reports, own.dataDir)
  // The reports folder is the app's own: made when first needed, whoever picks it.
  if (dir === reports) return dir
  let real: string
  try {
    if (!fs.statSync(dir).isDirectory()) throw refuse('is not a folder.')
    real = fs.realpathSync.native(dir)
  } catch (err) {
    if (err instanceof PosError) throw err
    const code = (err as { code?: string }).code
    if (code === 'ENOENT')
      throw new PosError('VALIDATION', `The folder ${dir} cannot be found. Pick another folder.`, { folder: dir })
    if (code === 'ENOTDIR') throw refuse('is not a folder.')
    throw new PosError('VALIDATION', exportFailure(err, dir), { folder: dir })
  }
  const realOf = (p: string) => {
    try {
      return fs.realpathSync.native(p)
    } catch {
      return path.resolve(p)
    }
  }
  check(real, realOf(reports), realOf(own.dataDir))
  return dir
}

/**
 * Removes a file if it is there; a path that cannot hold one (a folder that is a file) has nothing to remove.
 * A file that cannot be removed (held open by an antivirus, a stick pulled out) is logged, never thrown: it is
 * under a name no one takes for a report.
 */
function removeQuietly(file: string, log: (msg: string, err?: unknown) => void): void {
  try {
    fs.rmSync(file, { force: true })
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOTDIR') log(`could not remove ${file}`, err)
  }
}

function flushToDisk(file: string): void {
  const fd = fs.openSync(file, 'r+')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

/** UTC instants as the store's wall-clock time, "2026-11-03 14:05:22"; the offset looked up once per hour. */
function localTimes(zone: string): (iso: string) => string {
  const offsets = new Map<string, number>()
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
  const offsetOf = (ms: number) => {
    const p = Object.fromEntries(parts.formatToParts(ms).map((x) => [x.type, x.value]))
    return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute, +p.second) - Math.floor(ms / 1000) * 1000
  }
  return (iso) => {
    const ms = Date.parse(iso)
    const hour = iso.slice(0, 13)
    let off = offsets.get(hour)
    if (off === undefined) offsets.set(hour, (off = offsetOf(ms)))
    return new Date(ms + off).toISOString().slice(0, 19).replace('T', ' ')
  }
}

export class ReportExports implements Service {
  private readonly running = new Map<string, Running>()
  private readonly openFile: (tmp: string) => Writable

  constructor(
    private readonly ctx: Ctx,
    private readonly opts: ExportOptions,
  ) {
    this.openFile = opts.openFile ?? ((tmp) => fs.createWriteStream(tmp, { flags: 'wx' }))
  }

  /**
   * At start: an export the process died in is failed and its temporary file removed; a day close's report is
   * written again (its figures are stored: nothing is lost by the crash).
   */
  start(): void {
    const now = this.ctx.clock().toISOString()
    for (const r of scheduledReports(this.ctx.db)) {
      if (r.kind === 'day') {
        removeQuietly(path.join(path.resolve(this.opts.reportsDir), `.${r._id}.part`), this.opts.log)
        this.dayReport(r._id, r.business_day ?? '', r.generated_by)
        continue
      }
      const tmp = r.kind === 'period' ? (JSON.parse(r.body) as { temp?: string }).temp : undefined
      if (tmp) removeQuietly(tmp, this.opts.log)
      this.finish(r, { status: 'failed', failure: 'The app stopped before this report was finished.' }, now)
    }
  }

  /** The app is closing: every export stops, its temporary file removed, its record failed. */
  async stop(): Promise<void> {
    for (const q of this.queued.splice(0))
      this.end(q, { status: 'failed', failure: 'The app closed before the export began.' })
    const ends = [...this.running.values()].map((r) => {
      r.controller.abort(new AppClosing('The app closed during the export.'))
      return r.ended
    })
    await Promise.allSettled(ends)
  }

  /** Starts an export and answers with its record (scheduled); 'report-progress' reports the rest. */
  begin(userId: string, scope: ReportScope, args: ParsedArgsOf<'report-export'>): ReportRecord {
    const { period } = periodOf(this.ctx, args.period)
    const table = args.format === 'csv' ? (args.table ?? 'summary') : undefined
    if (table !== undefined && DETAIL_EXPORTS[args.report]?.id !== table && !REPORT_TABLES[args.report].includes(table))
      throw new PosError('VALIDATION', `The ${args.report} report has no table "${table}".`)
    const reportsDir = path.resolve(this.opts.reportsDir)
    const folder =
      args.folder === undefined
        ? reportsDir
        : pickedFolder(args.folder, { dataDir: path.dirname(path.resolve(this.opts.dbFile)), reportsDir })
    const name = fileName(args.report, period.first, period.last, args.format, table)
    const id = this.ctx.newId()
    const now = this.ctx.clock().toISOString()
    const body = { format: args.format, table, period: args.period, folder, temp: path.join(folder, `.${id}.part`) }
    const row = this.schedule(userId, {
      id,
      report_type: args.report,
      start: period.start,
      end: period.end,
      body,
      now,
      what: `${args.report} report ${period.first} to ${period.last} as ${table ? `CSV (${table})` : 'PDF'} into ${folder}`,
    })
    this.launch({ id, type: args.report, req: args.period, scope, format: args.format, table, folder, name, userId })
    return recordOf(row, this.nameOf(userId))
  }

  /**
   * Another domain's document through the same pipeline (a budget): recorded in `reports` with its own type and
   * period, laid out by `build` on the export's connection, written and published the same way.
   */
  beginDocument(
    userId: string,
    d: {
      report_type: 'budget'
      first: string
      last: string
      start: string
      end: string
      format: 'pdf' | 'csv'
      table?: string
      tables: readonly string[]
      name: string
      build: (db: ReadDB) => ReportDocument
    },
  ): ReportRecord {
    const table = d.format === 'csv' ? (d.table ?? d.tables[0]) : undefined
    if (table !== undefined && !d.tables.includes(table))
      throw new PosError('VALIDATION', `The ${d.report_type} has no table "${table}".`)
    const folder = path.resolve(this.opts.reportsDir)
    const id = this.ctx.newId()
    const now = this.ctx.clock().toISOString()
    const body = { format: d.format, table, name: d.name, folder, temp: path.join(folder, `.${id}.part`) }
    const row = this.schedule(userId, {
      id,
      report_type: d.report_type,
      start: d.start,
      end: d.end,
      body,
      now,
      what: `${d.name} as ${table ? `CSV (${table})` : 'PDF'} into ${folder}`,
    })
    const span = d.first === d.last ? d.first : `${d.first}_${d.last}`
    this.launch({
      id,
      build: d.build,
      type: 'sales',
      req: { kind: 'custom', from: d.first, to: d.last },
      scope: { kind: 'store' },
      format: d.format,
      table,
      folder,
      name: `${d.report_type}${table ? `-${table}` : ''}_${span}.${d.format}`,
      userId,
    })
    return recordOf(row, this.nameOf(userId))
  }

  /** The day close's report: its scheduled record, completed with the stored day report as a PDF. */
  dayReport(reportId: string, day: string, userId: string): void {
    const row = reportById(this.ctx.db, reportId)
    this.launch({
      id: reportId,
      day: row ? (JSON.parse(row.body) as DayReport) : undefined,
      type: 'sales',
      req: { kind: 'custom', from: day, to: day },
      scope: { kind: 'store' },
      format: 'pdf',
      table: undefined,
      folder: path.resolve(this.opts.reportsDir),
      name: `day-report_${day}.pdf`,
      userId,
    })
  }

  cancel(userId: string, reportId: string): ReportRecord {
    const row = reportById(this.ctx.read, reportId)
    if (!row || row.store_id !== this.ctx.store._id) throw new PosError('NOT_FOUND', 'No such report.')
    // The day close's report is the day's record: it is written, not cancelled.
    if (row.kind !== 'period')
      throw new PosError('NOT_ALLOWED', 'The day report is not an export: it cannot be cancelled.')
    const why = new ExportStopped(`Cancelled by ${this.nameOf(userId)}.`)
    const waiting = this.queued.findIndex((q) => q.id === reportId)
    if (waiting >= 0) this.end(this.queued.splice(waiting, 1)[0], { status: 'failed', failure: why.message })
    else {
      const job = this.running.get(reportId)
      if (!job) throw new PosError('NOT_ALLOWED', `That export is already ${row.status}.`)
      job.controller.abort(why)
    }
    return recordOf(row, this.nameOf(row.generated_by))
  }

  /** Waits for an export to end (tests, and the day close's caller that wants its file). */
  async settled(reportId: string): Promise<void> {
    await this.running.get(reportId)?.ended
  }

  /** An export's record, scheduled: written, queued for central and audited in one transaction. */
  private schedule(
    userId: string,
    r: {
      id: string
      report_type: ReportRow['report_type']
      start: string
      end: string
      body: object
      now: string
      what: string
    },
  ): ReportRow {
    const row: ReportRow = {
      _id: r.id,
      report_type: r.report_type,
      kind: 'period',
      store_id: this.ctx.store._id,
      device_id: this.ctx.device.device_id,
      generated_by: userId,
      period_start: r.start,
      period_end: r.end,
      business_day: null,
      shift_id: null,
      z_number: null,
      status: 'scheduled',
      report_url: null,
      body: JSON.stringify(r.body),
      created_at: r.now,
    }
    inTransaction(this.ctx.db, () => {
      insertReport(this.ctx.db, row)
      enqueue(this.ctx.db, 'reports', r.id, 'insert', this.documentOf(row, r.body), r.now)
      auditEntry(this.ctx, userId, {
        action: 'report.export',
        entity_type: 'report',
        entity_id: r.id,
        description: r.what,
      })
    })
    return row
  }

  private nameOf(userId: string): string {
    return userNames(this.ctx.read).get(userId) ?? userId
  }

  private documentOf(row: ReportRow, body: unknown) {
    return {
      _id: row._id,
      report_type: row.report_type,
      kind: row.kind,
      store_id: row.store_id,
      device_id: row.device_id,
      generated_by: row.generated_by,
      period: { start_date: row.period_start, end_date: row.period_end },
      status: row.status,
      report_url: null,
      body,
      created_at: row.created_at,
    }
  }

  private readonly queued: Job[] = []

  /** Runs the export now, or once one of the running ones ends (at most MAX_RUNNING at once). */
  private launch(job: Job): void {
    if (this.running.size >= MAX_RUNNING) {
      this.queued.push(job)
      return
    }
    const controller = new AbortController()
    const ended = this.run(job, controller.signal)
      .catch((err) => this.opts.log(`report export ${job.id} could not be recorded`, err))
      .finally(() => {
        const next = this.queued.shift()
        if (next && this.ctx.db.open) this.launch(next)
      })
    this.running.set(job.id, { controller, ended })
  }

  private readonly lastProgress = new Map<string, { done: number; total: number | null }>()

  private progress(p: ReportProgress): void {
    if (p.status === 'running') this.lastProgress.set(p.report_id, { done: p.done, total: p.total })
    else this.lastProgress.delete(p.report_id)
    this.ctx.events.emit('report-progress', p)
  }

  /** The records as listed, with how far each running export has got. */
  withProgress(list: ReportRecord[]): ReportRecord[] {
    return list.map((r) => {
      const p = this.lastProgress.get(r._id)
      return p ? { ...r, done: p.done, total: p.total } : r
    })
  }

  private async run(job: Job, signal: AbortSignal): Promise<void> {
    const tmp = path.join(job.folder, `.${job.id}.part`)
    let db: ReadDB | null = null
    try {
      // Let the call that asked for it answer first.
      await nextTurn()
      // The reports folder is the app's own, made when first needed; a picked folder is there already
      // (pickedFolder): if it has gone since, the export fails rather than make it again.
      if (job.folder === path.resolve(this.opts.reportsDir)) fs.mkdirSync(job.folder, { recursive: true })
      db = openReader(this.opts.dbFile)
      // One read transaction: every page and figure of the file is of the same instant.
      db.prepare('BEGIN').run()
      const out = this.openFile(tmp)
      const fmt: CellFormat = { currency: this.ctx.store.currency, locale: getSetting(this.ctx.read, 'locale') }
      if (job.format === 'pdf') await this.writePdf(job, db, fmt, out, signal)
      else if (!job.build && DETAIL_EXPORTS[job.type]?.id === job.table) await this.writeTickets(job, db, out, signal)
      else await this.writeTable(job, db, out, signal)
      if (signal.aborted) throw signal.reason
      flushToDisk(tmp)
      const file = publish(tmp, job.folder, job.name)
      this.end(job, { status: 'completed', report_url: file })
    } catch (err) {
      removeQuietly(tmp, this.opts.log)
      if (job.day && signal.reason instanceof AppClosing) {
        this.running.delete(job.id)
        return
      }
      const failure = exportFailure(signal.aborted ? signal.reason : err, job.folder)
      if (!(err instanceof ExportStopped) && !signal.aborted) this.opts.log(`report export ${job.id} failed`, err)
      this.end(job, { status: 'failed', failure })
    } finally {
      if (db?.open) db.close()
    }
  }

  private end(job: Job, done: { status: 'completed'; report_url: string } | { status: 'failed'; failure: string }) {
    // Ended: no longer cancellable, whoever hears of it next.
    this.running.delete(job.id)
    try {
      const row = this.ctx.db.open ? reportById(this.ctx.db, job.id) : null
      if (row) this.finish(row, done, this.ctx.clock().toISOString())
    } catch (err) {
      // The record could not be written (a full disk): the next start finds it scheduled and says so. A file
      // already published stays where it is; it is complete.
      this.opts.log(`report ${job.id} ended ${done.status} but its record could not be written`, err)
    }
    this.progress({
      report_id: job.id,
      status: done.status,
      done: 0,
      total: null,
      file: done.status === 'completed' ? done.report_url : null,
      message: done.status === 'failed' ? done.failure : null,
    })
  }

  private finish(
    row: ReportRow,
    done: { status: 'completed'; report_url: string } | { status: 'failed'; failure: string },
    now: string,
  ): void {
    inTransaction(this.ctx.db, () => {
      finishReport(this.ctx.db, row._id, done, now)
      enqueue(
        this.ctx.db,
        'reports',
        row._id,
        'update',
        {
          status: done.status,
          report_url: done.status === 'completed' ? done.report_url : null,
          failure: done.status === 'failed' ? done.failure : null,
          finished_at: now,
        },
        now,
      )
    })
  }

  private async writePdf(job: Job, db: ReadDB, fmt: CellFormat, out: Writable, signal: AbortSignal) {
    const doc = this.documentOfJob(job, db)
    await writeReportPdf(
      doc,
      {
        store: this.ctx.store.name,
        device_id: this.ctx.device.device_id,
        generated_at: this.ctx.clock().toISOString(),
        generated_by: this.nameOf(job.userId),
        zone: this.ctx.store.timezone,
      },
      fmt,
      out,
      {
        signal,
        progress: (done, total) =>
          this.progress({ report_id: job.id, status: 'running', done, total, file: null, message: null }),
      },
    )
  }

  private documentOfJob(job: Job, db: ReadDB): ReportDocument {
    if (job.day) return dayDocument(job.day)
    if (job.build) return job.build(db)
    return reportDocument(job.type, reportOf(this.ctx, job.type, job.req, job.scope, db))
  }

  private async writeTable(job: Job, db: ReadDB, out: Writable, signal: AbortSignal) {
    const doc = this.documentOfJob(job, db)
    const t = doc.tables.find((x) => x.id === job.table)!
    const csv = csvLines([
      t.columns.map((c) => c.label),
      ...t.rows.map((r) => r.map((v, i) => csvCell(v, t.columns[i].type))),
    ])
    await pipeline(Readable.from([csv]), out, { signal })
  }

  /** Every ticket of the period, a page at a time in time order: draw tickets, then the instant ones. */
  private async writeTickets(job: Job, db: ReadDB, out: Writable, signal: AbortSignal) {
    const { period } = periodOf(this.ctx, job.req)
    const range = rangeOf(this.ctx, period, job.scope)
    const spec = DETAIL_EXPORTS[job.type]!
    const local = localTimes(this.ctx.store.timezone)
    // A sale's tickets share its time, and a game's draw: each converted once for the run of rows that share it.
    const lastOf = (f: (iso: string) => string) => {
      let input = ''
      let output = ''
      return (iso: string) => (iso === input ? output : ((input = iso), (output = f(iso))))
    }
    const soldAt = lastOf(local)
    const drawAt = lastOf(local)
    const total = ticketCount(db, range)
    // Names are the store's own text: neutralised so a spreadsheet never runs one as a formula.
    const line = (r: TicketLine) => [
      soldAt(r[1]),
      r[2],
      neutralised(r[3]),
      r[4] ? drawAt(r[4]) : '',
      r[5] ?? '',
      minorToDecimal(r[6]),
      r[7],
      r[8],
      neutralised(r[9]),
      r[10],
    ]
    const emit = (done: number, all: number | null) =>
      this.progress({ report_id: job.id, status: 'running', done, total: all, file: null, message: null })
    async function* pages(): AsyncGenerator<string> {
      yield csvLines([spec.columns.map((c) => c.label)])
      let after = { t: range.start, rid: 0 }
      let done = 0
      for (;;) {
        const rows = ticketPage(db, range, after, PAGE_ROWS)
        if (rows.length === 0) break
        const last = rows[rows.length - 1]
        after = { t: last[1], rid: last[0] }
        done += rows.length
        yield csvLines(rows.map(line))
        emit(done, total)
        // The event loop is the counter's too: a sale in the queue goes before the next page.
        await nextTurn()
      }
      // Then the instant tickets, in pages the same way.
      let afterInstant = { t: range.start, rid: 0 }
      for (;;) {
        const rows = instantPage(db, range, afterInstant, PAGE_ROWS)
        if (rows.length === 0) break
        const last = rows[rows.length - 1]
        afterInstant = { t: last[1], rid: last[0] }
        done += rows.length
        yield csvLines(rows.map(line))
        emit(done, total)
        await nextTurn()
      }
    }
    await pipeline(Readable.from(pages()), out, { signal })
  }
}
