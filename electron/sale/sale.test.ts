import { catalogChanged } from '../catalog/repo'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { verifyChain } from '../audit/chain'
import { counts, expectPosError, newRequestId, testBackend, type TestBackend } from '../../tests/support/backend'

let b: TestBackend
let s: string
beforeEach(async () => {
  b = testBackend()
  s = await b.login('carlos')
})
afterEach(() => b.cleanup())

const sell = (
  lines: { code: string; quantity: number; picks?: (number[] | null)[] }[],
  extra: Record<string, unknown> = {},
) =>
  b.call(s, 'sale-create', {
    requestId: newRequestId(),
    paymentMethod: 'cash',
    lines: lines.map((l) => ({
      lotteryId: b.gameId(l.code),
      quantity: l.quantity,
      ...(l.picks ? { picks: l.picks } : {}),
    })),
    ...extra,
  })
const remaining = (code: string) =>
  (
    b.ctx.db.prepare('SELECT SUM(remaining_stock) AS n FROM inventory WHERE lottery_id = ?').get(b.gameId(code)) as {
      n: number
    }
  ).n

describe('selling tickets', () => {
  it('commits tickets, sale lines, stock, audit and outbox together', async () => {
    const before = counts(b)
    const r = await sell([
      { code: 'PICK3', quantity: 3 },
      { code: 'LOTTO', quantity: 1 },
    ])
    expect(r.tickets).toHaveLength(4)
    expect(new Set(r.tickets.map((t) => t.ticket_number)).size).toBe(4)
    expect(r.sales.map((l) => l.quantity)).toEqual([3, 1])
    // 3 x $1 + 1 x $3 with 5% tax per line.
    expect(r).toMatchObject({ price: 600, tax: 30, total_amount: 630, payment_method: 'cash', replayed: false })
    const after = counts(b)
    expect(after.tickets - before.tickets).toBe(4)
    expect(after.sales - before.sales).toBe(2)
    expect(after.movements - before.movements).toBe(2)
    expect(after.audit - before.audit).toBe(1)
    // 4 tickets + 2 sales + 2 stock movements + 1 audit entry, all queued for central.
    expect(after.outbox - before.outbox).toBe(9)
    expect(remaining('PICK3')).toBe(997)
    expect(remaining('LOTTO')).toBe(499)
    expect(verifyChain(b.ctx.db).ok).toBe(true)
  })

  it('queues every ticket, in the order sold, as the full seed document, then its line, stock and audit entry', async () => {
    // 12 tickets: more than one statement's worth of rows, and the player's own numbers beside quick picks.
    const before = (b.ctx.db.prepare('SELECT COALESCE(MAX(seq), 0) AS n FROM outbox').get() as { n: number }).n
    const picks = [[49, 1, 7, 13, 22, 30], ...Array<null>(11).fill(null)]
    const r = await sell([{ code: 'LOTTO', quantity: 12, picks }], { confirmed: true })
    const rows = b.ctx.db
      .prepare('SELECT collection, doc_id, op, payload FROM outbox WHERE seq > ? ORDER BY seq')
      .all(before) as { collection: string; doc_id: string; op: string; payload: string }[]
    expect(rows.map((o) => o.collection)).toEqual([
      ...Array<string>(12).fill('tickets'),
      'sales',
      'inventory_movements',
      'audit_logs',
    ])
    const stored = b.ctx.db
      .prepare('SELECT * FROM tickets WHERE sale_id = ? ORDER BY ticket_number')
      .all(r.sales[0]._id) as Record<string, unknown>[]
    expect(rows.slice(0, 12).map((o) => o.doc_id)).toEqual(r.tickets.map((t) => t._id))
    rows.slice(0, 12).forEach((o, i) => {
      const t = stored[i]
      expect(o.op).toBe('insert')
      // Field for field (and in this order) the document central gets for a ticket.
      expect(Object.entries(JSON.parse(o.payload))).toEqual(
        Object.entries({
          _id: t._id,
          ticket_number: t.ticket_number,
          validation_code: t.validation_code,
          lottery_id: t.lottery_id,
          store_id: t.store_id,
          user_id: t.user_id,
          sale_id: t.sale_id,
          purchase_datetime: t.purchase_datetime,
          status: 'sold',
          winning_amount: 0,
          draw_date: t.draw_date,
          numbers: JSON.parse(t.numbers as string),
          quick_pick: t.quick_pick === 1,
          price: t.price,
          payment_method: 'cash',
          device_info: JSON.parse(t.device_info as string),
          customer_info: null,
          created_at: t.created_at,
          updated_at: t.updated_at,
        }),
      )
    })
    expect(JSON.parse(rows[0].payload)).toMatchObject({ numbers: [1, 7, 13, 22, 30, 49], quick_pick: false })
    expect(JSON.parse(rows[12].payload)).toMatchObject({ _id: r.sales[0]._id, ticket_ids: r.tickets.map((t) => t._id) })
    expect(stored.map((t) => t.never_sent)).toEqual(Array<number>(12).fill(1))
  })

  it('records device_info on every ticket and sale', async () => {
    await sell([{ code: 'PICK3', quantity: 2 }])
    const rows = b.ctx.db.prepare('SELECT device_info FROM tickets UNION ALL SELECT device_info FROM sales').all() as {
      device_info: string
    }[]
    expect(rows).toHaveLength(3)
    for (const r of rows)
      expect(JSON.parse(r.device_info)).toEqual({ device_id: b.ctx.device.device_id, pos_version: '0.1.0-test' })
  })

  it('stores quick picks and the player own numbers, valid for the game', async () => {
    const r = await sell([{ code: 'LOTTO', quantity: 2, picks: [[49, 1, 7, 13, 22, 30], null] }])
    expect(r.tickets[0]).toMatchObject({ numbers: [1, 7, 13, 22, 30, 49], quick_pick: false })
    expect(r.tickets[1].quick_pick).toBe(true)
    expect(r.tickets[1].numbers).toHaveLength(6)
    expect(new Set(r.tickets[1].numbers).size).toBe(6)
    for (const n of r.tickets[1].numbers) expect(n >= 1 && n <= 49).toBe(true)
  })

  it('puts a sale made at the cutoff into the next draw', async () => {
    // PICK3 draws daily at 13:00 New York with a 5-minute cutoff.
    b.clock.set('2026-11-21T17:54:00Z')
    const early = await sell([{ code: 'PICK3', quantity: 1 }])
    b.clock.set('2026-11-21T17:55:00Z')
    const late = await sell([{ code: 'PICK3', quantity: 1 }])
    expect(early.tickets[0].draw_date).toBe('2026-11-21T18:00:00.000Z')
    expect(late.tickets[0].draw_date).toBe('2026-11-22T18:00:00.000Z')
  })

  it('never sells twice for one request id (double-click, retry)', async () => {
    const args = {
      requestId: newRequestId(),
      paymentMethod: 'card' as const,
      lines: [{ lotteryId: b.gameId('MEGA'), quantity: 2 }],
    }
    const [a, c] = await Promise.all([b.call(s, 'sale-create', args), b.call(s, 'sale-create', args)])
    expect(a.transaction_id).toBe(c.transaction_id)
    expect([a.replayed, c.replayed].sort()).toEqual([false, true])
    expect(c.tickets.map((t) => t.ticket_number)).toEqual(a.tickets.map((t) => t.ticket_number))
    expect(counts(b).tickets).toBe(2)
    expect(remaining('MEGA')).toBe(298)
  })

  it('refuses a request id already used by another cashier or for another cart, and sells nothing', async () => {
    const args = {
      requestId: newRequestId(),
      paymentMethod: 'cash' as const,
      lines: [{ lotteryId: b.gameId('LOTTO'), quantity: 1 }],
    }
    const first = await b.call(s, 'sale-create', args)
    const other = await b.login('chloe', '2222')
    const before = counts(b)
    const theirs = await expectPosError(b.call(other, 'sale-create', args), 'REQUEST_REUSED')
    expect(theirs.message).toMatch(/already used for a different sale, so nothing was sold/)
    await expectPosError(
      b.call(s, 'sale-create', { ...args, lines: [{ lotteryId: b.gameId('PICK3'), quantity: 5 }] }),
      'REQUEST_REUSED',
    )
    await expectPosError(b.call(s, 'sale-create', { ...args, paymentMethod: 'card' }), 'REQUEST_REUSED')
    expect(counts(b)).toEqual(before)
    // The same cashier's same cart is a retry: the original sale, not a second one.
    expect(await b.call(s, 'sale-create', args)).toMatchObject({ transaction_id: first.transaction_id, replayed: true })
  })

  it('raises a low-stock alert when a batch reaches its reorder threshold', async () => {
    await sell([{ code: 'KENO', quantity: 4 }]) // 55 -> 51, above 50
    expect(b.ctx.db.prepare('SELECT COUNT(*) AS n FROM notifications').get()).toEqual({ n: 0 })
    await sell([{ code: 'KENO', quantity: 1 }]) // 50: at the threshold
    const inv = b.ctx.db.prepare('SELECT restock_flag FROM inventory WHERE lottery_id = ?').get(b.gameId('KENO'))
    expect(inv).toEqual({ restock_flag: 1 })
    const notes = b.ctx.db.prepare('SELECT title, type FROM notifications').all()
    expect(notes).toEqual([{ title: 'Low stock: Keno Express', type: 'inventory_alert' }])
  })
})

