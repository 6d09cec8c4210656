import type Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { migrations, type Migration } from './migrations'

/**
 * What schema_migrations records of a migration. SQL: its text. Code: its name, since the function's text
 * changes when the app is bundled; the lock test guards a code migration by hashing its source file.
 */
export function checksum(m: Migration): string {
  return createHash('sha256')
    .update(m.sql ?? `code:${m.name}`)
    .digest('hex')
}

/**
 * Applies numbered, append-only migrations, each in its own transaction.
 * A migration already applied whose text has since changed stops the app:
 * editing history would leave terminals with different schemas.
 */
export function migrate(db: Database.Database, upTo = Infinity): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`)
  const applied = new Map(
    (
      db.prepare('SELECT version, checksum FROM schema_migrations').all() as { version: number; checksum: string }[]
    ).map((r) => [r.version, r.checksum]),
  )
  let count = 0
  for (const m of migrations) {
    if (m.version > upTo) break
    const sum = checksum(m)
    const had = applied.get(m.version)
    if (had !== undefined) {
      if (had !== sum) throw new Error(`migration ${m.version} (${m.name}) was edited after it was applied`)
      continue
    }
    const keys = m.rebuildsReferenced ? (db.pragma('foreign_keys', { simple: true }) as number) : 0
    const broken = () => (db.pragma('foreign_key_check') as unknown[]).length
    // What was already broken (by some older bug) is not this migration's to refuse: only what it would add.
    const before = m.rebuildsReferenced ? broken() : 0
    if (keys) db.pragma('foreign_keys = OFF')
    try {
      db.transaction(() => {
        if (m.up) m.up(db)
        else db.exec(m.sql)
        if (m.rebuildsReferenced && broken() > before)
          throw new Error(`migration ${m.version} (${m.name}) would break a foreign key`)
        db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)').run(
          m.version,
          m.name,
          sum,
          new Date().toISOString(),
        )
      })()
    } finally {
      if (keys) db.pragma('foreign_keys = ON')
    }
    count++
  }
  return count
}

export function schemaVersion(db: Database.Database): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }
  return row.v ?? 0
}

/** Migrations not yet applied to this database (0 for a new, empty one is still all of them). */
export function pendingMigrations(db: Database.Database): number {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get()
  if (!has) return migrations.length
  const done = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  )
  return migrations.filter((m) => !done.has(m.version)).length
}
