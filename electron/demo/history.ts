import { catalogChanged } from '../catalog/repo'
import { DateTime } from 'luxon'
import { makeTicketNumber } from '../../shared/ticket-number'
import type { Ctx } from '../core/context'
import { nextCounter, validationCode } from '../device/repo'
import { insertSale } from '../sale/repo'
import { insertTicket } from '../ticket/repo'
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
    catalogChanged(ctx.db)
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
        insertSale(ctx.db, {
          _id: saleId,
          transaction_id: `DEMO-${++n}`,
          request_id: `${DEMO_REQUEST_PREFIX}${n}`,
          line_no: 0,
          ticket_id: ticketId,
          store_id: ctx.store._id,
          user_id: cashierId,
          lottery_id: game._id,
          quantity: 1,
          price: game.ticket_price,
          payment_method: 'cash',
          tax: 0,
          total_amount: game.ticket_price,
          sale_time: sold,
          device_info: deviceInfo,
          created_at: sold,
        })
        insertTicket(ctx.db, {
          _id: ticketId,
          ticket_number: ticketNumber,
          validation_code: validationCode(ctx.device.secret, ticketNumber),
          sale_id: saleId,
          lottery_id: game._id,
          store_id: ctx.store._id,
          user_id: cashierId,
          purchase_datetime: sold,
          draw_date: draw,
          numbers: JSON.stringify(numbers),
          quick_pick: 0,
          price: game.ticket_price,
          payment_method: 'cash',
          device_info: deviceInfo,
          print_status: 'printed',
          print_count: 1,
          created_at: sold,
          updated_at: sold,
        })
      }
    }
  })
}
