import { DateTime } from 'luxon'
import { makeTicketNumber } from '../../shared/ticket-number'
import type { Ctx } from '../core/context'
import { nextCounter, validationCode } from '../device/repo'
import { inTransaction } from '../store/db'

/** Demo draws already held, with the numbers each demo ticket played, so validation works offline. */
const DEMO_HISTORY = [
  {
    code: 'PICK3',
    daysAgo: 1,
    winning: [3, 14, 27],
    tickets: [
      [3, 14, 27],
      [3, 5, 14],
      [1, 2, 4],
    ],
  },
  { code: 'LOTTO', daysAgo: 3, winning: [5, 12, 19, 28, 36, 44], tickets: [[1, 5, 12, 19, 28, 36]] },
  { code: 'MEGA', daysAgo: 2, winning: [7, 21, 33, 48, 65], tickets: [] },
  // Older than KENO's 90-day claim period: its winner has expired.
  {
    code: 'KENO',
    daysAgo: 120,
    winning: [2, 9, 15, 23, 31, 40, 52, 60, 71, 80],
    tickets: [[2, 9, 15, 23, 31, 40, 1, 3, 4, 5]],
  },
]

export const DEMO_REQUEST_PREFIX = 'demo-history-'

/**
 * Past draws with results and tickets sold for them (a Match 3, a Match 2, a
 * loser, a prize above the payout limit, an expired prize). Demo history is
 * not queued for central: it never happened.
 */
export function seedDemoHistory(ctx: Ctx, cashierId: string): void {
  const now = DateTime.fromJSDate(ctx.clock(), { zone: ctx.store.timezone })
  inTransaction(ctx.db, () => {
    ctx.db.prepare("UPDATE lotteries SET claim_period_days = 90, age_check = 1 WHERE code = 'KENO'").run()
    let n = 0
    for (const h of DEMO_HISTORY) {
      const game = ctx.db.prepare('SELECT _id, draw_time, ticket_price FROM lotteries WHERE code = ?').get(h.code) as {
        _id: string
        draw_time: string
        ticket_price: number
      }
      const [hour, minute] = game.draw_time.split(':').map(Number)
      const draw = now.minus({ days: h.daysAgo }).set({ hour, minute, second: 0, millisecond: 0 }).toUTC().toISO()!
      const sold = DateTime.fromISO(draw).minus({ hours: 3 }).toISO()!
      ctx.db
        .prepare(
          `INSERT INTO draw_results (_id, lottery_id, draw_date, winning_numbers, status, created_at, updated_at)
           VALUES (?, ?, ?, ?, 'official', ?, ?)`,
        )
        .run(ctx.newId(), game._id, draw, JSON.stringify(h.winning), draw, draw)
      for (const numbers of h.tickets) {
        const saleId = ctx.newId()
        const ticketId = ctx.newId()
        const ticketNumber = makeTicketNumber(
          ctx.store.store_number,
          ctx.device.terminal_number,
          nextCounter(ctx.db, 'ticket_seq'),
        )
        const deviceInfo = JSON.stringify({ device_id: ctx.device.device_id, pos_version: ctx.device.pos_version })
        ctx.db
          .prepare(
            `INSERT INTO sales (_id, transaction_id, request_id, line_no, ticket_id, store_id, user_id, lottery_id, quantity, price,
               payment_method, tax, total_amount, sale_time, device_info, created_at)
             VALUES (?, ?, ?, 0, ?, ?, ?, ?, 1, ?, 'cash', 0, ?, ?, ?, ?)`,
          )
          .run(
            saleId,
            `DEMO-${++n}`,
            `${DEMO_REQUEST_PREFIX}${n}`,
            ticketId,
            ctx.store._id,
            cashierId,
            game._id,
            game.ticket_price,
            game.ticket_price,
            sold,
            deviceInfo,
            sold,
          )
        ctx.db
          .prepare(
            `INSERT INTO tickets (_id, ticket_number, validation_code, sale_id, lottery_id, store_id, user_id, purchase_datetime, status,
               draw_date, numbers, quick_pick, price, payment_method, device_info, print_status, print_count, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'sold', ?, ?, 0, ?, 'cash', ?, 'printed', 1, ?, ?)`,
          )
          .run(
            ticketId,
            ticketNumber,
            validationCode(ctx.device.secret, ticketNumber),
            saleId,
            game._id,
            ctx.store._id,
            cashierId,
            sold,
            draw,
            JSON.stringify(numbers),
            game.ticket_price,
            deviceInfo,
            sold,
            sold,
          )
      }
    }
  })
}
