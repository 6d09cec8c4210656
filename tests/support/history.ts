import type { TestBackend } from './backend'

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

/** Tickets already sold and printed, with their sales (five a sale): a year of a busy counter. */
export function fillTickets(b: TestBackend, n: number) {
  if (!n) return
  const ids = b.ctx.db.prepare("SELECT _id FROM users WHERE username = 'carlos'").get() as { _id: string }
  const game = b.gameId('LOTTO')
  const store = b.ctx.store._id
  const sales = Math.ceil(n / 5)
  b.ctx.db.transaction(() => {
    b.ctx.db
      .prepare(
        `INSERT INTO sales (_id, transaction_id, request_id, line_no, ticket_id, store_id, user_id, lottery_id, quantity, price,
           payment_method, tax, total_amount, sale_time, device_info, created_at)
         WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?)
         SELECT printf('f%023x', i), printf('TX-OLD-%d', i), printf('old-%d', i), 0, printf('e%023x', i * 5), ?, ?, ?, 5, 1500,
           'cash', 75, 1575, '2025-12-01T12:00:00.000Z', '{}', '2025-12-01T12:00:00.000Z' FROM c`,
      )
      .run(sales, store, ids._id, game)
    b.ctx.db
      .prepare(
        `INSERT INTO tickets (_id, ticket_number, validation_code, sale_id, lottery_id, store_id, user_id, purchase_datetime,
           draw_date, numbers, quick_pick, price, payment_method, device_info, print_status, print_count, created_at, updated_at)
         WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?)
         SELECT printf('e%023x', i), printf('9%017d', i), '00000000', printf('f%023x', (i + 4) / 5), ?, ?, ?,
           '2025-12-01T12:00:00.000Z', '2025-12-03T01:00:00.000Z', '[1,2,3,4,5,6]', 1, 300, 'cash', '{}', 'printed', 1,
           '2025-12-01T12:00:00.000Z', '2025-12-01T12:00:00.000Z' FROM c`,
      )
      .run(n, game, store, ids._id)
  })()
}