describe('bad input writes nothing', () => {
  const nothingWritten = async (p: Promise<unknown>, code: string) => {
    const before = counts(b)
    const err = await expectPosError(p, code)
    expect(counts(b)).toEqual(before)
    expect(err.message.length).toBeGreaterThan(5)
    return err
  }

  it('refuses missing and invalid fields with the field named', async () => {
    const err = await nothingWritten(
      b.call(s, 'sale-create', { paymentMethod: 'cash', lines: [] } as never),
      'VALIDATION',
    )
    expect(err.message).toMatch(/^Request id: /)
    await nothingWritten(sell([{ code: 'PICK3', quantity: 1 }], { paymentMethod: 'cheque' }), 'VALIDATION')
    await nothingWritten(b.call(s, 'sale-create', { requestId: 'x', paymentMethod: 'cash', lines: [] }), 'VALIDATION')
  })

  it('refuses quantity 0 and absurd quantities', async () => {
    const zero = await nothingWritten(sell([{ code: 'PICK3', quantity: 0 }]), 'VALIDATION')
    expect(zero.message).toMatch(/at least 1/)
    await nothingWritten(sell([{ code: 'PICK3', quantity: 1e9 }]), 'VALIDATION')
    await nothingWritten(sell([{ code: 'PICK3', quantity: 2.5 }]), 'VALIDATION')
    // Within the schema but above the game's per-sale maximum (MEGA: 10).
    await nothingWritten(sell([{ code: 'MEGA', quantity: 11 }]), 'QUANTITY_LIMIT')
  })

  it('refuses an unknown and an inactive game', async () => {
    await nothingWritten(
      b.call(s, 'sale-create', {
        requestId: newRequestId(),
        paymentMethod: 'cash',
        lines: [{ lotteryId: 'f'.repeat(24), quantity: 1 }],
      }),
      'GAME_UNKNOWN',
    )
    b.ctx.db.prepare("UPDATE lotteries SET status = 'inactive' WHERE code = 'MEGA'").run()
    catalogChanged(b.ctx.db) // what a pull does after writing the catalogue
    const err = await nothingWritten(sell([{ code: 'MEGA', quantity: 1 }]), 'GAME_INACTIVE')
    expect(err.message).toBe('Mega Jackpot is not on sale.')
  })

  it('refuses a sale beyond stock and says how many are left', async () => {
    // KENO starts with 55; its per-sale maximum is 25.
    for (let i = 0; i < 2; i++) await sell([{ code: 'KENO', quantity: 25 }], { confirmed: true })
    const out = await nothingWritten(
      sell([
        { code: 'PICK3', quantity: 1 },
        { code: 'KENO', quantity: 6 },
      ]),
      'OUT_OF_STOCK',
    )
    expect(out.message).toBe('Only 5 Keno Express tickets left in stock.')
    expect(out.details).toMatchObject({ remaining: 5 })
    expect(remaining('PICK3')).toBe(1000)
  })

  it('refuses numbers that break the game rules', async () => {
    const cases = [
      [1, 2, 3],
      [1, 2, 3, 4, 5, 50],
      [1, 1, 2, 3, 4, 5],
      [0, 1, 2, 3, 4, 5],
    ]
    for (const picks of cases)
      await nothingWritten(sell([{ code: 'LOTTO', quantity: 1, picks: [picks] }]), 'NUMBERS_INVALID')
    await nothingWritten(sell([{ code: 'LOTTO', quantity: 2, picks: [null] }]), 'NUMBERS_INVALID')
  })

  it('asks for confirmation above the configured total', async () => {
    // 10 x $5 + 5% = $52.50, above the default $50 threshold.
    const err = await nothingWritten(sell([{ code: 'MEGA', quantity: 10 }]), 'CONFIRMATION_REQUIRED')
    expect(err.details).toMatchObject({ total_amount: 5250, threshold: 5000 })
    const ok = await sell([{ code: 'MEGA', quantity: 10 }], { confirmed: true })
    expect(ok.total_amount).toBe(5250)
  })

  it('writes nothing at all when the transaction fails in the middle', async () => {
    // A real failure after tickets, sales and stock rows are written: the audit insert aborts.
    b.ctx.db.exec(
      "CREATE TRIGGER boom BEFORE INSERT ON audit_logs WHEN NEW.action = 'sale.create' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END",
    )
    const before = counts(b)
    const stock = remaining('PICK3')
    const seq = b.ctx.db.prepare("SELECT value FROM counters WHERE name = 'ticket_seq'").get()
    await expectPosError(sell([{ code: 'PICK3', quantity: 5 }]), 'INTERNAL')
    expect(counts(b)).toEqual(before)
    expect(remaining('PICK3')).toBe(stock)
    expect(b.ctx.db.prepare("SELECT value FROM counters WHERE name = 'ticket_seq'").get()).toEqual(seq)
  })

  it('checks permission and session in the backend', async () => {
    // Who may call is checked before what they sent: a caller with no session learns nothing of the schema.
    await expectPosError(
      b.call('nobody', 'sale-create', { requestId: newRequestId(), paymentMethod: 'cash', lines: [] }),
      'UNAUTHENTICATED',
    )
    await expectPosError(
      b.call(s, 'sale-create', { requestId: newRequestId(), paymentMethod: 'cash', lines: [] }),
      'VALIDATION',
    )
    await expectPosError(
      b.call('nobody', 'sale-create', {
        requestId: newRequestId(),
        paymentMethod: 'cash',
        lines: [{ lotteryId: b.gameId('PICK3'), quantity: 1 }],
      }),
      'UNAUTHENTICATED',
    )
    await b.call(s, 'auth-lock')
    await expectPosError(sell([{ code: 'PICK3', quantity: 1 }]), 'SCREEN_LOCKED')
  })
})

