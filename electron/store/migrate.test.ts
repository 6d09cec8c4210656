import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../../tests/support/backend'
import { openDatabase } from './db'
import { checksum, migrate, schemaVersion } from './migrate'
import { migrations } from './migrations'
import lock from './migrations.lock.json'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })))
const dbFile = () => {
  const d = tempDir()
  dirs.push(d)
  return path.join(d, 'pos.sqlite')
}

describe('migrations', () => {
  it('are numbered 1..N with no gaps, and none landed has been edited', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1))
    const locked = lock as Record<string, string>
    for (const m of migrations) {
      // A new migration is added to migrations.lock.json in the same commit; a landed one never changes.
      expect(locked[String(m.version)], `migration ${m.version} is missing from migrations.lock.json`).toBeDefined()
      expect(checksum(m), `migration ${m.version} (${m.name}) was edited after it landed`).toBe(
        locked[String(m.version)],
      )
    }
  })

  it('open the store in WAL with synchronous FULL, foreign keys on and STRICT tables', () => {
    const db = openDatabase(dbFile())
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('synchronous', { simple: true })).toBe(2) // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    const tables = db
      .prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'")
      .all() as { name: string; strict: number }[]
    expect(tables.length).toBeGreaterThan(10)
    for (const t of tables) expect(t, t.name).toMatchObject({ strict: 1 })
    expect(schemaVersion(db)).toBe(migrations.length)
    db.close()
  })

  it('apply once, and refuse to run on a database whose applied migration differs', () => {
    const file = dbFile()
    const db = new Database(file)
    expect(migrate(db)).toBe(migrations.length)
    expect(migrate(db)).toBe(0)
    db.prepare("UPDATE schema_migrations SET checksum = 'x' WHERE version = 1").run()
    expect(() => migrate(db)).toThrow(/edited after it was applied/)
    db.close()
  })
})
