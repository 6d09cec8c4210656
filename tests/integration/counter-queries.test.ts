import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newRequestId, presented, testBackend, type TestBackend } from '../support/backend'
import { startFakePrinter, type FakePrinter } from '../support/fake-printer'
import { fillOutbox, fillTickets } from '../support/history'

/**
 * Issue 9, rule 4: no query a cashier's screens run while selling may cost more as history accumulates. Every
 * statement the counter's handlers and the reactions after a sale run is captured through the statement hook
 * and its plan read with EXPLAIN QUERY PLAN: a table that grows with history may be reached by its key or an
 * index search, never scanned whole, and never sorted whole.
 */
const GROWING = [
  'tickets',
  'sales',
  'outbox',
  'audit_logs',
  'inventory_movements',
  'claims',
  'cancellations',
  'notifications',
  'draw_results',
  'sync_conflicts',
  'sync_dead_letters',
]

let b: TestBackend
let printer: FakePrinter
const statements = new Set<string>()
let capture = false

beforeAll(async () => {
  b = testBackend({ onStatement: (sql) => capture && statements.add(sql), shift: false })
  fillTickets(b, 20_000)
  fillOutbox(b, 20_000, 'acked')
  fillOutbox(b, 20_000)
  // No ANALYZE: a terminal never runs it, so the plans checked are the ones it gets.
  printer = await startFakePrinter({ mode: 'ok' })
  const m = await b.login('maria')
  await b.call(m, 'printer-set', { uri: printer.uri, timeout_ms: 3000, status_check: true })
})
afterAll(async () => {
  await b.cleanup()
  await printer.close()
})

/** Plans are read for the statement text with its literals as bound: EXPLAIN of the expanded SQL. */
function plan(sql: string): string[] {
  const rows = b.ctx.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]
  return rows.map((r) => r.detail)
}

/** Equality on one of these reaches a bounded number of rows: one record, or one sale's, ticket's or draw's. */
const BOUNDED_KEY =
  /\((?:_id|ticket_number|ticket_id|sale_id|request_id|transaction_id|rowid|seq|doc_id|key|lottery_id=\? AND draw_date)[=>]/

/** The table a plan line reads (`SCAN t USING ...` names an alias of `FROM tickets t`), if it is a growing one. */
function growingTable(name: string, sql: string): string | null {
  if (GROWING.includes(name)) return name
  const aliased = new RegExp(`\\b(\\w+)\\s+(?:AS\\s+)?${name}\\b`, 'gi')
  for (const m of sql.matchAll(aliased)) if (GROWING.includes(m[1])) return m[1]
  return null
}

/** Why a plan line reads a growing table without bound, or null. */
function unbounded(detail: string, sql: string): string | null {
  const m = /^(SCAN|SEARCH) (\w+)(.*)$/.exec(detail)
  const table = m && growingTable(m[2], sql)
  if (!m || !table) return null
  const rest = m[3]
  if (BOUNDED_KEY.test(rest)) return null
  // Walking an index in order and stopping: bounded by the LIMIT, or the first row of a MIN/MAX.
  const limited = /\bLIMIT\b/i.test(sql) || (/\b(MIN|MAX)\(/i.test(sql) && !/\bGROUP BY\b/i.test(sql))
  if (/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(rest) && limited) return null
  return m[1] === 'SCAN' ? `reads every row of ${table}` : `reads an unbounded range of ${table}`
}

describe('the counter as history grows', () => {
  it('reaches every growing table by key or index while selling, checking, paying and reprinting', async () => {
    const s = await b.login('carlos')
    const lotteryId = b.gameId('LOTTO')
    capture = true
    const sale = await b.call(s, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod: 'cash',
      lines: [{ lotteryId, quantity: 2 }],
    })
    await b.printer.idle()
    expect(
      b.ctx.db
        .prepare("SELECT COUNT(*) AS n FROM tickets WHERE print_status = 'printed' AND sale_id = ?")
        .get(sale.sales[0]._id),
    ).toEqual({ n: 2 })
    await b.call(s, 'status-get')
    await b.call(s, 'game-list')
    await b.call(s, 'ticket-recent', { limit: 20 })
    // The print queue: its list, and printing what it lists (nothing waits here, so no job is sent).
    await b.call(s, 'ticket-unprinted', { limit: 50 })
    await b.call(s, 'ticket-print', {})
    await b.call(s, 'draw-results', { limit: 20 })
    await b.call(s, 'ticket-preview', { ticketId: sale.tickets[0]._id })
    await b.call(s, 'ticket-validate', { input: presented(b, sale.tickets[0]._id) })
    await b.call(s, 'ticket-validate', { input: '000000000000000000' })
    capture = false
    expect(statements.size).toBeGreaterThan(20)
    const findings: string[] = []
    for (const sql of statements) {
      if (/^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/i.test(sql)) continue
      for (const detail of plan(sql)) {
        const why = unbounded(detail, sql)
        if (why) findings.push(`${why}: ${detail}\n    ${sql.replace(/\s+/g, ' ').slice(0, 200)}`)
      }
    }
    expect(findings).toEqual([])
  })
})
