import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { oldestFirst } from './repo'
import { expectPosError, newRequestId, testBackend, type TestBackend } from '../../tests/support/backend'

let b: TestBackend
afterEach(() => b?.cleanup())

const n = (sql: string, ...args: unknown[]) => (b.ctx.db.prepare(sql).get(...args) as { n: number }).n
const writes = () => ({
  batches: n('SELECT COUNT(*) AS n FROM inventory'),
  stock: n('SELECT SUM(remaining_stock) AS n FROM inventory'),
  movements: n('SELECT COUNT(*) AS n FROM inventory_movements'),
  adjustments: n('SELECT COUNT(*) AS n FROM inventory_adjustments'),
  outbox: n('SELECT COUNT(*) AS n FROM outbox'),
  audit: n('SELECT COUNT(*) AS n FROM audit_logs'),
})
const batchOf = (code: string) =>
  b.ctx.db
    .prepare(
      'SELECT i.* FROM inventory i JOIN lotteries l ON l._id = i.lottery_id WHERE l.code = ? ORDER BY i.created_at LIMIT 1',
    )
    .get(code) as { _id: string; remaining_stock: number; reorder_threshold: number; batch_number: string }

async function manager() {
  b = testBackend()
  return { m: await b.login('maria'), s: await b.login('carlos') }
}

describe('restocking a game', () => {
  it('adds a batch with its ledger movement, audited and queued for central: the batch empty, the movement filling it', async () => {
    const { m } = await manager()
    const before = writes()
    const game = await b.call(m, 'stock-restock', {
      lotteryId: b.gameId('PICK3'),
      batchNumber: 'P3-2026-118',
      quantity: 500,
      reference: 'Lottery delivery 4471',
    })
    const batch = game.batches.find((x) => x.batch_number === 'P3-2026-118')!
    expect(batch).toMatchObject({ total_stock: 500, remaining_stock: 500, restock_flag: false })
    expect(batch.last_restocked).toBe(b.clock().toISOString())
    expect(writes()).toMatchObject({
      batches: before.batches + 1,
      stock: before.stock + 500,
      movements: before.movements + 1,
    })
    expect(
      b.ctx.db.prepare('SELECT quantity_delta, reason FROM inventory_movements WHERE inventory_id = ?').get(batch._id),
    ).toEqual({
      quantity_delta: 500,
      reason: 'restock',
    })
    const queued = b.ctx.db
      .prepare(
        "SELECT collection, op, payload FROM outbox WHERE doc_id = ? OR collection = 'inventory_movements' ORDER BY seq DESC LIMIT 2",
      )
      .all(batch._id) as { collection: string; op: string; payload: string }[]
    expect(queued.map((q) => [q.collection, q.op])).toEqual([
      ['inventory_movements', 'inventory_decrement'],
      ['inventory', 'insert'],
    ])
    expect(JSON.parse(queued[1].payload)).toMatchObject({ remaining_stock: 0, total_stock: 500 })
    // The counter can sell from it at once: the game's stock rose by the delivery.
    const pick3 = (await b.call(m, 'game-list')).find((g) => g.code === 'PICK3')!
    expect(pick3.remaining_stock).toBe(game.remaining)
    expect(game.remaining).toBe(
      500 +
        n(
          'SELECT SUM(remaining_stock) AS n FROM inventory WHERE lottery_id = ? AND _id <> ?',
          b.gameId('PICK3'),
          batch._id,
        ),
    )
  })

  it('refuses a batch received twice, a bad quantity or batch number, and a cashier: nothing written', async () => {
    const { m, s } = await manager()
    const args = { lotteryId: b.gameId('LOTTO'), batchNumber: 'L6-77', quantity: 100, reference: 'delivery 9' }
    await b.call(m, 'stock-restock', args)
    const before = writes()
    const twice = await expectPosError(b.call(m, 'stock-restock', { ...args, batchNumber: 'l6-77' }), 'BATCH_EXISTS')
    expect(twice.message).toMatch(/already received/)
    for (const bad of [
      { quantity: 0 },
      { quantity: -5 },
      { quantity: 2.5 },
      { batchNumber: 'has space' },
      { batchNumber: '' },
      { reference: '' },
      { reference: 'x\u001b' },
    ])
      await expectPosError(b.call(m, 'stock-restock', { ...args, batchNumber: 'L6-78', ...bad } as never), 'VALIDATION')
    await expectPosError(b.call(s, 'stock-restock', { ...args, batchNumber: 'L6-79' }), 'FORBIDDEN')
    // The refused call by a cashier is audited (the dispatcher's record of a denied call), nothing else.
    expect({ ...writes(), audit: before.audit, outbox: before.outbox }).toEqual(before)
  })
})

