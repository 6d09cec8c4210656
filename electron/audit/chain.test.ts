import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { newRequestId, testBackend, type TestBackend } from '../../tests/support/backend'
import { GENESIS_HASH, verifyChain } from './chain'

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

const cli = (file: string) => {
  try {
    return {
      code: 0,
      out: execFileSync(process.execPath, ['--import', 'tsx', path.resolve('electron/audit/verify-cli.ts'), file], {
        encoding: 'utf8',
      }),
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
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4])
    expect(rows[0].prev_hash).toBe(GENESIS_HASH)
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash)
    expect(verifyChain(b.ctx.db)).toEqual({ ok: true, entries: 4, first_broken_seq: null, reason: null })
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
    expect(good.out).toMatch(/audit chain OK: 4 entries/)
    b.ctx.db.prepare('UPDATE audit_logs SET user_id = NULL WHERE seq = 2').run()
    const bad = cli(b.dbFile)
    expect(bad.code).toBe(1)
    expect(bad.out).toMatch(/BROKEN at entry 2/)
  })
})
