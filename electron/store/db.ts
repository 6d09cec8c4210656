import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { migrate } from './migrate'

/**
 * A read path gets `ReadDB`; only repositories that write get `WriteDB`.
 * Both are the same handle at run time: the brand stops a read-only function
 * from being handed a writer by accident (after Signal Desktop).
 */
export type WriteDB = Database.Database & { readonly __writable: true }
export type ReadDB = Omit<Database.Database, 'exec' | 'transaction'>

export function openDatabase(file: string, opts: { readonly?: boolean } = {}): WriteDB {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true })
  const db = new Database(file, { readonly: opts.readonly ?? false })
  configure(db, opts.readonly)
  if (!opts.readonly) migrate(db)
  return db as WriteDB
}

/**
 * The second connection, for read paths (after Signal Desktop's): opened read-only and with query_only
 * set, so a read repository cannot write even by mistake, and a long read (a report) never holds the
 * writer's lock. In WAL mode it sees every committed write.
 */
export function openReader(file: string, onStatement?: (sql: string) => void): ReadDB {
  const db = new Database(file, {
    readonly: true,
    fileMustExist: true,
    ...(onStatement ? { verbose: (sql: unknown) => onStatement(String(sql)) } : {}),
  })
  db.pragma('busy_timeout = 5000')
  db.pragma('query_only = ON')
  return db as unknown as ReadDB
}

export function configure(db: Database.Database, readonly = false): void {
  // A new file is made auto_vacuum INCREMENTAL, so pruning can give its pages back in small steps (compact.ts):
  // the mode is fixed by the first page written, and switching to WAL below writes it.
  if (!readonly && (db.pragma('page_count', { simple: true }) as number) === 0) db.pragma('auto_vacuum = INCREMENTAL')
  // WAL keeps readers off the writer's back. synchronous=FULL is set explicitly:
  // in WAL mode better-sqlite3's default (NORMAL) can lose the last committed
  // sale on power loss, and a POS must never lose a confirmed sale.
  if (!readonly) db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
}

const runners = new WeakMap<WriteDB, Database.Transaction<(fn: () => unknown) => unknown>>()

/**
 * Runs fn in one IMMEDIATE transaction: everything commits or nothing does.
 * IMMEDIATE takes the write lock up front, so a sale never fails half-way on a
 * lock upgrade. One runner per handle: building a new one per call showed up in
 * the sale benchmark.
 */
export function inTransaction<T>(db: WriteDB, fn: () => T): T {
  let run = runners.get(db)
  if (!run) runners.set(db, (run = db.transaction((f: () => unknown) => f())))
  return run.immediate(fn) as T
}

/**
 * Runs fn's reads in one read transaction: every statement sees the database as it stood at the first, whatever
 * another connection commits meanwhile. Nothing is written; on a read-only handle too.
 */
export function inReadSnapshot<T>(db: ReadDB, fn: () => T): T {
  db.prepare('BEGIN DEFERRED').run()
  try {
    return fn()
  } finally {
    db.prepare('COMMIT').run()
  }
}
