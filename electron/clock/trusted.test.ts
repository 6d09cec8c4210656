import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { expectPosError, newRequestId, presented, testBackend, type TestBackend } from '../../tests/support/backend'
import { MongoClient } from 'mongodb'
import { StandinWireServer } from '../../tests/support/mongo-standin-wire'
import { SyncEngine } from '../sync/engine'
import { applyCatalog, catalogSchemas } from '../sync/catalog'
import type { TargetDb } from '../sync/target'
import { recordCentralTime, vouchTime } from './trusted'

// Saturday 21 Nov 2026, 10:00 in New York. The demo history holds Daily Pick 3's result of
// Friday 20 Nov 13:00 (3 14 27) and a ticket that won $500 on it.
let b: TestBackend
let s: string
beforeEach(async () => {
  b = testBackend({ demoHistory: true, start: '2026-11-21T15:00:00Z' })
  s = await b.login('carlos')
})
afterEach(() => b.cleanup())

const n = (sql: string) => (b.ctx.db.prepare(sql).get() as { n: number }).n
const rows = () => ({
  tickets: n('SELECT COUNT(*) AS n FROM tickets'),
  sales: n('SELECT COUNT(*) AS n FROM sales'),
  claims: n('SELECT COUNT(*) AS n FROM winning_claims'),
  cancellations: n('SELECT COUNT(*) AS n FROM cancellations'),
})
const sell = (code: string, picks?: number[][]) =>
  b.call(s, 'sale-create', {
    requestId: newRequestId(),
    paymentMethod: 'cash',
    ageConfirmed: true,
    lines: [{ lotteryId: b.gameId(code), quantity: picks?.length ?? 1, ...(picks ? { picks } : {}) }],
  })
const demoWinner = () =>
  b.ctx.db
    .prepare(
      "SELECT t._id FROM tickets t JOIN sales s ON s._id = t.sale_id WHERE s.request_id LIKE 'demo-history-%' ORDER BY t.ticket_number LIMIT 1",
    )
    .get() as { _id: string }
const compliance = () => n("SELECT COUNT(*) AS n FROM notifications WHERE type = 'compliance'")

