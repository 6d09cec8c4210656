import type Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'

/** How many backups are kept; the oldest beyond this are removed after a new one is complete. */
export const KEEP_BACKUPS = 5
/** A daily backup: taken when the newest is older than this. */
export const BACKUP_EVERY_MS = 24 * 3600_000

export interface BackupInfo {
  file: string
  name: string
  created_at: string
  reason: string
  size: number
}

export const backupDir = (dataDir: string) => path.join(dataDir, 'backups')

const NAME = /^pos-(\d{8}T\d{6}Z)-([a-z0-9-]+)\.sqlite$/

function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

function fromStamp(s: string): string {
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`
}

/** Complete backups, newest first. A copy still being written has a temporary name and is never listed. */
export function listBackups(dataDir: string): BackupInfo[] {
  const dir = backupDir(dataDir)
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir)
    .map((name) => ({ name, m: NAME.exec(name) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null)
    .map(({ name, m }) => {
      const file = path.join(dir, name)
      return { file, name, created_at: fromStamp(m[1]), reason: m[2], size: fs.statSync(file).size }
    })
    .sort((a, b) => (a.name < b.name ? 1 : -1))
}

function target(dataDir: string, now: Date, reason: string) {
  const dir = backupDir(dataDir)
  fs.mkdirSync(dir, { recursive: true })
  const name = `pos-${stamp(now)}-${reason.toLowerCase().replace(/[^a-z0-9-]/g, '-')}.sqlite`
  return { final: path.join(dir, name), tmp: path.join(dir, `.${name}.partial`) }
}

function prune(dataDir: string) {
  for (const b of listBackups(dataDir).slice(KEEP_BACKUPS)) fs.rmSync(b.file, { force: true })
}

function finish(tmp: string, final: string, dataDir: string): BackupInfo {
  const fd = fs.openSync(tmp, 'r+')
  fs.fsyncSync(fd)
  fs.closeSync(fd)
  fs.renameSync(tmp, final)
  prune(dataDir)
  return listBackups(dataDir).find((b) => b.file === final)!
}

/**
 * A consistent copy taken synchronously (VACUUM INTO reads inside one
 * transaction): used before migrations, when nothing else may run yet.
 */
export function backupNow(db: Database.Database, dataDir: string, now: Date, reason: string): BackupInfo {
  const { final, tmp } = target(dataDir, now, reason)
  fs.rmSync(tmp, { force: true })
  db.prepare('VACUUM INTO ?').run(tmp)
  return finish(tmp, final, dataDir)
}

/**
 * The daily backup, through SQLite's online backup API: it copies in steps
 * between which sales go on, and restarts by itself if a sale changes a page
 * already copied, so the result is one consistent moment.
 */
export async function backupOnline(db: Database.Database, dataDir: string, now: Date): Promise<BackupInfo> {
  const { final, tmp } = target(dataDir, now, 'daily')
  fs.rmSync(tmp, { force: true })
  await db.backup(tmp)
  return finish(tmp, final, dataDir)
}

/**
 * Due when no backup was taken in the last day. One named in the future (taken while the clock ran ahead)
 * does not count, or a clock set right again would stop the daily backups for as long as it had run ahead.
 */
export function backupDue(dataDir: string, now: Date): boolean {
  const t = now.getTime()
  return !listBackups(dataDir).some((b) => {
    const at = Date.parse(b.created_at)
    return at <= t && t - at < BACKUP_EVERY_MS
  })
}