describe('adjusting stock', () => {
  it('takes damaged tickets out with a reason, a ledger movement and the seed adjustment record', async () => {
    const { m } = await manager()
    const batch = batchOf('MEGA')
    const game = await b.call(m, 'stock-adjust', {
      inventoryId: batch._id,
      adjustmentType: 'damage',
      quantity: -3,
      reason: 'Water damage under the counter',
      notes: 'three tickets stuck together',
    })
    expect(game.batches.find((x) => x._id === batch._id)!.remaining_stock).toBe(batch.remaining_stock - 3)
    expect(
      b.ctx.db
        .prepare('SELECT adjustment_type, quantity_adjusted, reason, notes, user_id FROM inventory_adjustments')
        .get(),
    ).toEqual({
      adjustment_type: 'damage',
      quantity_adjusted: -3,
      reason: 'Water damage under the counter',
      notes: 'three tickets stuck together',
      user_id: (b.ctx.db.prepare("SELECT _id FROM users WHERE username = 'maria'").get() as { _id: string })._id,
    })
    expect(n("SELECT COUNT(*) AS n FROM inventory_movements WHERE reason = 'adjustment' AND quantity_delta = -3")).toBe(
      1,
    )
    expect(n("SELECT COUNT(*) AS n FROM outbox WHERE collection = 'inventory_adjustments'")).toBe(1)
  })

  it('refuses a damage entered as a gain, an adjustment without a reason, and one below zero: nothing written', async () => {
    const { m } = await manager()
    const batch = batchOf('MEGA')
    const before = writes()
    const base = { inventoryId: batch._id, adjustmentType: 'damage' as const, quantity: -1, reason: 'torn' }
    await expectPosError(b.call(m, 'stock-adjust', { ...base, quantity: 4 }), 'VALIDATION')
    await expectPosError(b.call(m, 'stock-adjust', { ...base, reason: '' }), 'VALIDATION')
    await expectPosError(b.call(m, 'stock-adjust', { ...base, quantity: 0 }), 'VALIDATION')
    const below = await expectPosError(
      b.call(m, 'stock-adjust', { ...base, quantity: -(batch.remaining_stock + 1) }),
      'STOCK_NEGATIVE',
    )
    expect(below.message).toMatch(new RegExp(`has ${batch.remaining_stock} tickets`))
    expect(writes()).toEqual(before)
    // A correction up beyond the batch's total: it held more than recorded.
    const up = await b.call(m, 'stock-adjust', {
      ...base,
      adjustmentType: 'correction',
      quantity: 10,
      reason: 'miscounted at delivery',
    })
    const after = up.batches.find((x) => x._id === batch._id)!
    expect(after.remaining_stock).toBe(batch.remaining_stock + 10)
    expect(after.total_stock).toBeGreaterThanOrEqual(after.remaining_stock)
  })
})

describe('low stock and the notification centre', () => {
  it('tells the managers once per crossing of the threshold, and they read it in the centre', async () => {
    const { m, s } = await manager()
    const keno = batchOf('KENO')
    const sell = (quantity: number) =>
      b.call(s, 'sale-create', {
        requestId: newRequestId(),
        paymentMethod: 'cash',
        ageConfirmed: true,
        confirmed: true,
        lines: [{ lotteryId: b.gameId('KENO'), quantity }],
      })
    const alerts = () => n("SELECT COUNT(*) AS n FROM notifications WHERE type = 'inventory_alert'")
    const toThreshold = keno.remaining_stock - keno.reorder_threshold
    if (toThreshold > 1) await sell(toThreshold - 1)
    expect(alerts()).toBe(0)
    await sell(1)
    expect(alerts()).toBe(1)
    await sell(1)
    expect(alerts()).toBe(1)
    expect((await b.call(m, 'status-get')).notifications.unread).toBe(1)
    // A fresh delivery: the old batch running out beside it is not the game running low.
    await b.call(m, 'stock-restock', {
      lotteryId: b.gameId('KENO'),
      batchNumber: 'KENO-NEW',
      quantity: 300,
      reference: 'delivery',
    })
    for (let left = keno.reorder_threshold - 1; left > 0; left -= Math.min(left, 25)) await sell(Math.min(left, 25))
    expect(b.ctx.db.prepare('SELECT remaining_stock FROM inventory WHERE _id = ?').get(keno._id)).toEqual({
      remaining_stock: 0,
    })
    expect(alerts()).toBe(1)

    const list = await b.call(m, 'notify-list', {})
    expect(list).toMatchObject({ unread: 1, unread_by_type: { inventory_alert: 1, compliance: 0 } })
    expect(list.notifications[0]).toMatchObject({
      type: 'inventory_alert',
      is_read: false,
      title: 'Low stock: Keno Express',
    })
    // Queued for central with the notification, and its read after it.
    expect(n("SELECT COUNT(*) AS n FROM outbox WHERE collection = 'notifications' AND op = 'insert'")).toBe(1)
    const read = await b.call(m, 'notify-read', { ids: [list.notifications[0]._id] })
    expect(read.unread).toBe(0)
    expect(n("SELECT COUNT(*) AS n FROM outbox WHERE collection = 'notifications' AND op = 'update'")).toBe(1)
    // Read twice changes nothing more; a cashier has no centre.
    await b.call(m, 'notify-read-all', {})
    expect(n("SELECT COUNT(*) AS n FROM outbox WHERE collection = 'notifications' AND op = 'update'")).toBe(1)
    await expectPosError(b.call(s, 'notify-list', {}), 'FORBIDDEN')
  })

  it('hears of compliance matters from the app itself: a PIN lockout, a broken audit trail', async () => {
    const { m } = await manager()
    const users = await b.call('guess', 'auth-users')
    const chloe = users.find((u) => u.username === 'chloe')!
    for (let i = 0; i < 5; i++) await b.dispatcher.dispatch('guess', 'auth-login', { userId: chloe._id, pin: '0000' })
    const compliance = () =>
      b.ctx.db.prepare("SELECT title FROM notifications WHERE type = 'compliance' ORDER BY created_at, _id").all()
    expect(compliance()).toEqual([{ title: 'PIN lockout: Chloe Cashier' }])
    b.ctx.db.prepare("UPDATE audit_logs SET description = 'nothing happened' WHERE seq = 2").run()
    expect((await b.call(m, 'audit-verify')).ok).toBe(false)
    expect(compliance()).toEqual([{ title: 'PIN lockout: Chloe Cashier' }, { title: 'Audit trail broken' }])
    expect((await b.call(m, 'notify-list', { type: 'compliance' })).unread).toBe(2)
  })
})

