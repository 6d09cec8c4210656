import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { strToU8, zipSync } from 'fflate'
import type { DiagnosticsBundleView } from '../../shared/contract'
import { verifyChain } from '../audit/chain'
import { recentLogLines } from '../core/log'
import { checkTerminalFile } from '../device/config'
import { listBackups } from '../store/backup'
import type { ReadDB } from '../store/db'
import { addressSecrets, redact } from '../sync/errors'

/** How many of the newest log lines a bundle carries. */
export const BUNDLE_LOG_LINES = 2000
/** Bundles kept in diagnostics/: the oldest go, so the folder never grows without end. */
const KEEP_BUNDLES = 10

export const diagnosticsDirOf = (dataDir: string) => path.join(dataDir, 'diagnostics')

type Secret = string | null | undefined

/** A section of the report: its figures, or why they could not be had (a bundle is wanted most when things are broken). */
export function section<T>(read: () => T): T | { error: string } {
  try {
    return read()
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) }
  }
}

export function versions(posVersion: string, db: ReadDB | null) {
  const v = process.versions as NodeJS.ProcessVersions & { electron?: string; chrome?: string }
  return {
    pos_version: posVersion,
    node: v.node,
    electron: v.electron ?? null,
    chrome: v.chrome ?? null,
    sqlite: db ? section(() => (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v) : null,
    os: { platform: process.platform, release: os.release(), version: os.version(), arch: process.arch },
    hostname: os.hostname(),
    uptime_s: Math.round(process.uptime()),
  }
}

/** Names whose value is a secret wherever they appear in the terminal file. */
const SECRET_KEY = /pass(?:word|wd)?|pwd|secret|token|credential|api[_-]?key|private[_-]?key/i

/** The terminal file's own secrets: central's password and whatever its address carries. */
export function fileSecrets(raw: unknown): string[] {
  const central = (raw as { central?: { uri?: unknown; password?: unknown } } | null)?.central
  const out: string[] = []
  if (typeof central?.password === 'string') out.push(central.password)
  if (typeof central?.uri === 'string') out.push(...addressSecrets(central.uri))
  return out
}

/** A password in any address's user info (https://user:pw@host/), not only central's: masked, the user kept. */
const USERINFO_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:"'`<>]*:)[^\s/?#@"'`<>]+@/gi
const bundleRedact = (text: string, secrets: Secret[]) => redact(text, secrets).replace(USERINFO_PASSWORD, '$1***@')

/** A copy with every secret-named value masked and every string passed through the sync errors' redaction. */
export function scrub(value: unknown, secrets: Secret[]): unknown {
  if (typeof value === 'string') return bundleRedact(value, secrets)
  if (Array.isArray(value)) return value.map((v) => scrub(v, secrets))
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        SECRET_KEY.test(k) && v !== '' && v !== null && v !== undefined ? '***' : scrub(v, secrets),
      ]),
    )
  return value
}

/**
 * The terminal file as IT wrote it, secrets removed; read raw, so a file the app refuses is shown too, with
 * the app's own list of its problems (`check`).
 */
export function terminalFile(file: string | null, check: (file: string) => string[]) {
  const none = { file, found: false, content: null, problems: [] as string[], secrets: [] as string[] }
  if (!file) return none
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return none
    throw err
  }
  let raw: unknown
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (err) {
    // Not JSON: its text is not shown, since a password in it could not be told from the rest.
    return { ...none, found: true, problems: [`not valid JSON: ${(err as Error).message}`] }
  }
  const secrets = fileSecrets(raw)
  const problems = check(file).map((p) => redact(p, secrets))
  return { file, found: true, content: scrub(raw, secrets), problems, secrets }
}

/** The app's own check of the terminal file, one line per problem. */
export const problemsOf = (file: string, dataDir: string) =>
  checkTerminalFile(file, { dataDir }).problems.map((p) => `${p.path ? `${p.path}: ` : ''}${p.message}`)

/** SQLite's own check of the file (quick_check: every page and record, without cross-checking the indexes). */
export function integrity(db: ReadDB) {
  const rows = db.pragma('quick_check(20)') as Record<string, string>[]
  const problems = rows.map((r) => String(Object.values(r)[0])).filter((v) => v !== 'ok')
  return { check: 'quick_check', ok: problems.length === 0, problems }
}

/** The audit chain, verified with the terminal's key (by default the one its database handle holds); a few broken entries, not all. */
export function audit(db: ReadDB, key?: Buffer) {
  const r = key ? verifyChain(db, key) : verifyChain(db)
  return { ...r, broken: r.broken.slice(0, 20) }
}

export function backups(dataDir: string) {
  return listBackups(dataDir)
    .slice(0, 5)
    .map(({ name, created_at, reason, size }) => ({ name, created_at, reason, size }))
}

export function files(dataDir: string) {
  const size = (f: string) => section(() => (fs.existsSync(f) ? fs.statSync(f).size : null))
  const db = path.join(dataDir, 'pos.sqlite')
  return {
    data_dir: path.resolve(dataDir),
    db_bytes: size(db),
    wal_bytes: size(`${db}-wal`),
    free_bytes: section(() => {
      const s = fs.statfsSync(dataDir)
      return s.bavail * s.bsize
    }),
  }
}