describe('a clock set back across a draw whose result is known', () => {
  it('sells nothing for that draw and pays nothing, whatever the wall clock says', async () => {
    const before = rows()
    // Friday 12:00 in New York: an hour before the Pick 3 draw whose numbers the terminal already holds.
    b.clock.set('2026-11-20T17:00:00Z')
    const err = await expectPosError(sell('PICK3', [[3, 14, 27]]), 'CLOCK_BEHIND')
    expect(err.message).toMatch(/Call a manager/)
    await expectPosError(
      b.call(s, 'ticket-pay', { input: presented(b, demoWinner()._id), cashConfirmed: true }),
      'CLOCK_BEHIND',
    )
    expect(rows()).toEqual(before)
    // One compliance notification for the managers, not one per refused attempt.
    await expectPosError(sell('PICK3'), 'CLOCK_BEHIND')
    expect(compliance()).toBe(1)
    expect(n("SELECT COUNT(*) AS n FROM audit_logs WHERE action = 'clock.behind'")).toBe(1)

    // Even if a manager waves the clock through, a draw with a result is closed to sales.
    const m = await b.login('maria')
    const view = await b.call(m, 'clock-acknowledge', { note: 'clock was set back' })
    expect(view.behind).toBe(false)
    const closed = await expectPosError(sell('PICK3', [[3, 14, 27]]), 'DRAW_CLOSED')
    expect(closed.message).toMatch(/already known/)
    expect(rows()).toEqual(before)
  })

  it('does not let entries written under the set-back clock pull the trusted time down', async () => {
    b.clock.set('2026-11-20T17:00:00Z')
    // A login and a check write audit entries dated by the wrong clock: the newest entry is now "Friday".
    await b.login('chloe', 'second')
    await b.call(s, 'ticket-validate', { input: '1' })
    await expectPosError(sell('LOTTO'), 'CLOCK_BEHIND')
  })

  it('within the tolerance, picks the draw by the latest trusted time, not by the clock', async () => {
    // 12:57 New York: sales for today's 13:00 Pick 3 closed at 12:55, so this sale goes to Sunday.
    b.clock.set('2026-11-21T17:57:00Z')
    const first = await sell('PICK3')
    expect(first.tickets[0].draw_date).toBe('2026-11-22T18:00:00.000Z')
    // The clock steps back three minutes (within tolerance): today's draw stays closed.
    b.clock.set('2026-11-21T17:54:00Z')
    const second = await sell('PICK3')
    expect(second.tickets[0].draw_date).toBe('2026-11-22T18:00:00.000Z')
  })

  it('never pays a ticket recorded as bought at or after its draw cutoff', async () => {
    const id = demoWinner()._id
    // A ticket that reached the database with a purchase time after the draw closed.
    b.ctx.db.prepare('UPDATE tickets SET purchase_datetime = draw_date WHERE _id = ?').run(id)
    const r = await b.call(s, 'ticket-validate', { input: presented(b, id) })
    expect(r.outcome).toBe('sold_after_cutoff')
    expect(r.prize).toBeNull()
    await expectPosError(b.call(s, 'ticket-pay', { input: presented(b, id), cashConfirmed: true }), 'NOT_PAYABLE')
    expect(rows().claims).toBe(0)
  })

  it("refuses to move money when central's server time is ahead, and no manager can wave that away", async () => {
    const m = await b.login('maria')
    recordCentralTime(b.ctx.db, new Date('2026-11-22T15:00:00Z'), b.clock())
    const status = await b.call(s, 'status-get')
    expect(status.clock).toMatchObject({ behind: true, source: 'central', trusted: '2026-11-22T15:00:00.000Z' })
    await expectPosError(sell('PICK3'), 'CLOCK_BEHIND')
    const ack = await expectPosError(b.call(m, 'clock-acknowledge', { note: 'looks fine' }), 'NOT_ALLOWED')
    expect(ack.message).toMatch(/Central's own time is ahead/)
  })

  it('lets a manager acknowledge a legitimate correction, audited, after which selling resumes', async () => {
    // The clock had run a day ahead; IT sets it right.
    b.clock.set('2026-11-22T15:00:00Z')
    await sell('LOTTO')
    b.clock.set('2026-11-21T15:05:00Z')
    await expectPosError(sell('LOTTO'), 'CLOCK_BEHIND')
    await expectPosError(b.call(s, 'clock-acknowledge', { note: 'clock was a day ahead' }), 'FORBIDDEN')
    const m = await b.login('maria')
    await expectPosError(b.call(m, 'clock-acknowledge', { note: 'x' }), 'VALIDATION')
    await b.call(m, 'clock-acknowledge', { note: 'clock was a day ahead' })
    expect(
      b.ctx.db.prepare("SELECT user_id, description FROM audit_logs WHERE action = 'clock.acknowledged'").get(),
    ).toMatchObject({ description: expect.stringMatching(/clock was a day ahead/) })
    expect((await sell('LOTTO')).tickets).toHaveLength(1)
    await expectPosError(b.call(m, 'clock-acknowledge', { note: 'again' }), 'NOT_ALLOWED')
  })
})

describe("central's server time, through the real driver", () => {
  it('a sync round with central a day ahead of the clock stops sales until the clock is right', async () => {
    const server = new StandinWireServer()
    await server.listen()
    server.now = () => new Date(b.clock().getTime() + 86_400_000)
    const client = await new MongoClient(server.uri, { serverSelectionTimeoutMS: 5_000 }).connect()
    try {
      const engine = new SyncEngine({
        db: b.ctx.db,
        clock: b.clock,
        log: () => {},
        connect: async () => ({ db: client.db('pos_clock_test') as unknown as TargetDb, close: async () => {} }),
        storeId: b.ctx.store._id,
        streamId: b.ctx.device._id,
        deviceId: b.ctx.device.device_id,
        random: () => 0.5,
        sleep: async () => {},
      })
      await engine.syncNow()
      await engine.stop()
      expect((await b.call(s, 'status-get')).clock).toMatchObject({ behind: true, source: 'central' })
      await expectPosError(sell('LOTTO'), 'CLOCK_BEHIND')
    } finally {
      await client.close()
      await server.close()
    }
  })
})

describe('an idle terminal', () => {
  it('catches a clock set back while nothing was written: time moves on by the monotonic clock', async () => {
    // Sold at 12:40 New York; 50 minutes pass with nothing written; the clock is set to 12:41.
    b.clock.set('2026-11-21T17:40:00Z')
    await sell('LOTTO')
    b.clock.advance(50 * 60_000)
    b.clock.set('2026-11-21T17:41:00Z')
    const err = await expectPosError(sell('PICK3', [[3, 14, 27]]), 'CLOCK_BEHIND')
    expect(err.details).toMatchObject({ source: 'running' })
  })

  it('keeps its vouched time outside the database across a restart', async () => {
    b.clock.set('2026-11-21T17:40:00Z')
    await sell('LOTTO')
    b.clock.advance(20 * 60_000)
    // The heartbeat (once a minute) vouches for 13:00 New York; then the terminal is restarted.
    vouchTime(b.ctx)
    const dataDir = b.dataDir
    await b.close()
    b = testBackend({ dataDir, demoHistory: true, start: '2026-11-21T17:41:00Z' })
    s = await b.login('carlos')
    await expectPosError(sell('PICK3'), 'CLOCK_BEHIND')
  })

  it('cancels by the trusted time and never once the result is known', async () => {
    // 12:52 New York: a Pick 3 ticket for today's 13:00 draw (cutoff 12:55).
    b.clock.set('2026-11-21T17:52:00Z')
    const t = (await sell('PICK3')).tickets[0]
    // Four minutes pass; the clock is put back three (within the tolerance): the cutoff has still passed.
    b.clock.advance(4 * 60_000)
    b.clock.set('2026-11-21T17:53:00Z')
    const late = await expectPosError(
      b.call(s, 'ticket-cancel', { input: presented(b, t._id), reason: 'sold in error' }),
      'CANCEL_NOT_ALLOWED',
    )
    expect(late.message).toMatch(/sales for this draw have closed/)
  })

  it('never refunds a ticket whose draw result is known, even inside the window', async () => {
    const t = (await sell('PICK3')).tickets[0]
    b.ctx.db
      .prepare(
        "INSERT INTO draw_results (_id, lottery_id, draw_date, winning_numbers, status, created_at, updated_at) VALUES ('e'||hex(randomblob(11)), ?, ?, '[1,2,3]', 'official', ?, ?)",
      )
      .run(t.lottery_id, t.draw_date, t.draw_date, t.draw_date)
    const err = await expectPosError(
      b.call(s, 'ticket-cancel', { input: presented(b, t._id), reason: 'sold in error' }),
      'CANCEL_NOT_ALLOWED',
    )
    expect(err.message).toMatch(/result of this draw is known/)
  })
})

describe('a result sent in another time notation', () => {
  it('still closes its draw: instants from central are stored in one form', async () => {
    const pick3 = b.gameId('PICK3')
    // Today's 13:00 New York draw, as central might write it: with an offset instead of Z.
    const doc = catalogSchemas.draw_results.parse({
      _id: 'f'.repeat(24),
      lottery_id: pick3,
      draw_date: '2026-11-21T13:00:00-05:00',
      winning_numbers: [1, 2, 3],
      status: 'official',
      created_at: '2026-11-21T13:05:00-05:00',
      updated_at: '2026-11-21T13:05:00-05:00',
    })
    expect(doc.draw_date).toBe('2026-11-21T18:00:00.000Z')
    b.ctx.db.transaction(() => applyCatalog.draw_results(b.ctx.db, doc))()
    // 12:00 New York: by the clock the 13:00 draw is still open, but its result is already here.
    b.clock.set('2026-11-21T17:00:00Z')
    await expectPosError(sell('PICK3'), 'DRAW_CLOSED')
  })
})
