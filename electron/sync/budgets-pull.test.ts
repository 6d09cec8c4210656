import { ObjectId } from 'bson'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { expectPosError } from '../../tests/support/backend'
import { pullCatalog } from './pull'
import { listPullRejects } from './repo'
import { openKit, type Kit } from './test-kit'

// Budgets head office sets for a store (issue 15): the one who made a budget owns its definition. A budget made
// centrally is pulled and read-only here; one made here is pushed and never pulled back over; the figures
// (actual, variance, forecast) are always this terminal's, from its transactions.
let k: Kit
let m: string
beforeEach(async () => {
  k = await openKit('budgets-pull')
  m = await k.b.login('maria')
})
afterEach(() => k.close())

const T0 = Date.parse('2026-11-21T15:00:00Z') // the test backend's frozen clock
const at = (minutes: number) => new Date(T0 + minutes * 60_000)
const pull = () => pullCatalog({ db: k.b.ctx.db, target: k.t.db, clock: k.b.clock, storeId: k.b.ctx.store._id })
const store = () => ObjectId.createFromHexString(k.b.ctx.store._id)

async function centralBudget(total = 400_000) {
  const _id = new ObjectId()
  const item = new ObjectId()
  await k.t.db.collection('budgets').insertMany(
    [
      {
        _id,
        store_id: store(),
        name: 'Q4 from head office',
        description: 'set by the area manager',
        // The seed's shape: the first day's midnight to the last day's 23:59:59 (store time, New York).
        start_date: new Date('2026-10-01T04:00:00Z'),
        end_date: new Date('2027-01-01T04:59:59Z'),
        total_budget: total,
        created_at: at(-60),
        updated_at: at(-60),
      },
    ],
    { ordered: false },
  )
  await k.t.db.collection('budget_items').insertMany(
    [
      {
        _id: item,
        store_id: store(),
        budget_id: _id,
        category: 'Utilities',
        allocated_amount: 90_000,
        created_at: at(-60),
        updated_at: at(-60),
      },
    ],
    { ordered: false },
  )
  return { id: _id.toHexString(), item: item.toHexString() }
}

describe('budgets from central', () => {
  it("pulls a store's budget head office set; it is central's to change, its figures this terminal's", async () => {
    const c = await centralBudget()
    const r = await pull()
    expect(r.rejected).toEqual([])
    const view = await k.b.call(m, 'budget-get', { id: c.id })
    expect(view).toMatchObject({
      origin: 'central',
      first_day: '2026-10-01',
      last_day: '2026-12-31',
      total_budget: 400_000,
      status: 'open',
    })
    expect(view.items).toEqual([
      expect.objectContaining({ category: 'Utilities', kind: 'expense', allocated_amount: 90_000 }),
    ])
    // Editing its definition here is refused; spending against it is this store's.
    await expectPosError(
      k.b.call(m, 'budget-save', {
        budget: {
          id: c.id,
          name: 'Mine now',
          first_day: '2026-10-01',
          last_day: '2026-12-31',
          total_budget: 1,
          items: [],
        },
      }),
      'NOT_ALLOWED',
    )
    await k.b.call(m, 'budget-transaction-add', {
      itemId: c.item,
      amount: 12_000,
      day: '2026-11-20',
      description: 'Electricity',
      transaction_type: 'Expense',
    })
    // Head office raises the allocation later: the allocation is central's, actual stays what was spent here.
    await k.t.db
      .collection('budget_items')
      .updateOne(
        { _id: ObjectId.createFromHexString(c.item) },
        { $set: { allocated_amount: 120_000, updated_at: at(10) } },
      )
    await k.t.db
      .collection('budgets')
      .updateOne({ _id: ObjectId.createFromHexString(c.id) }, { $set: { total_budget: 500_000, updated_at: at(10) } })
    await pull()
    const after = await k.b.call(m, 'budget-get', { id: c.id })
    expect(after.total_budget).toBe(500_000)
    expect(after.items[0]).toMatchObject({ allocated_amount: 120_000, actual_spent: 12_000, variance: 108_000 })
  })

  it("never pulls central's copy of a budget made here back over it, whatever it says", async () => {
    const mine = await k.b.call(m, 'budget-save', {
      budget: {
        name: 'November',
        first_day: '2026-11-01',
        last_day: '2026-11-30',
        total_budget: 100_000,
        items: [{ category: 'Rent', kind: 'expense', allocated_amount: 80_000 }],
      },
    })
    await k.engine().syncNow()
    const pushed = await k.t.db.collection('budgets').findOne({ _id: ObjectId.createFromHexString(mine._id) })
    expect(pushed).toMatchObject({ name: 'November', origin: 'local' })
    // Someone edits central's copy: this terminal's budget is still its own.
    await k.t.db
      .collection('budgets')
      .updateOne(
        { _id: ObjectId.createFromHexString(mine._id) },
        { $set: { name: 'Hijacked', total_budget: 1, updated_at: at(30) } },
      )
    await k.t.db
      .collection('budget_items')
      .updateOne(
        { _id: ObjectId.createFromHexString(mine.items[0]._id) },
        { $set: { allocated_amount: 1, updated_at: at(30) } },
      )
    const r = await pull()
    expect(r.rejected).toEqual([])
    expect(await k.b.call(m, 'budget-get', { id: mine._id })).toMatchObject({
      name: 'November',
      total_budget: 100_000,
      items: [expect.objectContaining({ allocated_amount: 80_000 })],
    })
  })

  it("refuses another store's budget item and a period the wrong way round, and says so", async () => {
    const c = await centralBudget()
    await k.t.db
      .collection('budgets')
      .updateOne(
        { _id: ObjectId.createFromHexString(c.id) },
        { $set: { start_date: new Date('2027-02-01T05:00:00Z'), end_date: new Date('2027-01-01T05:00:00Z') } },
      )
    await pull()
    const rejects = listPullRejects(k.b.ctx.db).map((x) => [x.collection, x.reason])
    expect(rejects).toContainEqual(['budgets', 'end_date: before start_date'])
    expect(rejects).toContainEqual(['budget_items', 'budget_id: no such budget on this terminal'])
    expect(k.b.ctx.db.prepare('SELECT COUNT(*) AS n FROM budgets').get()).toEqual({ n: 0 })
  })
})