export interface BundleInput {
  dataDir: string
  now: Date
  deviceId: string
  report: Record<string, unknown>
  /** Every secret known to whoever writes the bundle; removed once more from the whole of it. */
  secrets: Secret[]
}

export interface WrittenBundle {
  file: string
  name: string
  size: number
  created_at: string
  zip: Uint8Array
}

/**
 * Writes the zip: diagnostics.json (the report) and pos-log.txt (the newest log lines). Both pass the
 * redaction once more as whole texts, whatever each section did: nothing with a password leaves.
 */
export function writeBundle(input: BundleInput): WrittenBundle {
  const created_at = input.now.toISOString()
  const logLines = recentLogLines(input.dataDir, BUNDLE_LOG_LINES)
  const report = { bundle: { format: 1, created_at, log_lines: logLines.length }, ...input.report }
  const json = bundleRedact(JSON.stringify(report, null, 2), input.secrets)
  const log = bundleRedact(logLines.join('\n') + (logLines.length ? '\n' : ''), input.secrets)
  const zip = zipSync(
    { 'diagnostics.json': strToU8(json), 'pos-log.txt': strToU8(log) },
    { level: 6, mtime: input.now },
  )
  const dir = diagnosticsDirOf(input.dataDir)
  fs.mkdirSync(dir, { recursive: true })
  const stamp = created_at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
  const base = `diagnostics-${input.deviceId.replace(/[^A-Za-z0-9-]/g, '_')}-${stamp}`
  let name = `${base}.zip`
  for (let n = 2; fs.existsSync(path.join(dir, name)); n++) name = `${base}-${n}.zip`
  const file = path.join(dir, name)
  fs.writeFileSync(`${file}.partial`, zip)
  fs.renameSync(`${file}.partial`, file)
  prune(dir)
  return { file, name, size: zip.length, created_at, zip }
}

function prune(dir: string) {
  const bundles = fs
    .readdirSync(dir)
    .filter((f) => /^diagnostics-.*\.zip$/.test(f))
    .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t || b.f.localeCompare(a.f))
  for (const { f } of bundles.slice(KEEP_BUNDLES)) fs.rmSync(path.join(dir, f), { force: true })
}

type Check = DiagnosticsBundleView['checks'][number]
const PRINTER_WORDS: Record<string, string> = {
  not_configured: 'not set up',
  unknown: 'nothing printed yet since the start',
  ready: 'ready',
  error: 'failing',
  not_asked: "not asked (the app's own bundle has the print queue's state)",
}
const failed = (v: unknown): v is { error: string } => !!v && typeof v === 'object' && 'error' in v

/** The screen's few words per check, from the report's own sections. */
export function checksOf(report: {
  integrity: ReturnType<typeof integrity> | { error: string }
  audit: ReturnType<typeof audit> | { error: string }
  sync: { pending: number; dead: number; conflicts: number; last_success: string | null } | { error: string }
  printer: { state: string; message: string | null; pending_prints: number } | { error: string }
  config?: { found: boolean; problems: string[] } | { error: string }
}): Check[] {
  const { integrity: i, audit: a, sync: s, printer: p, config: f } = report
  return [
    ...(f === undefined
      ? []
      : [
          failed(f)
            ? { label: 'Terminal file', ok: false, summary: `not read: ${f.error}` }
            : {
                label: 'Terminal file',
                ok: f.problems.length === 0,
                summary: !f.found
                  ? 'none (demo data)'
                  : f.problems.length === 0
                    ? 'no problems'
                    : `${f.problems.length} problem${f.problems.length === 1 ? '' : 's'}: ${f.problems.slice(0, 3).join('; ')}`,
              },
        ]),
    failed(i)
      ? { label: 'Database', ok: false, summary: `not checked: ${i.error}` }
      : { label: 'Database', ok: i.ok, summary: i.ok ? 'intact' : `damaged: ${i.problems.slice(0, 2).join('; ')}` },
    failed(a)
      ? { label: 'Audit chain', ok: false, summary: `not verified: ${a.error}` }
      : {
          label: 'Audit chain',
          ok: a.ok,
          summary: a.ok ? `intact (${a.entries} entries)` : `broken at entry ${a.first_broken_seq}`,
        },
    failed(s)
      ? { label: 'Sync', ok: false, summary: `unknown: ${s.error}` }
      : {
          label: 'Sync',
          ok: s.dead === 0 && s.conflicts === 0,
          summary: `${s.pending} pending, ${s.dead} dead, ${s.conflicts} conflicts; last success ${s.last_success ?? 'never'}`,
        },
    failed(p)
      ? { label: 'Printer', ok: false, summary: `unknown: ${p.error}` }
      : {
          label: 'Printer',
          ok: p.state !== 'error',
          summary: `${PRINTER_WORDS[p.state] ?? p.state}${p.message ? `: ${p.message}` : ''}${p.pending_prints ? `; ${p.pending_prints} tickets waiting to print` : ''}`,
        },
  ]
}

export function bundleView(w: WrittenBundle, checks: Check[]): DiagnosticsBundleView {
  return {
    file: w.file,
    name: w.name,
    size: w.size,
    created_at: w.created_at,
    checks,
    content_base64: Buffer.from(w.zip).toString('base64'),
  }
}
