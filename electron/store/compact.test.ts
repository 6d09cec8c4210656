import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { newRequestId, tempDir, testBackend, type TestBackend } from '../../tests/support/backend'
import { fillOutbox } from '../../tests/support/history'
import { pruneOutbox } from '../maintenance/prune'
import { backupNow } from './backup'
import { autoVacuum, ensureIncremental, fileFigures } from './compact'
import { openDatabase } from './db'
import { openStore } from './open'

const DAY = 86_400_000
let b: TestBackend | null = null
afterEach(async () => {
  vi.restoreAllMocks()
  await b?.cleanup()
  b = null
})

/** A terminal's database as every version before this one made it: auto_vacuum NONE. */
function asBeforeIncremental(file: string) {
  const raw = new Database(file)
  raw.pragma('auto_vacuum = NONE')
  raw.exec('VACUUM')
  raw.pragma('wal_checkpoint(TRUNCATE)')
  expect(raw.pragma('auto_vacuum', { simple: true })).toBe(0)
  raw.close()
}

async function terminalWithHistory() {
  b = testBackend()
  const s = await b.login('carlos')
  for (let i = 0; i < 3; i++)
    await b.call(s, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod: 'cash',
      lines: [{ lotteryId: b.gameId('PICK3'), quantity: 5 }],
    })
  fillOutbox(b, 3_000, 'acked')
  await b.printer.idle()
  return b
}

const tally = (db: Database.Database) =>
  db
    .prepare(
      'SELECT (SELECT COUNT(*) FROM tickets) AS tickets, (SELECT COUNT(*) FROM sales) AS sales, (SELECT COUNT(*) FROM audit_logs) AS audit, (SELECT COUNT(*) FROM outbox) AS outbox',
    )
    .get()

describe('incremental compaction', () => {
  it('makes every new database auto_vacuum INCREMENTAL from its first page', () => {
    const dir = tempDir()
    const db = openDatabase(path.join(dir, 'new.sqlite'))
    expect(autoVacuum(db)).toBe('incremental')
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    db.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it("converts an older terminal's file once, at start, keeping every row; later starts leave it", async () => {
    const t = await terminalWithHistory()
    const before = tally(t.ctx.db)
    const { dataDir, dbFile } = t
    await t.close()
    asBeforeIncremental(dbFile)

    const first = openStore(dbFile, { hasIdentity: true, unclean: false, now: new Date(), dataDir })
    expect(first.compaction).toMatchObject({ converted: true })
    expect(autoVacuum(first.db)).toBe('incremental')
    expect(tally(first.db)).toEqual(before)
    expect(first.db.pragma('integrity_check', { simple: true })).toBe('ok')
    // The rewrite went back into the file: no write-ahead log of a whole database left behind.
    expect(fs.statSync(`${dbFile}-wal`).size).toBe(0)
    first.db.close()

    const again = openStore(dbFile, { hasIdentity: true, unclean: false, now: new Date(), dataDir })
    expect(again.compaction).toEqual({ converted: false, reason: 'already' })
    again.db.close()

    // The whole backend starts on it and prunes it down.
    b = testBackend({ dataDir })
    b.clock.advance(40 * DAY)
    const figures = fileFigures(b.ctx.db)
    const r = await pruneOutbox(b.ctx.db, b.clock)
    // The 3,000 acknowledged records but the outbox's newest (the sales are still pending).
    expect(r.deleted).toBe(2_999)
    expect(fileFigures(b.ctx.db).pages).toBeLessThan(figures.pages)
  })

  it('waits for a start with enough free disk, and the terminal starts meanwhile, pruning into the space it frees', async () => {
    const t = await terminalWithHistory()
    const { dataDir, dbFile } = t
    await t.close()
    asBeforeIncremental(dbFile)
    const statfs = fs.statfsSync
    vi.spyOn(fs, 'statfsSync').mockImplementation(((p: string) => ({ ...statfs(p), bavail: 0 })) as never)

    const opened = openStore(dbFile, { hasIdentity: true, unclean: false, now: new Date(), dataDir })
    expect(opened.compaction).toEqual({ converted: false, reason: 'no-disk' })
    expect(autoVacuum(opened.db)).toBe('none')
    opened.db.close()

    b = testBackend({ dataDir })
    b.clock.advance(40 * DAY)
    const r = await pruneOutbox(b.ctx.db, b.clock)
    expect(r.deleted).toBe(2_999)
    // Mode NONE cannot give pages back: they stay free inside the file, for the next sales to reuse.
    expect(r.vacuumSteps).toEqual([])
    expect(fileFigures(b.ctx.db).free).toBeGreaterThan(0)
  })

  it('a backup keeps the mode, so a restored terminal needs no conversion', async () => {
    const t = await terminalWithHistory()
    const info = backupNow(t.ctx.db, t.dataDir, t.clock(), 'test')
    const copy = new Database(info.file, { readonly: true })
    expect(autoVacuum(copy)).toBe('incremental')
    copy.close()
  })

  it('is a no-op on a file already incremental', () => {
    const db = new Database(':memory:')
    db.pragma('auto_vacuum = INCREMENTAL')
    db.exec('CREATE TABLE t (x)')
    expect(ensureIncremental(db, ':memory:')).toEqual({ converted: false, reason: 'already' })
    db.close()
  })
})
