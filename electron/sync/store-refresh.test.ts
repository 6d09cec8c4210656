import { ObjectId } from 'bson'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { expectPosError, newRequestId } from '../../tests/support/backend'
import { openKit, type Kit } from './test-kit'

let k: Kit
beforeEach(async () => {
  k = await openKit('store refresh')
})
afterEach(() => k.close())

const storeDoc = () => ({ _id: ObjectId.createFromHexString(k.b.ctx.store._id) })
const sell = () =>
  k.b.call(k.session, 'sale-create', {
    requestId: newRequestId(),
    paymentMethod: 'cash',
    lines: [{ lotteryId: k.b.gameId('LOTTO'), quantity: 1 }],
  })

describe("the store's and the games' rows pulled from central", () => {
  it('a new price and a withdrawn game apply to the very next sale, though the game rows are kept in memory', async () => {
    const lotto = ObjectId.createFromHexString(k.b.gameId('LOTTO'))
    expect((await sell()).price).toBe(300)
    const at = new Date('2026-11-21T16:00:00Z')
    await k.t.db.collection('lotteries').updateOne({ _id: lotto }, { $set: { ticket_price: 350, updated_at: at } })
    expect((await k.engine().syncNow()).ok).toBe(true)
    expect((await sell()).price).toBe(350)
    await k.t.db
      .collection('lotteries')
      .updateOne({ _id: lotto }, { $set: { status: 'inactive', updated_at: new Date(at.getTime() + 60_000) } })
    expect((await k.engine().syncNow()).ok).toBe(true)
    await expectPosError(sell(), 'GAME_INACTIVE')
  })

  it('applies a new tax rate to the next sale, without a restart', async () => {
    expect((await sell()).tax).toBe(15)
    await k.t.db
      .collection('stores')
      .updateOne(storeDoc(), { $set: { tax_rate_bps: 800, updated_at: new Date('2026-11-21T16:00:00Z') } })
    expect((await k.engine().syncNow()).ok).toBe(true)
    expect((await sell()).tax).toBe(24)
    expect((await k.b.call(k.session, 'app-info')).store.tax_rate_bps).toBe(800)
  })

  it('a store central suspends refuses sales and still lets people log in and sync', async () => {
    await k.t.db
      .collection('stores')
      .updateOne(storeDoc(), { $set: { status: 'suspended', updated_at: new Date('2026-11-21T16:00:00Z') } })
    expect((await k.engine().syncNow()).ok).toBe(true)
    const err = await expectPosError(sell(), 'STORE_SUSPENDED')
    expect(err.message).toMatch(/suspended by central/)
    const other = await k.b.login('chloe', 'later')
    expect((await k.b.call(other, 'status-get')).sync).toBeDefined()
    expect((await k.engine().syncNow()).ok).toBe(true)
  })
})
