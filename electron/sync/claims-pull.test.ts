import { ObjectId } from 'bson'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { expectPosError, presented } from '../../tests/support/backend'
import { openKit, type Kit } from './test-kit'

let k: Kit
beforeEach(async () => {
  k = await openKit('claims-pull')
})
afterEach(() => k.close())

const at = new Date('2026-11-21T16:30:00Z')

describe('what central tells the counter about tickets', () => {
  it('a draw result that arrives turns "not held yet" into the real answer, and a payout elsewhere into "already paid"', async () => {
    await k.sell('PICK3', 1)
    const t = k.b.ctx.db
      .prepare('SELECT _id, ticket_number, validation_code, lottery_id, store_id, draw_date, numbers FROM tickets')
      .get() as {
      _id: string
      ticket_number: string
      validation_code: string
      lottery_id: string
      store_id: string
      draw_date: string
      numbers: string
    }
    const check = () => k.b.call(k.session, 'ticket-validate', { input: t.ticket_number + t.validation_code })
    expect((await check()).outcome).toBe('draw_pending')

    // Central publishes the draw: the ticket's own numbers, so it wins the top tier.
    await k.t.db.collection('draw_results').insertMany(
      [
        {
          _id: new ObjectId(),
          lottery_id: ObjectId.createFromHexString(t.lottery_id),
          draw_date: new Date(t.draw_date),
          winning_numbers: JSON.parse(t.numbers) as number[],
          status: 'official',
          created_at: at,
          updated_at: at,
        },
      ],
      { ordered: false },
    )
    const engine = k.engine()
    expect((await engine.syncNow()).ok).toBe(true)
    expect(await check()).toMatchObject({ outcome: 'winner', prize: { prize_level: 'Match 3', amount: 50_000 } })

    // The lottery office paid it meanwhile; central says so.
    await k.t.db.collection('winning_claims').insertMany(
      [
        {
          _id: new ObjectId(),
          ticket_number: t.ticket_number,
          lottery_id: ObjectId.createFromHexString(t.lottery_id),
          store_id: ObjectId.createFromHexString(t.store_id),
          draw_date: new Date(t.draw_date),
          prize_level: 'Match 3',
          amount: 50_000,
          status: 'paid',
          created_at: at,
          updated_at: at,
        },
      ],
      { ordered: false },
    )
    expect((await engine.syncNow()).ok).toBe(true)
    const answer = await check()
    expect(answer.outcome).toBe('already_paid')
    expect(answer.message).toMatch(/by another terminal or the lottery office/)
    await expectPosError(
      k.b.call(k.session, 'ticket-pay', { input: presented(k.b, t._id), cashConfirmed: true }),
      'ALREADY_PAID',
    )
    await engine.stop()
  })

  it('a payout made here comes back from central without becoming a second claim', async () => {
    await k.sell('PICK3', 1)
    const t = k.b.ctx.db.prepare('SELECT _id, lottery_id, draw_date, numbers FROM tickets').get() as {
      _id: string
      lottery_id: string
      draw_date: string
      numbers: string
    }
    k.b.ctx.db
      .prepare(
        "INSERT INTO draw_results (_id, lottery_id, draw_date, winning_numbers, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'official', ?, ?)",
      )
      .run(new ObjectId().toHexString(), t.lottery_id, t.draw_date, t.numbers, at.toISOString(), at.toISOString())
    k.b.clock.set('2026-11-23T12:00:00Z')
    // The drawer opened empty: the prize's cash comes from the safe first.
    await k.b.call(k.session, 'shift-move', { kind: 'pay_in', amount: 50_000, reason: 'prize money from the safe' })
    await k.b.call(k.session, 'ticket-pay', { input: presented(k.b, t._id), cashConfirmed: true })
    const engine = k.engine()
    expect((await engine.syncNow()).ok).toBe(true)
    // Pushed, then pulled back on the next round.
    expect((await engine.syncNow()).ok).toBe(true)
    const claims = k.b.ctx.db.prepare('SELECT source FROM winning_claims').all()
    expect(claims).toEqual([{ source: 'local' }])
    await engine.stop()
  })
})