describe('selling from the oldest batch', () => {
  it('takes batches received at the same instant in _id order, whatever order they were stored in', async () => {
    const { s } = await manager()
    const game = b.gameId('PICK3')
    const store = (b.ctx.db.prepare('SELECT _id FROM stores').get() as { _id: string })._id
    const add = b.ctx.db.prepare(
      `INSERT INTO inventory (_id, store_id, lottery_id, batch_number, total_stock, remaining_stock, reorder_threshold,
         restock_flag, last_restocked, created_at, updated_at) VALUES (?, ?, ?, ?, 2, 2, 0, 0, NULL, ?, ?)`,
    )
    const at = '2020-01-01T00:00:00.000Z'
    // Stored first, but its _id sorts last: FIFO takes the other one first.
    add.run('ffffffffffffffffffffffff', store, game, 'SAME-B', at, at)
    add.run('0000000000000000000000aa', store, game, 'SAME-A', at, at)
    const sell = (quantity: number) =>
      b.call(s, 'sale-create', {
        requestId: newRequestId(),
        paymentMethod: 'cash',
        lines: [{ lotteryId: game, quantity }],
      })
    const taken = async (quantity: number) => {
      const r = await sell(quantity)
      return b.ctx.db
        .prepare(
          'SELECT inventory_id AS id, quantity_delta AS d FROM inventory_movements WHERE ref_id = ? ORDER BY rowid',
        )
        .all(r.sales[0]._id)
    }
    expect(await taken(1)).toEqual([{ id: '0000000000000000000000aa', d: -1 }])
    expect(await taken(3)).toEqual([
      { id: '0000000000000000000000aa', d: -1 },
      { id: 'ffffffffffffffffffffffff', d: -2 },
    ])
  })

  it("orders ties as SQLite's ORDER BY created_at, _id does, non-ASCII text included", () => {
    const db = new Database(':memory:')
    db.exec('CREATE TABLE t (_id TEXT PRIMARY KEY, created_at TEXT NOT NULL) STRICT')
    const ids = ['b', 'a', 'é', '\uFF00', '\u{1F600}', 'A', 'ab', '', '\uE000', 'z\u{10000}', 'z\uFFFF']
    const times = ['2026-01-01', '2026-01-02']
    const ins = db.prepare('INSERT INTO t VALUES (?, ?)')
    ids.forEach((id, i) => ins.run(id, times[i % 2]))
    const bySqlite = db.prepare('SELECT _id, created_at FROM t ORDER BY created_at, _id').all()
    const byIndex = db.prepare('SELECT _id, created_at FROM t ORDER BY created_at').all() as {
      _id: string
      created_at: string
    }[]
    expect(oldestFirst(byIndex)).toEqual(bySqlite)
    expect(oldestFirst(byIndex.reverse().sort((x, y) => (x.created_at < y.created_at ? -1 : 1)))).toEqual(bySqlite)
  })
})
