import type { TestBackend } from './backend'
import { openShift } from '../../electron/shift/service'

/**
 * History in bulk, the way a terminal accumulates it, for the benchmarks and for the tests that check no
 * counter query grows with it. One statement each, so a million rows take seconds.
 */

/** Records waiting in the outbox, as a terminal offline for a while has them (bulk, in one transaction). */
export function fillOutbox(b: TestBackend, n: number, status: 'pending' | 'acked' = 'pending') {
  if (!n) return
  b.ctx.db
    .prepare(
      `INSERT INTO outbox (collection, doc_id, op, payload, created_at, status, acked_at)
       WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?)
       SELECT 'tickets', printf('%024x', i), 'insert', '{"_id":"x","status":"sold"}', '2026-11-01T00:00:00.000Z', ?,
         CASE WHEN ? = 'acked' THEN '2026-11-01T00:01:00.000Z' END FROM c`,
    )
    .run(n, status, status)
}

/**
 * Tickets already sold and printed, with their sales (five a sale), over `days` closed shifts, one a day from
 * 2025-11-20 (a year of a busy counter by default), each sale at its own minute of its shift's day. Shift and Z
 * numbers start at 1,000,001 so they never meet the terminal's own.
 */
export function fillTickets(b: TestBackend, n: number, days = 365) {
  if (b.ctx.db.prepare("SELECT 1 FROM shifts WHERE status <> 'closed'").get())
    throw new Error('fill the history first (testBackend({ shift: false })): a shift is open')
  if (n) history(b, n, days)
  // The counter as it is after that year: Carlos's shift open.
  const carlos = b.ctx.db.prepare("SELECT _id FROM users WHERE username = 'carlos'").get() as { _id: string }
  openShift(b.ctx, carlos._id, { total: 0 })
}

function history(b: TestBackend, n: number, days: number) {
  const ids = b.ctx.db.prepare("SELECT _id FROM users WHERE username = 'carlos'").get() as { _id: string }
  const game = b.gameId('LOTTO')
  const store = b.ctx.store._id
  const device = b.ctx.device.device_id
  const sales = Math.ceil(n / 5)
  const shifts = Math.min(days, sales)
  // Sale i (1-based) is in shift ((i - 1) % shifts) + 1, on that shift's day, minute (i / shifts) % 600 from 08:00.
  const saleTime = `strftime('%Y-%m-%dT%H:%M:%fZ', '2025-11-20 13:00:00', printf('+%d days', (i - 1) % ${shifts}), printf('+%d minutes', ((i - 1) / ${shifts}) % 600))`
  const openShift = b.ctx.db.prepare(
    `INSERT INTO shifts (_id, shift_number, store_id, device_id, user_id, business_day, status, opened_at, opening_float, updated_at)
     VALUES (printf('d%023x', @k), 1000000 + @k, @store, @device, @user, date('2025-11-20', printf('+%d days', @k - 1)), 'open',
       strftime('%Y-%m-%dT%H:%M:%fZ', '2025-11-20 12:30:00', printf('+%d days', @k - 1)), 0,
       strftime('%Y-%m-%dT%H:%M:%fZ', '2025-11-20 12:30:00', printf('+%d days', @k - 1)))`,
  )
  // The shift's sales are i = k, k + shifts, k + 2 * shifts, ... up to `sales`.
  const fillShift = b.ctx.db.prepare(
    `INSERT INTO sales (_id, transaction_id, request_id, line_no, ticket_id, store_id, user_id, lottery_id, quantity, price,
       payment_method, tax, total_amount, sale_time, device_info, created_at, shift_id)
     WITH RECURSIVE c(i) AS (SELECT @k UNION ALL SELECT i + ${shifts} FROM c WHERE i + ${shifts} <= @sales)
     SELECT printf('f%023x', i), printf('TX-OLD-%d', i), printf('old-%d', i), 0, printf('e%023x', i * 5), @store, @user, @game, 5, 1500,
       'cash', 75, 1575, ${saleTime}, '{}', ${saleTime}, printf('d%023x', @k) FROM c`,
  )
  // Counted exactly and closed, as its cashier left it.
  const closeShift = b.ctx.db.prepare(
    `UPDATE shifts SET status = 'closed', counted_at = updated_at, counted_by = user_id,
       counted_cash = (SELECT COALESCE(SUM(total_amount), 0) FROM sales WHERE shift_id = shifts._id),
       counted_card = 0, counted_wallet = 0, expected_card = 0, expected_wallet = 0, over_short = 0,
       expected_cash = (SELECT COALESCE(SUM(total_amount), 0) FROM sales WHERE shift_id = shifts._id),
       closed_at = updated_at, closed_by = user_id, z_number = shift_number
     WHERE _id = printf('d%023x', @k)`,
  )
  b.ctx.db.transaction(() => {
    for (let k = 1; k <= shifts; k++) {
      const at = { k, store, device, user: ids._id }
      openShift.run(at)
      fillShift.run({ k, sales, store, user: ids._id, game })
      closeShift.run({ k })
    }
    b.ctx.db
      .prepare(
        `INSERT INTO tickets (_id, ticket_number, validation_code, sale_id, lottery_id, store_id, user_id, purchase_datetime,
           draw_date, numbers, quick_pick, price, payment_method, device_info, print_status, print_count, created_at, updated_at)
         WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?)
         SELECT printf('e%023x', i), printf('9%017d', i), '00000000', printf('f%023x', (i + 4) / 5), ?, ?, ?,
           s.sale_time, '2025-12-03T01:00:00.000Z', '[1,2,3,4,5,6]', 1, 300, 'cash', '{}', 'printed', 1,
           s.sale_time, s.sale_time FROM c JOIN sales s ON s._id = printf('f%023x', (i + 4) / 5)`,
      )
      .run(n, game, store, ids._id)
  })()
}
