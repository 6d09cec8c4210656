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
import { shiftTotals } from '../../electron/shift/repo'

const dir = tempDir('pos-crash-')
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

/**
 * Runs the counter loop until it has confirmed `n` records (sales, and in `cash` mode movements and counts too),
 * then SIGKILLs it mid-loop. Answers every confirmed line.
 */
function sellThenKill(
  n: number,
  mode: 'sell' | 'cash' | 'receive' | 'budget' = 'sell',
  folder = dir,
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.resolve('tests/integration/crash-child.ts'), folder, mode],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    let err = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`no ${n} sales in time: ${err}`))
    }, 30_000)
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const confirmed = out.split('\n').filter((l) => (mode === 'sell' ? l.startsWith('TX-') : l.length > 0))
      if (confirmed.length >= n) child.kill('SIGKILL')
    })
    child.on('exit', (_code, signal) => {
      clearTimeout(timer)
      if (signal !== 'SIGKILL') return reject(new Error(`child exited without being killed: ${err}`))
      const lines = out.split('\n').filter((l) => l.length > 0)
      resolve(mode === 'sell' ? lines.filter((l) => l.startsWith('TX-')) : lines)
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

describe('a terminal killed in the cash office', () => {
  it('leaves every confirmed sale, movement and count in exactly one shift, each shift open, counted or closed, and every Z equal to its records', async () => {
    const folder = tempDir('pos-crash-cash-')
    try {
      const confirmed: string[] = []
      // Kills at different points of the rounds: mid-sale, mid-pay-out, mid-close.
      for (const n of [9, 17, 26, 31]) {
        confirmed.push(...(await sellThenKill(n, 'cash', folder)))
        const db = openDatabase(path.join(folder, 'pos.sqlite'))
        try {
          expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
          const shiftOf = db.prepare('SELECT shift_id FROM sales WHERE transaction_id = ?')
          for (const line of confirmed) {
            const [what, id] = line.split(' ')
            if (line.startsWith('TX-')) {
              const rows = shiftOf.all(line) as { shift_id: string | null }[]
              expect(rows.length, `confirmed sale ${line} lost`).toBeGreaterThan(0)
              expect(new Set(rows.map((r) => r.shift_id)).size).toBe(1)
              expect(rows[0].shift_id).not.toBeNull()
            } else if (what === 'MOVE') {
              expect(db.prepare('SELECT shift_id FROM shift_movements WHERE _id = ?').get(id)).toBeTruthy()
            } else if (what === 'COUNT') {
              expect(db.prepare('SELECT status FROM shifts WHERE _id = ?').get(id)).toMatchObject({
                status: expect.stringMatching(/^(counted|closed)$/),
              })
            }
          }
          // No record outside a shift (the demo's history has its own closed shifts).
          expect(db.prepare('SELECT COUNT(*) AS n FROM sales WHERE shift_id IS NULL').get()).toEqual({ n: 0 })
          expect(
            (db.prepare("SELECT COUNT(*) AS n FROM shifts WHERE status <> 'closed'").get() as { n: number }).n,
          ).toBeLessThanOrEqual(1)
          // Closed means closed with its Z report, whose totals are the shift's records, to the cent.
          const closed = db.prepare("SELECT _id, z_number FROM shifts WHERE status = 'closed'").all() as {
            _id: string
            z_number: number
          }[]
          expect(closed.length).toBeGreaterThan(0)
          for (const s of closed) {
            const z = db.prepare("SELECT body, z_number FROM reports WHERE kind = 'z' AND shift_id = ?").get(s._id) as
              { body: string; z_number: number } | undefined
            expect(z, `closed shift ${s._id} has no Z report`).toBeDefined()
            expect(z!.z_number).toBe(s.z_number)
            expect((JSON.parse(z!.body) as { totals: unknown }).totals).toEqual(shiftTotals(db, [s._id]))
          }
          expect(
            (
              db
                .prepare(
                  "SELECT COUNT(*) AS n FROM reports r JOIN shifts s ON s._id = r.shift_id WHERE s.status <> 'closed'",
                )
                .get() as { n: number }
            ).n,
          ).toBe(0)
        } finally {
          db.close()
        }
      }
      expect(confirmed.filter((l) => l.startsWith('COUNT')).length).toBeGreaterThan(0)
      expect(confirmed.filter((l) => l.startsWith('MOVE')).length).toBeGreaterThan(0)
    } finally {
      fs.rmSync(folder, { recursive: true, force: true })
    }
  })
})

describe('a terminal killed while receiving goods', () => {
  it('leaves each purchase fully received or not at all, and every product at what its completed lines brought', async () => {
    const folder = tempDir('pos-crash-receive-')
    try {
      const confirmed: string[] = []
      for (const n of [7, 12, 19]) {
        confirmed.push(...(await sellThenKill(n, 'receive', folder)))
        const db = openDatabase(path.join(folder, 'pos.sqlite'))
        try {
          expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
          // A purchase's lines are all pending or all completed: never half a receipt.
          const mixed = db
            .prepare(
              `SELECT reference_number FROM inventory_transactions WHERE transaction_type = 'purchase'
               GROUP BY reference_number HAVING COUNT(DISTINCT transaction_status) > 1`,
            )
            .all()
          expect(mixed).toEqual([])
          for (const line of confirmed.filter((l) => l.startsWith('RECEIVED')))
            expect(
              db
                .prepare(
                  'SELECT DISTINCT transaction_status AS s FROM inventory_transactions WHERE reference_number = ?',
                )
                .all(line.split(' ')[1]),
            ).toEqual([{ s: 'completed' }])
          // Each product the child added holds exactly what its completed purchase lines brought (they start at 0;
          // the demo's own products, with stock of their own, are not the child's).
          const off = db
            .prepare(
              `SELECT p.sku FROM products p WHERE p.sku LIKE 'SKU-%' AND p.quantity <> (SELECT COALESCE(SUM(t.quantity), 0) FROM inventory_transactions t
                 WHERE t.product_id = p._id AND t.transaction_type = 'purchase' AND t.transaction_status = 'completed')`,
            )
            .all()
          expect(off).toEqual([])
          expect(
            (db.prepare("SELECT COUNT(*) AS n FROM products WHERE sku LIKE 'SKU-%'").get() as { n: number }).n,
          ).toBeGreaterThanOrEqual(40)
        } finally {
          db.close()
        }
      }
      expect(confirmed.filter((l) => l.startsWith('RECEIVED')).length).toBeGreaterThan(0)
    } finally {
      fs.rmSync(folder, { recursive: true, force: true })
    }
  })
})

describe('a terminal killed while its purchases post to a budget', () => {
  it('posts each received purchase exactly once, whatever the kill interrupted, once the terminal starts again', async () => {
    const folder = tempDir('pos-crash-budget-')
    try {
      let received = 0
      for (const n of [9, 14, 21]) {
        received += (await sellThenKill(n, 'budget', folder)).filter((l) => l.startsWith('RECEIVED')).length
        // The next start posts what the kill left unposted, and nothing twice; so does the one after.
        for (let start = 0; start < 2; start++) {
          const b = createBackend({
            dataDir: folder,
            configPath: null,
            log: () => {},
            dailyBackups: false,
            startSync: false,
          })
          await b.close()
        }
        const db = openDatabase(path.join(folder, 'pos.sqlite'))
        try {
          const wrong = db
            .prepare(
              `SELECT p.reference_number, p.value, (SELECT COUNT(*) FROM budget_transactions t WHERE t.source_type = 'purchase'
                 AND t.source_id = p.reference_number) AS n,
                 (SELECT SUM(amount) FROM budget_transactions t WHERE t.source_type = 'purchase' AND t.source_id = p.reference_number) AS posted
               FROM (SELECT reference_number, SUM(total_value) AS value, MIN(transaction_status) AS status FROM inventory_transactions
                     WHERE transaction_type = 'purchase' GROUP BY reference_number) p
               WHERE (p.status = 'completed' AND (n <> 1 OR posted <> p.value)) OR (p.status = 'pending' AND n <> 0)`,
            )
            .all()
          expect(wrong).toEqual([])
          expect(
            db
              .prepare(
                `SELECT i.category FROM budget_items i WHERE i.actual_spent <> (SELECT COALESCE(SUM(amount), 0)
                   FROM budget_transactions t WHERE t.budget_item_id = i._id)`,
              )
              .all(),
          ).toEqual([])
        } finally {
          db.close()
        }
      }
      expect(received).toBeGreaterThan(0)
    } finally {
      fs.rmSync(folder, { recursive: true, force: true })
    }
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
