import fc from 'fast-check'
import { ObjectId } from 'bson'
import { describe, expect, it } from 'vitest'
import { linkUp, openKit, playLinkStep, type Kit, type LinkStep } from './test-kit'

/**
 * Budgets under random local and central edits, syncs, faults mid-push, offline rounds and restarts
 * (fast-check). The conflict rule (docs/decisions.md): whoever made a budget owns its definition; the figures
 * are always the terminal's own, from its transactions. At the end, after one clean round:
 * - every budget, item and transaction made here is on central exactly once, and the outbox is empty;
 * - a budget made here keeps this terminal's definition, whatever was written over central's copy;
 * - a budget made centrally reads here as central's latest definition;
 * - every item's actual is the sum of its transactions, and its variance allocated - actual.
 */
type Step =
  | { kind: 'local-budget'; total: number }
  | { kind: 'spend'; b: number; amount: number }
  | { kind: 'central-budget'; total: number }
  | { kind: 'central-edit'; b: number; total: number; allocated: number }
  | LinkStep

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant('local-budget' as const), total: fc.integer({ min: 1, max: 9e6 }) }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('spend' as const),
      b: fc.nat(5),
      amount: fc.integer({ min: 1, max: 50_000 }),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('central-budget' as const), total: fc.integer({ min: 1, max: 9e6 }) }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('central-edit' as const),
      b: fc.nat(5),
      total: fc.integer({ min: 1, max: 9e6 }),
      allocated: fc.integer({ min: 0, max: 9e6 }),
    }),
    weight: 3,
  },
  { arbitrary: fc.constant({ kind: 'sync' as const }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('fault' as const),
      afterWrites: fc.integer({ min: 0, max: 5 }),
      when: fc.constantFrom('before', 'after', 'partial'),
    }),
    weight: 2,
  },
  { arbitrary: fc.constant({ kind: 'offline' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'restart' as const }), weight: 1 },
)

const RUNS = Math.max(1, Math.round(Number(process.env.SYNC_PROPERTY_RUNS ?? 25) * 0.6))

interface Known {
  id: string
  item: string
  origin: 'local' | 'central'
  name: string
  total: number
  allocated: number
}

async function play(k: Kit, steps: Step[]) {
  let manager = await k.b.login('maria')
  const budgets: Known[] = []
  let n = 0
  const store = ObjectId.createFromHexString(k.b.ctx.store._id)
  for (const s of steps) {
    k.b.clock.advance(1000)
    const stamp = () => k.b.clock()
    switch (s.kind) {
      case 'local-budget': {
        const name = `Local ${++n}`
        const v = await k.b.call(manager, 'budget-save', {
          budget: {
            name,
            first_day: '2026-11-01',
            last_day: '2026-11-30',
            total_budget: s.total,
            items: [{ category: 'Utilities', kind: 'expense', allocated_amount: 1000 }],
          },
        })
        budgets.push({ id: v._id, item: v.items[0]._id, origin: 'local', name, total: s.total, allocated: 1000 })
        break
      }
      case 'spend': {
        const b = budgets[s.b % Math.max(1, budgets.length)]
        // A central budget not pulled yet is not here to spend against.
        if (!b || !k.b.ctx.db.prepare('SELECT 1 FROM budget_items WHERE _id = ?').get(b.item)) break
        await k.b.call(manager, 'budget-transaction-add', {
          itemId: b.item,
          amount: s.amount,
          day: '2026-11-20',
          description: `Spend ${++n}`,
          transaction_type: 'Expense',
        })
        break
      }
      case 'central-budget': {
        const id = new ObjectId()
        const item = new ObjectId()
        const name = `Office ${++n}`
        await k.t.db.collection('budgets').insertMany(
          [
            {
              _id: id,
              store_id: store,
              name,
              start_date: new Date('2026-11-01T04:00:00Z'),
              end_date: new Date('2026-12-01T04:59:59Z'),
              total_budget: s.total,
              created_at: stamp(),
              updated_at: stamp(),
            },
          ],
          { ordered: false },
        )
        await k.t.db.collection('budget_items').insertMany(
          [
            {
              _id: item,
              store_id: store,
              budget_id: id,
              category: 'Utilities',
              allocated_amount: 5000,
              created_at: stamp(),
              updated_at: stamp(),
            },
          ],
          { ordered: false },
        )
        budgets.push({
          id: id.toHexString(),
          item: item.toHexString(),
          origin: 'central',
          name,
          total: s.total,
          allocated: 5000,
        })
        break
      }
      case 'central-edit': {
        // Head office edits a budget on central: its own, or central's copy of one made here.
        const b = budgets[s.b % Math.max(1, budgets.length)]
        if (!b) break
        const found = await k.t.db.collection('budgets').findOne({ _id: ObjectId.createFromHexString(b.id) })
        if (!found) break
        await k.t.db
          .collection('budgets')
          .updateOne(
            { _id: ObjectId.createFromHexString(b.id) },
            { $set: { total_budget: s.total, updated_at: stamp() } },
          )
        await k.t.db
          .collection('budget_items')
          .updateOne(
            { _id: ObjectId.createFromHexString(b.item) },
            { $set: { allocated_amount: s.allocated, updated_at: stamp() } },
          )
        if (b.origin === 'central') Object.assign(b, { total: s.total, allocated: s.allocated })
        break
      }
      default:
        await playLinkStep(k, s, 3)
        if (s.kind === 'restart') manager = await k.b.login('maria')
    }
  }
  linkUp(k)
  return budgets
}

