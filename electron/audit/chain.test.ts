import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { newRequestId, testBackend, type TestBackend } from '../../tests/support/backend'
import fs from 'node:fs'
import { GENESIS_HASH, appendAudit, compareWithCentral, hashEntry, verifyChain, type AuditRow } from './chain'
import { openKit } from '../sync/test-kit'
import { SyncEngine } from '../sync/engine'
import { mongoConnect } from '../sync/mongo'
import { spawnWireStandin } from '../../tests/support/mongo-standin-target'

let b: TestBackend
beforeEach(async () => {
  b = testBackend()
  const s = await b.login('carlos')
  for (let i = 0; i < 3; i++) {
    await b.call(s, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod: 'cash',
      lines: [{ lotteryId: b.gameId('PICK3'), quantity: 1 }],
    })
  }
})
afterEach(() => b.cleanup())

const cli = (file: string, ...extra: string[]) => {
  try {
    return {
      code: 0,
      out: execFileSync(
        process.execPath,
        ['--import', 'tsx', path.resolve('electron/audit/verify-cli.ts'), file, ...extra],
        { encoding: 'utf8' },
      ),
    }
  } catch (err) {
    const e = err as { status: number; stdout: string }
    return { code: e.status, out: e.stdout }
  }
}

describe('hash-chained audit log', () => {
  it('chains each entry to the one before, from a genesis hash', () => {
    const rows = b.ctx.db.prepare('SELECT seq, prev_hash, hash FROM audit_logs ORDER BY seq').all() as {
      seq: number
      prev_hash: string
      hash: string
    }[]
    // The shift's opening, the login, three sales.
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5])
    expect(rows[0].prev_hash).toBe(GENESIS_HASH)
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash)
    expect(verifyChain(b.ctx.db)).toEqual({
      ok: true,
      entries: 5,
      first_broken_seq: null,
      reason: null,
      broken: [],
      broken_count: 0,
      unkeyed_entries: 0,
      head: { seq: 5, hash: rows[4].hash },
    })
  })

  it('reports the first entry changed after it was written', () => {
    b.ctx.db.prepare("UPDATE audit_logs SET description = 'nothing happened' WHERE seq = 3").run()
    expect(verifyChain(b.ctx.db)).toMatchObject({
      ok: false,
      first_broken_seq: 3,
      reason: 'entry 3 was changed after it was written',
    })
  })

  it('reports a deleted entry', () => {
    b.ctx.db.prepare('DELETE FROM audit_logs WHERE seq = 2').run()
    expect(verifyChain(b.ctx.db)).toMatchObject({ ok: false, first_broken_seq: 3, reason: 'entry 2 is missing' })
  })

  it('reports a rewritten entry whose own hash was recomputed', () => {
    // A forger who fixes one hash still breaks the link to the next entry.
    const row = b.ctx.db.prepare('SELECT hash FROM audit_logs WHERE seq = 1').get() as { hash: string }
    b.ctx.db.prepare('UPDATE audit_logs SET hash = ? WHERE seq = 1').run('f'.repeat(64))
    expect(verifyChain(b.ctx.db)).toMatchObject({ ok: false, first_broken_seq: 1 })
    b.ctx.db.prepare('UPDATE audit_logs SET hash = ? WHERE seq = 1').run(row.hash)
    expect(verifyChain(b.ctx.db).ok).toBe(true)
  })

  it('npm run audit:verify exits 0 on a good chain and 1 naming the broken entry', () => {
    const good = cli(b.dbFile)
    expect(good).toMatchObject({ code: 0 })
    expect(good.out).toMatch(/audit chain OK: 5 entries/)
    b.ctx.db.prepare('UPDATE audit_logs SET user_id = NULL WHERE seq = 2').run()
    const bad = cli(b.dbFile)
    expect(bad.code).toBe(1)
    expect(bad.out).toMatch(/BROKEN at entry 2/)
  })
})