describe('a price changed by central', () => {
  it('applies to the next sale, never to the cart the cashier already saw', async () => {
    const args = {
      requestId: newRequestId(),
      paymentMethod: 'cash' as const,
      lines: [{ lotteryId: b.gameId('LOTTO'), quantity: 2 }],
      expectedTotal: 630, // 2 x $3.00 + 5%
    }
    // The catalogue pull changes the price between building the cart and pressing Sell.
    b.ctx.db.prepare("UPDATE lotteries SET ticket_price = 350 WHERE code = 'LOTTO'").run()
    catalogChanged(b.ctx.db) // what a pull does after writing the catalogue
    const before = counts(b)
    const err = await expectPosError(b.call(s, 'sale-create', args), 'PRICE_CHANGED')
    expect(err.message).toMatch(/the total is now \$7\.35/)
    expect(err.details).toMatchObject({ total_amount: 735, prices: { [b.gameId('LOTTO')]: 350 } })
    expect(counts(b)).toEqual(before)
    // Sell again with what the cashier now sees: the new price, same request id.
    const sale = await b.call(s, 'sale-create', { ...args, expectedTotal: 735 })
    expect(sale.total_amount).toBe(735)
  })
})

describe('the amount tendered', () => {
  const tenders = () => b.ctx.db.prepare('SELECT * FROM sale_tenders').all()

  it('records cash handed over and the change in the sale transaction, and returns them (also on a replay)', async () => {
    const requestId = newRequestId()
    const args = {
      requestId,
      paymentMethod: 'cash' as const,
      lines: [{ lotteryId: b.gameId('PICK3'), quantity: 3 }],
      tendered: 2000,
    }
    const r = await b.call(s, 'sale-create', args)
    // 3 x $1 + 5% = $3.15 out of $20.00.
    expect(r).toMatchObject({ total_amount: 315, tendered: 2000, change: 1685 })
    expect(tenders()).toEqual([
      {
        transaction_id: r.transaction_id,
        request_id: requestId,
        payment_method: 'cash',
        amount_due: 315,
        amount_tendered: 2000,
        change_due: 1685,
        created_at: r.sale_time,
      },
    ])
    const again = await b.call(s, 'sale-create', args)
    expect(again).toMatchObject({ replayed: true, tendered: 2000, change: 1685 })
    expect(tenders()).toHaveLength(1)
  })

  it('takes an omitted tender as the exact total, and card pays exactly', async () => {
    const cash = await sell([{ code: 'PICK3', quantity: 1 }])
    expect(cash).toMatchObject({ total_amount: 105, tendered: 105, change: 0 })
    const card = await sell([{ code: 'PICK3', quantity: 1 }], { paymentMethod: 'card', tendered: 105 })
    expect(card).toMatchObject({ tendered: 105, change: 0 })
    expect(tenders()).toHaveLength(2)
  })

  it('refuses cash that does not cover the total, absurd change, and a card amount that is not the total, writing nothing', async () => {
    const before = counts(b)
    const short = await expectPosError(sell([{ code: 'LOTTO', quantity: 2 }], { tendered: 500 }), 'TENDER_SHORT')
    expect(short.message).toBe('$5.00 does not cover the total of $6.30: $1.30 more is needed. Nothing was sold.')
    await expectPosError(
      sell([{ code: 'LOTTO', quantity: 1 }], { paymentMethod: 'card', tendered: 500 }),
      'TENDER_INVALID',
    )
    const fortune = await expectPosError(
      sell([{ code: 'LOTTO', quantity: 1 }], { tendered: 9_999_999 }),
      'TENDER_INVALID',
    )
    expect(fortune.message).toMatch(
      /^\$99,999\.99 for a total of \$3\.15 would be \$99,996\.84 in change: check the amount typed/,
    )
    await expectPosError(sell([{ code: 'LOTTO', quantity: 1 }], { tendered: -1 }), 'VALIDATION')
    await expectPosError(sell([{ code: 'LOTTO', quantity: 1 }], { tendered: 10.5 }), 'VALIDATION')
    expect(counts(b)).toEqual(before)
    expect(tenders()).toEqual([])
  })
})
