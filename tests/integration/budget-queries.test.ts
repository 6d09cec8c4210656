import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { refileDays } from '../../electron/budget/days'
import { testBackend, type TestBackend } from '../support/backend'

/**
 * Issue 15: the budget screen, and a transaction entered on it, never read a budget's transactions whole. Every
 * statement budget-get, budget-transaction-add and budget-recurring-record run is captured through the statement
 * hook and its plan read with EXPLAIN QUERY PLAN: budget_transactions may be reached only by key, by one item's
 * newest few (a LIMIT), from the newest dates on, or by one recurring entry's occurrences; budget_days only by
 * one item's key (at most its days).
 */
let b: TestBackend
let id = ''
const statements = new Set<string>()
let capture = false

beforeAll(async () => {
  b = testBackend({ onStatement: (sql) => capture && statements.add(sql), start: '2026-07-01T15:00:00Z', shift: false })
  const m = await b.login('maria')
  const budget = await b.call(m, 'budget-save', {
    budget: {
      name: '2026',
      first_day: '2026-01-01',
      last_day: '2026-12-31',
      total_budget: 10_000_000,
      items: [
        { category: 'Rent', kind: 'expense', allocated_amount: 3_000_000 },
        { category: 'Utilities', kind: 'expense', allocated_amount: 500_000 },
        { category: 'Merchandise purchases', kind: 'expense', allocated_amount: 2_000_000 },
        { category: 'Lottery commissions', kind: 'income', allocated_amount: 400_000 },
      ],
    },
  })
  id = budget._id
  const ids = JSON.stringify(budget.items.map((i) => i._id))
  // 4,000 transactions over the half year so far (no ANALYZE: a terminal never runs it), filed as a start does.
  const dated = `strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01 05:00:00', printf('+%d days', i % 181), printf('+%d minutes', i % 600))`
  b.ctx.db.transaction(() => {
    b.ctx.db
      .prepare(
        `INSERT INTO budget_transactions (_id, budget_item_id, amount, transaction_date, description, transaction_type,
           source_type, source_id, user_id, created_at)
         WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 4000)
         SELECT printf('q%023x', i), json_extract(@ids, printf('$[%d]', i % 4)), 100 + i, ${dated}, 'Bulk',
           CASE WHEN i % 4 = 3 THEN 'Income' ELSE 'Expense' END, 'manual', NULL, NULL, ${dated}
         FROM c`,
      )
      .run({ ids })
    refileDays(b.ctx, id)
  })()
})
afterAll(() => b.cleanup())

function plan(sql: string): string[] {
  return (b.ctx.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail)
}

/** The table a plan line reads (`SEARCH t ...` names an alias of `FROM budget_transactions t`), if a growing one. */
function tableOf(name: string, sql: string): string | null {
  const growing = ['budget_transactions', 'budget_days']
  if (growing.includes(name)) return name
  for (const m of sql.matchAll(new RegExp(`\\b(\\w+)\\s+(?:AS\\s+)?${name}\\b`, 'gi')))
    if (growing.includes(m[1])) return m[1]
  return null
}

/** Why a plan line reads a budget's transactions or days without bound, or null. */
function unbounded(detail: string, sql: string): string | null {
  const m = /^(SCAN|SEARCH) (\w+)(.*)$/.exec(detail)
  const table = m && tableOf(m[2], sql)
  if (!m || !table) return null
  const rest = m[3]
  const limited = /\bLIMIT\b/i.test(sql)
  if (table === 'budget_days')
    return /PRIMARY KEY \(budget_item_id=\?/.test(rest) ? null : `reads budget_days: ${detail}`
  // By key: one transaction, or one source's posting.
  if (/\((?:_id=\?|source_type=\? AND source_id=\? AND budget_item_id=\?)\)/.test(rest)) return null
  // One recurring entry's occurrences: "<entry id>:<day>".
  if (/budget_transactions_once \(source_type=\? AND source_id>\? AND source_id<\?\)/.test(rest)) return null
  // An item's newest few, or every item's from the newest dates on, under a LIMIT.
  if (limited && /budget_transactions_by_item \(budget_item_id=\?(?: AND transaction_date>\?)?\)/.test(rest))
    return null
  return `reads budget_transactions without bound: ${detail}`
}

describe('the budget screen as transactions accumulate', () => {
  it('reads per-item days and a few transactions, never every transaction, to show and to post', async () => {
    const m = await b.login('maria')
    capture = true
    const view = await b.call(m, 'budget-get', { id })
    const rent = view.items.find((i) => i.category === 'Rent')!
    await b.call(m, 'budget-transaction-add', {
      itemId: rent._id,
      amount: 1_000,
      day: '2026-07-01',
      description: 'Plumber',
      transaction_type: 'Expense',
    })
    const withRent = await b.call(m, 'budget-recurring-save', {
      itemId: rent._id,
      amount: 250_000,
      transaction_type: 'Expense',
      description: 'Rent',
      cadence: 'monthly',
      day_of_month: 1,
    })
    await b.call(m, 'budget-recurring-record', { recurringId: withRent.recurring[0]._id, day: '2026-07-01' })
    capture = false
    expect(view.transaction_count).toBe(4000)
    const findings: string[] = []
    let daysRead = 0
    for (const sql of statements) {
      if (/^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/i.test(sql)) continue
      if (/\bFROM budget_days\b/.test(sql)) daysRead++
      for (const detail of plan(sql)) {
        const why = unbounded(detail, sql)
        if (why) findings.push(`${why}\n    ${sql.replace(/\s+/g, ' ').slice(0, 240)}`)
      }
    }
    expect(daysRead).toBeGreaterThan(0)
    expect(findings).toEqual([])
  })
})