describe('an audit chain that cannot be quietly rewritten', () => {
  it('refuses a lone surrogate at the contract, and hashes exactly what is stored when one reaches it', async () => {
    const s = await b.login('carlos')
    const sale = await b.call(s, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod: 'cash',
      lines: [{ lotteryId: b.gameId('PICK3'), quantity: 1 }],
    })
    const before = (b.ctx.db.prepare('SELECT COUNT(*) AS n FROM audit_logs').get() as { n: number }).n
    const err = await b.dispatcher.dispatch(s, 'ticket-cancel', {
      input: '1'.repeat(26),
      reason: 'oops \uD800 mistake',
    })
    expect(err).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect((b.ctx.db.prepare('SELECT COUNT(*) AS n FROM audit_logs').get() as { n: number }).n).toBe(before)
    // Below the contract, the chain still hashes the stored text, so such an entry never breaks it.
    b.ctx.db.transaction(() =>
      appendAudit(b.ctx.db, 'f'.repeat(24), b.ctx.device.device_id, b.clock().toISOString(), {
        user_id: null,
        action: 'test',
        entity_type: 'sale',
        entity_id: sale.sales[0]._id,
        description: 'lone \uDC00 surrogate',
      }),
    )()
    expect(verifyChain(b.ctx.db)).toMatchObject({ ok: true })
  })

  it('reports every broken entry, so one break cannot hide a later one', () => {
    b.ctx.db.prepare("UPDATE audit_logs SET description = 'x' WHERE seq = 2").run()
    b.ctx.db.prepare("UPDATE audit_logs SET description = 'y' WHERE seq = 4").run()
    const r = verifyChain(b.ctx.db)
    expect(r.broken.map((x) => x.seq)).toEqual([2, 4])
    expect(r.broken_count).toBe(2)
  })

  it('is keyed: rewriting an entry and recomputing every later hash without the key is found', () => {
    expect(b.ctx.db.prepare("SELECT COUNT(*) AS n FROM audit_logs WHERE alg <> 'hmac-sha256'").get()).toEqual({ n: 0 })
    const rows = b.ctx.db.prepare('SELECT * FROM audit_logs ORDER BY seq').all() as AuditRow[]
    // The forger knows the algorithm but not the key (it is not in the database file): plain SHA-256 or a guessed key.
    let prev = rows[0].prev_hash
    for (const row of rows) {
      const { hash: _h, alg: _a, ...rest } = row
      const forged = { ...rest, prev_hash: prev, description: row.seq === 2 ? 'nothing happened' : row.description }
      const hash = hashEntry(forged, Buffer.alloc(32, 7))
      b.ctx.db
        .prepare('UPDATE audit_logs SET description = ?, prev_hash = ?, hash = ? WHERE seq = ?')
        .run(forged.description, prev, hash, row.seq)
      prev = hash
    }
    const r = verifyChain(b.ctx.db)
    expect(r.ok).toBe(false)
    expect(r.broken_count).toBe(rows.length)
    // Downgrading entries to the unkeyed form is found too.
    b.ctx.db.prepare("UPDATE audit_logs SET alg = 'sha256' WHERE seq = 3").run()
    expect(verifyChain(b.ctx.db).broken.some((x) => /not keyed/.test(x.reason))).toBe(true)
    // The key lives outside the database file.
    expect(fs.existsSync(`${b.dataDir}/keys/audit.key`)).toBe(true)
  })
})

describe("the chain's anchor in central", () => {
  it('finds the last entries deleted after they reached central', async () => {
    const k = await openKit('audit anchor')
    try {
      await k.sell('PICK3', 1)
      expect((await k.engine().syncNow()).ok).toBe(true)
      const central = (await k.t.all('audit_logs')).map((d) => ({ seq: d.seq as number, hash: d.hash as string }))
      expect(compareWithCentral(k.b.ctx.db, central)).toMatchObject({ ok: true })
      const head = (k.b.ctx.db.prepare('SELECT MAX(seq) AS n FROM audit_logs').get() as { n: number }).n
      k.b.ctx.db.prepare('DELETE FROM audit_logs WHERE seq >= ?').run(head - 1)
      // Locally the shortened chain still verifies: only the anchor shows what is gone.
      expect(verifyChain(k.b.ctx.db).ok).toBe(true)
      const r = compareWithCentral(k.b.ctx.db, central)
      expect(r).toMatchObject({ ok: false, central_head: head, local_head: head - 2, missing: 2 })
      expect(r!.problems[0]).toMatch(/truncated/)
    } finally {
      await k.close()
    }
  })
})

