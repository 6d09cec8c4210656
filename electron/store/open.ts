import Database from 'better-sqlite3'
import path from 'node:path'
import { backupNow, type BackupInfo } from './backup'
import { ensureIncremental, type Conversion } from './compact'
import { configure, type WriteDB } from './db'
import { StoreProblem, preflight } from './guard'
import { migrate, pendingMigrations, schemaVersion } from './migrate'

export interface OpenedStore {
  db: WriteDB
  /** The integrity check that ran: a full one after an unclean shutdown. */
  checked: 'quick_check' | 'integrity_check'
  /** Taken before migrations were applied to an existing database. */
  backup: BackupInfo | null
  /** The one-time switch of an older file to auto_vacuum INCREMENTAL (compact.ts), or why it did not happen. */
  compaction: Conversion
}

/**
 * Opens the terminal's database the careful way: refuse a missing or empty file
 * when a terminal lived here, never open (and so never let SQLite delete) a WAL
 * whose database is gone, check integrity before anything is written (in full
 * after an unclean shutdown), take a backup before any migration, and switch an older file to incremental
 * compaction once, before anything is sold.
 */
export function openStore(
  dbFile: string,
  opts: { hasIdentity: boolean; unclean: boolean; now: Date; dataDir: string; onStatement?: (sql: string) => void },
): OpenedStore {
  preflight(dbFile, opts.hasIdentity)
  let db: Database.Database
  try {
    db = new Database(dbFile, opts.onStatement ? { verbose: (sql) => opts.onStatement!(String(sql)) } : {})
  } catch (err) {
    throw new StoreProblem('corrupt', `The database file cannot be opened: ${(err as Error).message}.`)
  }
  try {
    configure(db)
    const checked = opts.unclean ? 'integrity_check' : 'quick_check'
    const rows = db.pragma(`${checked}(20)`) as Record<string, string>[]
    const problems = rows.map((r) => Object.values(r)[0]).filter((v) => v !== 'ok')
    if (problems.length) {
      throw new StoreProblem(
        'corrupt',
        `The database is damaged (${problems.slice(0, 3).join('; ')}). Selling is stopped so nothing is sold on bad data: restore the latest good backup.`,
      )
    }
    const fresh = !db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").get()
    let backup: BackupInfo | null = null
    if (!fresh && pendingMigrations(db) > 0)
      backup = backupNow(db, opts.dataDir, opts.now, `before-v${schemaVersion(db) + 1}`)
    migrate(db)
    const compaction = ensureIncremental(db, dbFile)
    return { db: db as WriteDB, checked, backup, compaction }
  } catch (err) {
    db.close()
    if (err instanceof StoreProblem) throw err
    const code = (err as { code?: string }).code ?? ''
    if (/SQLITE_(CORRUPT|NOTADB)/.test(code))
      throw new StoreProblem(
        'corrupt',
        `The database is damaged (${(err as Error).message}). Restore the latest good backup.`,
      )
    throw err
  }
}

export const dbFileIn = (dataDir: string) => path.join(dataDir, 'pos.sqlite')
