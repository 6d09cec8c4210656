import { afterEach, describe, expect, it } from 'vitest'
import { newRequestId, testBackend, type TestBackend } from '../../tests/support/backend'

let b: TestBackend
afterEach(() => b.cleanup())

const sell = (s: string) =>
  b.call(s, 'sale-create', {
    requestId: newRequestId(),
    paymentMethod: 'cash',
    lines: [{ lotteryId: b.gameId('PICK3'), quantity: 1 }],
  })

describe("the counter's last tickets", () => {
  it("show the store's day so far: not the demo's past draws, not yesterday's sales", async () => {
    // 23:50 in New York on Saturday 21 November: the demo's tickets were sold on the days before.
    b = testBackend({ demoHistory: true, start: '2026-11-22T04:50:00Z', shift: false })
    const s = await b.login('chloe', '2222')
    await b.call(s, 'shift-open', { float: { total: 0 } })
    expect(await b.call(s, 'ticket-recent', {})).toEqual([])
    const late = await sell(s)
    expect((await b.call(s, 'ticket-recent', {})).map((t) => t._id)).toEqual([late.tickets[0]._id])
    // Past midnight, store time: a new day's counter.
    b.clock.advance(15 * 60_000)
    expect(await b.call(s, 'ticket-recent', {})).toEqual([])
    const early = await sell(s)
    expect((await b.call(s, 'ticket-recent', {})).map((t) => t._id)).toEqual([early.tickets[0]._id])
  })
})