async function assertConverged(k: Kit, budgets: Known[]) {
  const report = await k.engine().syncNow()
  expect(report.error).toBeNull()
  const db = k.b.ctx.db
  expect(
    db
      .prepare("SELECT status, collection, op, payload, attempts, last_error FROM outbox WHERE status <> 'acked'")
      .all(),
  ).toEqual([])
  expect(db.prepare('SELECT * FROM sync_pull_rejects').all()).toEqual([])
  const ids = (rows: { _id?: unknown }[]) =>
    rows.map((d) => String(d._id instanceof ObjectId ? d._id.toHexString() : d._id)).sort()
  // Each made here is on central once (central's own budgets are there too, once).
  const local = (table: string, where = '1') =>
    ids(db.prepare(`SELECT _id FROM ${table} WHERE ${where}`).all() as { _id: string }[])
  expect(ids(await k.t.all('budget_transactions'))).toEqual(local('budget_transactions'))
  expect(ids(await k.t.all('budgets'))).toEqual(local('budgets'))
  expect(ids(await k.t.all('budget_items'))).toEqual(local('budget_items'))
  for (const b of budgets) {
    const row = db.prepare('SELECT name, total_budget, origin FROM budgets WHERE _id = ?').get(b.id)
    expect(row, b.name).toEqual({ name: b.name, total_budget: b.total, origin: b.origin })
    expect(db.prepare('SELECT allocated_amount FROM budget_items WHERE _id = ?').get(b.item), b.name).toEqual({
      allocated_amount: b.allocated,
    })
  }
  expect(
    db
      .prepare(
        `SELECT i._id FROM budget_items i WHERE i.actual_spent <> (SELECT COALESCE(SUM(amount), 0) FROM budget_transactions t
           WHERE t.budget_item_id = i._id) OR i.variance <> i.allocated_amount - i.actual_spent`,
      )
      .all(),
  ).toEqual([])
}

describe('budgets under random local and central edits, restarts and failures (fast-check)', () => {
  it(
    'pushes every local record once, keeps each budget its maker defined, and its figures from its own transactions',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 14 }), async (steps) => {
          const k = await openKit('property-budgets')
          try {
            const budgets = await play(k, steps)
            await assertConverged(k, budgets)
          } finally {
            await k.close()
          }
        }),
        { numRuns: RUNS },
      )
    },
    20_000 + RUNS * 1_000,
  )
})
