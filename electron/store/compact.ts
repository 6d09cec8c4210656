import type Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'

/**
 * The file gives back what pruning frees, a few pages at a time: the database is in auto_vacuum INCREMENTAL
 * mode (a new one from its first page, db.ts; an older one converted once by `ensureIncremental`), so
 * `PRAGMA incremental_vacuum(N)` moves up to N pages from the end of the file into free slots and truncates,
 * each call its own short write transaction between sales.
 */

export type AutoVacuum = 'none' | 'full' | 'incremental'
const MODES: AutoVacuum[] = ['none', 'full', 'incremental']

export function autoVacuum(db: Database.Database): AutoVacuum {
  return MODES[db.pragma('auto_vacuum', { simple: true }) as number] ?? 'none'
}

export interface FileFigures {
  pages: number
  free: number
  pageSize: number
}
export function fileFigures(db: Database.Database): FileFigures {
  return {
    pages: db.pragma('page_count', { simple: true }) as number,
    free: db.pragma('freelist_count', { simple: true }) as number,
    pageSize: db.pragma('page_size', { simple: true }) as number,
  }
}

/** Gives back up to `pages` free pages to the file system (one short transaction); returns how many went. */
export function vacuumStep(db: Database.Database, pages: number): number {
  const before = db.pragma('freelist_count', { simple: true }) as number
  if (before === 0) return 0
  db.exec(`PRAGMA incremental_vacuum(${Math.max(1, Math.floor(pages))})`)
  return before - (db.pragma('freelist_count', { simple: true }) as number)
}

export type Conversion =
  | { converted: false; reason: 'already' | 'no-disk' | 'failed'; detail?: string }
  | { converted: true; ms: number; bytesBefore: number; bytesAfter: number }

/** Free bytes where the file lives; Infinity when the platform cannot tell. */
function freeBytes(dir: string): number {
  try {
    const s = fs.statfsSync(dir)
    return s.bavail * s.bsize
  } catch {
    return Infinity
  }
}

/**
 * Once, for a database made before auto_vacuum INCREMENTAL (mode NONE): the mode only changes with a full
 * VACUUM, which rewrites the live pages into a new file and holds the write lock throughout, so it runs at
 * start, before the backend takes a sale (after the backup a migration takes), never on a timer. It needs about
 * twice the live data in free space (a temporary copy, then the write-ahead log of the rewrite): with less
 * it waits for a later start and pruning still reuses the freed pages, so the file stops growing. A failure
 * leaves the database as it was (VACUUM is one transaction) and the terminal starts.
 */
export function ensureIncremental(db: Database.Database, file: string): Conversion {
  if (autoVacuum(db) === 'incremental') return { converted: false, reason: 'already' }
  const f = fileFigures(db)
  const live = (f.pages - f.free) * f.pageSize
  if (file !== ':memory:' && freeBytes(path.dirname(file)) < 2 * live + 64 * 1024 * 1024)
    return { converted: false, reason: 'no-disk' }
  const started = performance.now()
  try {
    db.pragma('auto_vacuum = INCREMENTAL')
    db.exec('VACUUM')
    // The rewrite went through the write-ahead log: back into the file, and the log emptied.
    db.pragma('wal_checkpoint(TRUNCATE)')
  } catch (err) {
    return { converted: false, reason: 'failed', detail: (err as Error).message }
  }
  const after = fileFigures(db)
  return {
    converted: true,
    ms: performance.now() - started,
    bytesBefore: f.pages * f.pageSize,
    bytesAfter: after.pages * after.pageSize,
  }
}
