import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { verifyChain } from '../../electron/audit/chain'
import { openDatabase } from '../../electron/store/db'
import { openKeystore } from '../../electron/device/keystore'
import { unencryptedBox } from '../../electron/sync/credentials'
import { tempDir } from '../support/backend'
import { createBackend } from '../../electron/backend'
import { StoreProblem } from '../../electron/store/guard'

const dir = tempDir('pos-crash-')
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

/** Runs the selling loop until it has confirmed `n` sales, then SIGKILLs it mid-loop. */
function sellThenKill(n: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('tests/integration/crash-child.ts'), dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`no ${n} sales in time: ${err}`))
    }, 30_000)
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.split('\n').length - 1 >= n) child.kill('SIGKILL')
    })
    child.on('exit', (_code, signal) => {
      clearTimeout(timer)
      if (signal !== 'SIGKILL') return reject(new Error(`child exited without being killed: ${err}`))
      resolve(out.split('\n').filter((l) => l.startsWith('TX-')))
    })
  })
}

describe('a terminal killed while selling', () => {
  it('keeps every confirmed sale, an intact database and a verifiable audit chain, twice over', async () => {
    const confirmed: string[] = []
    for (const n of [40, 25]) {
      confirmed.push(...(await sellThenKill(n)))
      const db = openDatabase(path.join(dir, 'pos.sqlite'))
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      const stored = new Set(
        (db.prepare('SELECT DISTINCT transaction_id FROM sales').all() as { transaction_id: string }[]).map(
          (r) => r.transaction_id,
        ),
      )
      for (const t of confirmed) expect(stored.has(t), `confirmed sale ${t} lost`).toBe(true)
      // The chain is keyed with the terminal's key, kept beside the database (not in it).
      expect(verifyChain(db, openKeystore(dir, unencryptedBox).get('audit'))).toMatchObject({ ok: true })
      // Nothing half-written: every sale has its ticket, its stock movement and its outbox rows
      // (the demo history of past draws is seeded without them).
      const orphans = db
        .prepare(
          `SELECT COUNT(*) AS n FROM sales s WHERE s.request_id NOT LIKE 'demo-history-%' AND (
             NOT EXISTS (SELECT 1 FROM tickets t WHERE t.sale_id = s._id)
           OR NOT EXISTS (SELECT 1 FROM inventory_movements m WHERE m.ref_id = s._id)
           OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.doc_id = s._id))`,
        )
        .get() as { n: number }
      expect(orphans.n).toBe(0)
      db.close()
    }
    expect(confirmed.length).toBeGreaterThanOrEqual(65)
  })
})

describe('two processes on one data folder', () => {
  it('refuses the second while the first sells, so settings caches and PIN counters never race', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('tests/integration/crash-child.ts'), dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve())
        child.once('exit', (code) => reject(new Error(`child exited with ${code}`)))
      })
      let problem: unknown = null
      try {
        const b = createBackend({
          dataDir: dir,
          configPath: null,
          log: () => {},
          startSync: false,
          dailyBackups: false,
        })
        await b.close()
      } catch (err) {
        problem = err
      }
      expect(problem).toBeInstanceOf(StoreProblem)
      expect((problem as StoreProblem).kind).toBe('in_use')
      expect((problem as StoreProblem).message).toMatch(/already in use by another copy of the app/)
    } finally {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGKILL')
      await exited
    }
  })
})
