import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir, testBackend } from '../../tests/support/backend'
import { fillTickets } from '../../tests/support/history'
import { m018 } from './migrations/018-sales-hours'
import { openDatabase } from './db'
import { checksum, migrate, schemaVersion } from './migrate'
import { migrations } from './migrations'
import lock from './migrations.lock.json'

/** SQL migrations are locked by their text; code migrations by their source file (bundling changes function text). */
function lockValue(m: (typeof migrations)[number]): string {
  if (!m.up) return checksum(m)
  const dir = path.join(import.meta.dirname, 'migrations')
  const file = fs.readdirSync(dir).find((f) => f.startsWith(`${String(m.version).padStart(3, '0')}-`))!
  return createHash('sha256')
    .update(fs.readFileSync(path.join(dir, file)))
    .digest('hex')
}

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
      expect(lockValue(m), `migration ${m.version} (${m.name}) was edited after it landed`).toBe(
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

describe('the read-only connection', () => {
  it('reads what the writer committed and cannot write, even by mistake', async () => {
    const { testBackend } = await import('../../tests/support/backend')
    const b = testBackend()
    try {
      expect((b.ctx.read.prepare('SELECT COUNT(*) AS n FROM lotteries').get() as { n: number }).n).toBeGreaterThan(0)
      expect(() => b.ctx.read.prepare("UPDATE settings SET value = '1' WHERE key = 'x'").run()).toThrow(/readonly/i)
      expect(() =>
        b.ctx.read
          .prepare(
            "INSERT INTO notifications (_id, title, message, type, created_at) VALUES ('a','b','c','marketing','d')",
          )
          .run(),
      ).toThrow(/readonly/i)
      b.ctx.db.prepare("UPDATE lotteries SET name = 'Renamed' WHERE code = 'LOTTO'").run()
      expect(b.ctx.read.prepare("SELECT name FROM lotteries WHERE code = 'LOTTO'").get()).toEqual({ name: 'Renamed' })
    } finally {
      await b.cleanup()
    }
  })
})

describe('code migrations, each with an upgrade test', () => {
  it('006 rewrites instants stored with an offset into the one form draws are matched by', () => {
    const file = dbFile()
    const db = new Database(file)
    migrate(db, 5)
    const at = '2026-11-21T13:00:00-05:00'
    db.prepare(
      "INSERT INTO draw_results (_id, lottery_id, draw_date, winning_numbers, status, created_at, updated_at) VALUES ('a', 'l', ?, '[1]', 'official', ?, ?)",
    ).run(at, at, '2026-11-21T18:05:00.000Z')
    migrate(db, 6)
    expect(db.prepare("SELECT draw_date, created_at, updated_at FROM draw_results WHERE _id = 'a'").get()).toEqual({
      draw_date: '2026-11-21T18:00:00.000Z',
      created_at: '2026-11-21T18:00:00.000Z',
      updated_at: '2026-11-21T18:05:00.000Z',
    })
    db.close()
  })

  it('020 rebuilds users with every row and the sales that refer to them, and cleans rows an old pull stored unchecked', () => {
    const db = new Database(dbFile())
    db.pragma('foreign_keys = ON')
    migrate(db, 19)
    db.prepare(
      "INSERT INTO stores (_id, name, store_number, created_at, updated_at) VALUES ('s', 'S', 1, 'a', 'a')",
    ).run()
    const user = db.prepare(
      `INSERT INTO users (_id, name, role, username, password_hash, store_id, permissions, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'none', 's', ?, 'a', 'a')`,
    )
    user.run('u1', 'Carla', 'staff', 'carla', '["ticket.void"]')
    user.run('u2', 'x'.repeat(300), 'manager', 'max', 'not json')
    migrate(db)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(
      db.prepare('SELECT _id, length(name) AS n, role, permissions, must_change_pin FROM users ORDER BY _id').all(),
    ).toEqual([
      { _id: 'u1', n: 5, role: 'staff', permissions: '["ticket.void"]', must_change_pin: 0 },
      { _id: 'u2', n: 200, role: 'manager', permissions: '[]', must_change_pin: 0 },
    ])
    // The new role is accepted, and no reference to a user is broken.
    db.prepare(
      `INSERT INTO users (_id, name, role, username, password_hash, store_id, created_at, updated_at)
       VALUES ('u3', 'Ana', 'accountant', 'ana', 'none', 's', 'a', 'a')`,
    ).run()
    expect(db.pragma('foreign_key_check')).toEqual([])
    db.close()
  })

  it('017 keeps every stored report as it was, lets an export finish once, and still refuses any other change', () => {
    const file = dbFile()
    const db = new Database(file)
    db.pragma('foreign_keys = ON')
    migrate(db, 16)
    db.prepare(
      `INSERT INTO reports (_id, report_type, kind, store_id, device_id, generated_by, period_start, period_end,
         business_day, status, body, created_at)
       VALUES ('d1', 'sales', 'day', 's', 'POS-1', 'u', '2026-11-21T05:00:00.000Z', '2026-11-22T05:00:00.000Z',
         '2026-11-21', 'completed', '{"n":1}', '2026-11-22T04:00:00.000Z')`,
    ).run()
    migrate(db, 17)
    expect(db.prepare("SELECT kind, business_day, status, body, failure FROM reports WHERE _id = 'd1'").get()).toEqual({
      kind: 'day',
      business_day: '2026-11-21',
      status: 'completed',
      body: '{"n":1}',
      failure: null,
    })
    expect(() => db.prepare("UPDATE reports SET status = 'failed', failure = 'x' WHERE _id = 'd1'").run()).toThrow(
      /finished once/,
    )
    db.prepare(
      `INSERT INTO reports (_id, report_type, kind, store_id, device_id, generated_by, period_start, period_end,
         status, body, created_at)
       VALUES ('p1', 'inventory', 'period', 's', 'POS-1', 'u', 'a', 'b', 'scheduled', '{}', 'c')`,
    ).run()
    db.prepare(
      "UPDATE reports SET status = 'completed', report_url = '/r/x.pdf', finished_at = 'd' WHERE _id = 'p1'",
    ).run()
    expect(() => db.prepare("UPDATE reports SET report_url = '/r/y.pdf' WHERE _id = 'p1'").run()).toThrow(
      /finished once/,
    )
    expect(() => db.prepare("UPDATE reports SET body = '{}' WHERE _id = 'd1'").run()).toThrow(/never changes/)
    expect(() => db.prepare('DELETE FROM reports').run()).toThrow(/never deleted/)
    // A failed report says why.
    expect(() =>
      db
        .prepare(
          `INSERT INTO reports (_id, report_type, kind, store_id, device_id, generated_by, period_start, period_end, status, body, created_at)
           VALUES ('p2', 'sales', 'period', 's', 'POS-1', 'u', 'a', 'b', 'failed', '{}', 'c')`,
        )
        .run(),
    ).toThrow(/CHECK/)
    db.close()
  })

  it("018 sums each closed shift's sales per hour, game, tender and cashier, at the close and once for the past", async () => {
    const b = testBackend({ shift: false })
    try {
      fillTickets(b, 30_000, 20)
      const db = b.ctx.db
      const raw = `SELECT shift_id, substr(sale_time, 1, 13) AS slot, lottery_id, payment_method, user_id, COUNT(*) AS lines,
          SUM(line_no = 0) AS tx, SUM(quantity) AS tickets, SUM(total_amount) AS amount, SUM(tax) AS tax, SUM(price) AS price
        FROM sales WHERE shift_id IN (SELECT _id FROM shifts WHERE status = 'closed')
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`
      const hours = `SELECT shift_id, slot, lottery_id, payment_method, user_id, lines, tx, tickets, amount, tax, price
        FROM sales_hours ORDER BY 1, 2, 3, 4, 5`
      const expected = db.prepare(raw).all()
      expect(expected.length).toBe(100) // 20 shifts, 300 sales each: 5 hours of a minute a sale
      // Written by each close (fillTickets closes its shifts as the app does: status to closed).
      expect(db.prepare(hours).all()).toEqual(expected)
      // The open shift's sales are not there until it closes.
      expect(
        db
          .prepare(
            "SELECT COUNT(*) AS n FROM sales_hours WHERE shift_id IN (SELECT _id FROM shifts WHERE status <> 'closed')",
          )
          .get(),
      ).toEqual({ n: 0 })
      expect(() => db.prepare('UPDATE sales_hours SET amount = 0').run()).toThrow(/never change/)
      // The upgrade's one pass over the past gives the same rows.
      db.exec('DELETE FROM sales_hours')
      db.exec(m018.sql!.slice(m018.sql!.lastIndexOf('INSERT INTO sales_hours')))
      expect(db.prepare(hours).all()).toEqual(expected)
    } finally {
      await b.cleanup()
    }
  })
})
