import { startFakePrinter, type FakePrinter } from '../support/fake-printer'
import { testBackend, type TestBackend } from '../support/backend'
import { sellToLastByte } from './counter'
import { fmt, stats, verdict } from './stats'

const TICKETS_PER_SALE = 5

/** Records waiting in the outbox, as a terminal offline for a while has them (bulk, in one transaction). */
function fillOutbox(b: TestBackend, n: number) {
  if (!n) return
  b.ctx.db
    .prepare(
      `INSERT INTO outbox (collection, doc_id, op, payload, created_at)
       WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?)
       SELECT 'tickets', printf('%024x', i), 'insert', '{"_id":"x","status":"sold"}', '2026-11-01T00:00:00.000Z' FROM c`,
    )
    .run(n)
}

/** Tickets already sold and printed, with their sales (five a sale): a year of a busy counter. */
function fillTickets(b: TestBackend, n: number) {
  if (!n) return
  const ids = b.ctx.db.prepare("SELECT _id FROM users WHERE username = 'carlos'").get() as { _id: string }
  const game = b.gameId('LOTTO')
  const store = b.ctx.store._id
  const sales = Math.ceil(n / TICKETS_PER_SALE)
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

interface Case {
  label: string
  outbox: number
  tickets: number
}

async function measure(c: Case, printer: FakePrinter, iterations: number) {
  const b = testBackend({ startSync: false })
  b.ctx.db.exec('UPDATE inventory SET total_stock = 100000000, remaining_stock = 100000000')
  fillOutbox(b, c.outbox)
  fillTickets(b, c.tickets)
  const held = (b.ctx.db.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n
  if (held < c.tickets) throw new Error(`only ${held} tickets stored`)
  // Real time from here: the sale path as the counter runs it, the clock moving on.
  b.ctx.clock = () => new Date()
  const m = await b.login('maria')
  await b.call(m, 'printer-set', { uri: printer.uri, timeout_ms: 3000, status_check: true })
  const s = await b.login('carlos')
  const lotteryId = b.gameId('LOTTO')
  const sellOnce = async () => {
    const dt = await sellToLastByte(b, printer, s, lotteryId, TICKETS_PER_SALE)
    // The status push after the sale and its prints: part of what a sale costs the counter.
    await new Promise<void>((resolve) => setImmediate(resolve))
    return dt
  }
  for (let i = 0; i < 20; i++) await sellOnce()
  const samples: bigint[] = []
  for (let i = 0; i < iterations; i++) samples.push(await sellOnce())
  await b.cleanup()
  return stats(samples)
}

/**
 * The sale as a cashier experiences it, at growing history: through the dispatcher with its reactions
 * (print queue, status push), to the last byte of the fifth ticket at a loopback printer that answers
 * status requests, with 0, 10,000 and 100,000 records waiting and with 1,000,000 tickets stored. Each is a
 * ratio to the empty case measured in the same run.
 */
export async function benchSellAtScale(iterations = 150) {
  const printer = await startFakePrinter({ mode: 'ok' })
  const cases: Case[] = [
    { label: 'empty', outbox: 0, tickets: 0 },
    { label: '10,000 records waiting', outbox: 10_000, tickets: 0 },
    { label: '100,000 records waiting', outbox: 100_000, tickets: 0 },
    { label: '1,000,000 tickets stored', outbox: 0, tickets: 1_000_000 },
    { label: 'empty again', outbox: 0, tickets: 0 },
  ]
  // A discarded first pass: the JIT, the printer's first connections and the disk cache warm up on it.
  await measure({ label: 'warm-up', outbox: 0, tickets: 0 }, printer, Math.ceil(iterations / 2))
  const results: { c: Case; s: ReturnType<typeof stats> }[] = []
  for (const c of cases) results.push({ c, s: await measure(c, printer, iterations) })
  await printer.close()
  // The empty case is measured twice (first and last); the lower median is the baseline, the stricter test.
  const emptyP50 = Math.min(...results.filter((r) => r.c.tickets === 0 && r.c.outbox === 0).map((r) => r.s.p50))
  const lines = results.map(({ c, s }) => {
    const ratio = s.p50 / emptyP50
    return `${c.label}: ${fmt(s)}; p50 ${ratio.toFixed(2)}x the faster empty run (target <= 1.2x: ${verdict(ratio <= 1.2)}), p99 < 50 ms: ${verdict(s.p99 < 50)}`
  })
  return {
    name: `sale through the dispatcher to the last of ${TICKETS_PER_SALE} tickets at a loopback printer, as history grows`,
    lines,
  }
}
