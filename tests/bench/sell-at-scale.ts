import { startFakePrinter } from '../support/fake-printer'
import { testBackend, type TestBackend } from '../support/backend'
import { fillOutbox, fillTickets } from '../support/history'
import { sellToLastByte } from './counter'
import { fmt, stats, verdict } from './stats'

const TICKETS_PER_SALE = 5

interface Case {
  label: string
  outbox: number
  tickets: number
}

/**
 * A terminal in service has a write-ahead log that has already grown: every case starts with the same one
 * (8 MB written and checkpointed), so no case pays for extending the file on its first sales and another not.
 */
function growWal(b: TestBackend) {
  const db = b.ctx.db
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.exec('CREATE TABLE bench_ballast (x BLOB)')
  db.prepare(
    `INSERT INTO bench_ballast WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 2000)
     SELECT randomblob(4000) FROM c`,
  ).run()
  db.exec('DROP TABLE bench_ballast')
  db.pragma('wal_checkpoint(PASSIVE)')
}

async function open(c: Case) {
  // A printer of its own: every case sells the same ticket numbers, and on a shared printer a later case's
  // clock would stop at bytes an earlier case had already printed.
  const printer = await startFakePrinter({ mode: 'ok' })
  const b = testBackend({ startSync: false, shift: false })
  b.ctx.db.exec('UPDATE inventory SET total_stock = 100000000, remaining_stock = 100000000')
  fillOutbox(b, c.outbox)
  fillTickets(b, c.tickets)
  const held = (b.ctx.db.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n
  if (held < c.tickets) throw new Error(`only ${held} tickets stored`)
  growWal(b)
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
  return {
    c,
    sellOnce,
    samples: [] as bigint[],
    cleanup: async () => {
      await b.cleanup()
      await printer.close()
    },
  }
}

/**
 * The sale as a cashier experiences it, at growing history: through the dispatcher with its reactions
 * (print queue, status push), to the last byte of the fifth ticket at a loopback printer that answers
 * status requests, with 0, 10,000 and 100,000 records waiting and with 1,000,000 tickets stored. Each is a
 * ratio to the empty case measured in the same run. All the cases are open at once and take turns in
 * blocks of ten sales, so the JIT, the disk and whatever else the machine does weigh on all of them alike.
 */
export async function benchSellAtScale(iterations = 150) {
  const cases: Case[] = [
    { label: 'empty', outbox: 0, tickets: 0 },
    { label: '10,000 records waiting', outbox: 10_000, tickets: 0 },
    { label: '100,000 records waiting', outbox: 100_000, tickets: 0 },
    { label: '1,000,000 tickets stored', outbox: 0, tickets: 1_000_000 },
  ]
  const open_: Awaited<ReturnType<typeof open>>[] = []
  for (const c of cases) open_.push(await open(c))
  const BLOCK = 10
  // Warm-up turns, discarded: the JIT and each printer connection.
  for (let round = 0; round < 2; round++) for (const o of open_) for (let i = 0; i < BLOCK; i++) await o.sellOnce()
  for (let round = 0; round < Math.ceil(iterations / BLOCK); round++)
    for (const o of open_) for (let i = 0; i < BLOCK; i++) o.samples.push(await o.sellOnce())
  for (const o of open_) await o.cleanup()
  const results = open_.map((o) => ({ c: o.c, s: stats(o.samples) }))
  const emptyP50 = results[0].s.p50
  const lines = results.map(({ c, s }) => {
    const ratio = s.p50 / emptyP50
    return `${c.label}: ${fmt(s)}; p50 ${ratio.toFixed(2)}x the empty case (target <= 1.2x: ${verdict(ratio <= 1.2)}), p99 < 50 ms: ${verdict(s.p99 < 50)}`
  })
  return {
    name: `sale through the dispatcher to the last of ${TICKETS_PER_SALE} tickets at a loopback printer, as history grows`,
    lines,
  }
}