describe('npm run audit:verify --central', () => {
  it("compares the chain with central's copy through the real driver and reports truncation", async () => {
    const central = await spawnWireStandin()
    try {
      const engine = new SyncEngine({
        db: b.ctx.db,
        clock: b.clock,
        log: () => {},
        connect: mongoConnect({ uri: central.uri, db_name: 'lottery_anchor' }),
        storeId: b.ctx.store._id,
        streamId: b.ctx.device._id,
        deviceId: b.ctx.device.device_id,
        random: () => 0.5,
        sleep: async () => {},
        // The stand-in's clock is today's; this test's is frozen in November.
        trustServerTime: false,
      })
      // Before any sync, or against a misspelt database, there is nothing to compare: said, and exit 1.
      const none = cli(b.dbFile, '--central', central.uri, '--db', 'lotery_anchor')
      expect(none.out).toMatch(/central: holds no audit entries of .* in "lotery_anchor" .*nothing compared/)
      expect(none.code).toBe(1)
      await engine.syncNow()
      await engine.stop()
      const good = cli(b.dbFile, '--central', central.uri, '--db', 'lottery_anchor')
      expect(good.out).toMatch(/central's copy matches: up to entry \d+/)
      expect(good.code).toBe(0)
      const head = (b.ctx.db.prepare('SELECT MAX(seq) AS n FROM audit_logs').get() as { n: number }).n
      b.ctx.db.prepare('DELETE FROM audit_logs WHERE seq = ?').run(head)
      const bad = cli(b.dbFile, '--central', central.uri, '--db', 'lottery_anchor')
      expect(bad.code).toBe(1)
      expect(bad.out).toMatch(
        new RegExp(`truncated: central has entries up to ${head}, this terminal only up to ${head - 1}`),
      )
    } finally {
      await central.stop()
    }
  })
})

describe('downgrades and lost keys', () => {
  it('finds a chain rewritten as plain SHA-256 after an entry was deleted', () => {
    b.ctx.db.prepare('DELETE FROM audit_logs WHERE seq = 2').run()
    const rows = b.ctx.db.prepare('SELECT * FROM audit_logs ORDER BY seq').all() as AuditRow[]
    let prev = GENESIS_HASH
    rows.forEach((row, i) => {
      const { hash: _h, alg: _a, ...rest } = row
      const forged = { ...rest, seq: i + 1, prev_hash: prev }
      const hash = hashEntry(forged, null)
      b.ctx.db
        .prepare("UPDATE audit_logs SET seq = ?, prev_hash = ?, hash = ?, alg = 'sha256' WHERE _id = ?")
        .run(i + 1, prev, hash, row._id)
      prev = hash
    })
    const r = verifyChain(b.ctx.db)
    expect(r.ok).toBe(false)
    expect(r.broken.map((x) => x.reason)).toContain(
      `entries 1 to ${rows.length} are not keyed and no keyed entry vouches for them`,
    )
  })

  it('vouches for a chain begun before it was keyed, and then any change to that part is found', async () => {
    // An older terminal's chain: plain SHA-256 entries, before migration 4 keyed it.
    const dataDir = b.dataDir
    const legacy = b.ctx.db.prepare('SELECT * FROM audit_logs ORDER BY seq').all() as AuditRow[]
    let prev = GENESIS_HASH
    for (const row of legacy) {
      const { hash: _h, alg: _a, ...rest } = row
      const hash = hashEntry({ ...rest, prev_hash: prev }, null)
      b.ctx.db
        .prepare("UPDATE audit_logs SET prev_hash = ?, hash = ?, alg = 'sha256' WHERE seq = ?")
        .run(prev, hash, row.seq)
      prev = hash
    }
    await b.close()
    b = testBackend({ dataDir })
    const marker = b.ctx.db.prepare("SELECT seq, description FROM audit_logs WHERE action = 'audit.keyed'").get()
    expect(marker).toMatchObject({
      seq: legacy.length + 1,
      description: expect.stringMatching(new RegExp(`vouches for ${legacy.length} unkeyed`)),
    })
    expect(verifyChain(b.ctx.db)).toMatchObject({ ok: true, unkeyed_entries: legacy.length })
    b.ctx.db.prepare("UPDATE audit_logs SET description = 'nothing' WHERE seq = 2").run()
    expect(verifyChain(b.ctx.db).ok).toBe(false)
  })

  it('records a lost audit key in the chain, and says which entries can no longer be checked', async () => {
    const dataDir = b.dataDir
    await b.close()
    fs.rmSync(path.join(dataDir, 'keys', 'audit.key'))
    b = testBackend({ dataDir })
    const r = verifyChain(b.ctx.db)
    expect(r.ok).toBe(false)
    expect(r.broken).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/the audit key was replaced at entry \d+/) }),
    ])
  })
})
