import { auditEntry } from '../audit/audited'
import { MAX_CHANGE, type ParsedArgsOf } from '../../shared/contract'
import type { DeviceInfo, SaleResult, TicketView } from '../../shared/contract'
import { PosError } from '../../shared/errors'
import { cartTotals, formatMoney, minorToDecimal } from '../../shared/money'
import { makeTicketNumber } from '../../shared/ticket-number'
import { DateTime } from 'luxon'
import { saleGame, scheduleOf, type SaleGameRow } from '../catalog/repo'
import { cancelRule, withCancel } from '../claim/cancellable'
import { heldDrawSince } from '../claim/repo'
import { assertClockTrusted, checkClock, CLOCK_TOLERANCE_MS } from '../clock/trusted'
import { cachedDrawFor } from '../catalog/schedule'
import { assertStoreOpen, type Ctx } from '../core/context'
import { nextCounter, validationCode } from '../device/repo'
import { notifyLowStock, takeStock } from '../inventory/repo'
import { enqueue } from '../outbox/repo'
import { getSetting } from '../settings/repo'
import { inTransaction } from '../store/db'
import { checkPick, quickPick } from './picks'
import { insertSale, insertTender, loadSaleResult } from './repo'
import { insertTicket } from '../ticket/repo'
import { shiftForMoney } from '../shift/service'

type SaleArgs = ParsedArgsOf<'sale-create'>

interface PlannedLine {
  game: SaleGameRow
  quantity: number
  picks: { numbers: number[]; quick: boolean }[]
  drawDate: string
}

/** Everything that can be checked before the transaction: nothing is written if any of it fails. */
function plan(ctx: Ctx, args: SaleArgs, now: Date): PlannedLine[] {
  const perGame = new Map<string, number>()
  return args.lines.map((line) => {
    const game = saleGame(ctx.db, line.lotteryId)
    if (!game)
      throw new PosError('GAME_UNKNOWN', 'That game does not exist on this terminal.', { lottery_id: line.lotteryId })
    if (game.status !== 'active')
      throw new PosError('GAME_INACTIVE', `${game.name} is not on sale.`, { lottery_id: game._id })
    const total = (perGame.get(game._id) ?? 0) + line.quantity
    perGame.set(game._id, total)
    if (total > game.max_tickets_per_sale) {
      throw new PosError('QUANTITY_LIMIT', `At most ${game.max_tickets_per_sale} ${game.name} tickets in one sale.`, {
        max: game.max_tickets_per_sale,
      })
    }
    if (line.picks && line.picks.length !== line.quantity) {
      throw new PosError(
        'NUMBERS_INVALID',
        `${game.name}: numbers were given for ${line.picks.length} of ${line.quantity} tickets.`,
      )
    }
    const picks = Array.from({ length: line.quantity }, (_, i) => {
      const own = line.picks?.[i]
      return own
        ? { numbers: checkPick(game, own), quick: false }
        : { numbers: quickPick(game, ctx.randomInt), quick: true }
    })
    const draw = cachedDrawFor(game._id, scheduleOf(game), now, ctx.store.timezone)
    if (!draw) throw new PosError('NO_DRAW_SCHEDULED', `${game.name} has no draw scheduled.`)
    // Never on a known result: whatever any clock says, a draw that has (or is followed by) a result is closed.
    const held = heldDrawSince(ctx.db, game._id, draw.toISOString())
    if (held) {
      throw new PosError(
        'DRAW_CLOSED',
        `${game.name}: the result of the draw of ${DateTime.fromISO(held, { zone: ctx.store.timezone }).toFormat('ccc d LLL HH:mm')} is already known, so sales for it are closed. The computer's clock may be wrong: call a manager.`,
        { lottery_id: game._id, draw_date: held },
      )
    }
    return { game, quantity: line.quantity, picks, drawDate: draw.toISOString() }
  })
}

/** What the customer hands over: cash covers the total (omitted: exactly); card and wallet pay it exactly. */
function tenderOf(args: SaleArgs, due: number, currency: string): number {
  if (args.tendered === undefined) return due
  if (args.paymentMethod !== 'cash') {
    if (args.tendered === due) return due
    throw new PosError(
      'TENDER_INVALID',
      `A ${args.paymentMethod} payment is for the exact total of ${formatMoney(due, currency)}; only cash gives change.`,
      { total_amount: due, tendered: args.tendered },
    )
  }
  if (args.tendered < due) {
    throw new PosError(
      'TENDER_SHORT',
      `${formatMoney(args.tendered, currency)} does not cover the total of ${formatMoney(due, currency)}: ${formatMoney(due - args.tendered, currency)} more is needed. Nothing was sold.`,
      { total_amount: due, tendered: args.tendered },
    )
  }
  // A slip of the finger (99999999 for $99.99) would show a fortune in change: no till gives that much back.
  if (args.tendered - due > MAX_CHANGE) {
    throw new PosError(
      'TENDER_INVALID',
      `${formatMoney(args.tendered, currency)} for a total of ${formatMoney(due, currency)} would be ${formatMoney(args.tendered - due, currency)} in change: check the amount typed. Nothing was sold.`,
      { total_amount: due, tendered: args.tendered, max_change: MAX_CHANGE },
    )
  }
  return args.tendered
}

/**
 * The sale a repeated request id made, as sale-create answered it, or null. Only the same cashier's same cart
 * (games, quantities, payment) is a retry: anything else under that id is refused, so nobody is told
 * "already recorded" for a sale that is not theirs, or not what they asked for.
 */
function replayOf(ctx: Ctx, userId: string, args: SaleArgs): SaleResult | null {
  const found = loadSaleResult(ctx.db, args.requestId)
  if (!found) return null
  const { user_id, ...replay } = found
  const same =
    user_id === userId &&
    replay.payment_method === args.paymentMethod &&
    replay.sales.length === args.lines.length &&
    replay.sales.every((l, i) => l.lottery_id === args.lines[i].lotteryId && l.quantity === args.lines[i].quantity)
  if (!same)
    throw new PosError(
      'REQUEST_REUSED',
      'This sale request was already used for a different sale, so nothing was sold. Press Sell again.',
      { transaction_id: replay.transaction_id },
    )
  return { ...replay, tickets: withCancel(ctx, replay.tickets), replayed: true }
}

/**
 * Sells a cart: N tickets, one sale record per cart line (sharing one
 * transaction_id), the stock decrement, an audit entry and the outbox rows
 * commit in ONE transaction. A repeated requestId returns the original sale
 * instead of selling again, so a double-click or a retry never double-counts.
 */
export function createSale(ctx: Ctx, userId: string, args: SaleArgs): SaleResult {
  // A clock set back stops the sale (its alarm is recorded on its own), except for the retry of a sale already
  // made, which is answered whatever the clock says. The check reads memory only.
  const clock = checkClock(ctx)
  if (clock.behindMs > CLOCK_TOLERANCE_MS) {
    const replay = replayOf(ctx, userId, args)
    if (replay) return replay
    assertClockTrusted(ctx, 'sell')
  }
  // Everything else under the one write lock: a read outside the transaction takes a lock of its own, on every
  // sale. Whatever refuses the sale throws before anything is written, and the transaction ends empty.
  return inTransaction(ctx.db, () => {
    const replay = replayOf(ctx, userId, args)
    if (replay) return replay

    // The draw is chosen by the latest time the terminal trusts, never by a clock set back.
    assertStoreOpen(ctx)
    // Counted in the terminal's open shift, in this transaction: never outside one.
    const shiftId = shiftForMoney(ctx, userId)
    const nowIso = clock.now.toISOString()
    const lines = plan(ctx, args, clock.effective)
    const totals = cartTotals(
      lines.map((l) => ({ unitPrice: l.game.ticket_price, quantity: l.quantity })),
      ctx.store.tax_rate_bps,
    )
    // Central may have changed a price since the cart was built: the change applies to the next sale, so this
    // one is refused and the cashier sees the new total before anything is charged.
    if (args.expectedTotal !== undefined && args.expectedTotal !== totals.total_amount) {
      throw new PosError(
        'PRICE_CHANGED',
        `Prices changed since this cart was made: the total is now ${formatMoney(totals.total_amount, ctx.store.currency)}. Check with the player and press Sell again.`,
        {
          total_amount: totals.total_amount,
          prices: Object.fromEntries(lines.map((l) => [l.game._id, l.game.ticket_price])),
        },
      )
    }
    // Responsible play, enforced here whatever the UI shows.
    const needsAge = lines.find((l) => l.game.age_check === 1)
    if (needsAge && !args.ageConfirmed) {
      throw new PosError('AGE_CONFIRMATION_REQUIRED', `${needsAge.game.name}: confirm the player is of legal age.`, {
        lottery_id: needsAge.game._id,
      })
    }
    const maxSale = getSetting(ctx.db, 'max_sale_amount')
    if (totals.total_amount > maxSale) {
      throw new PosError('SALE_LIMIT', `One sale may total at most ${formatMoney(maxSale, ctx.store.currency)}.`, {
        total_amount: totals.total_amount,
        max: maxSale,
      })
    }
    const threshold = getSetting(ctx.db, 'confirm_threshold')
    if (totals.total_amount > threshold && !args.confirmed) {
      throw new PosError(
        'CONFIRMATION_REQUIRED',
        `Confirm the total of ${formatMoney(totals.total_amount, ctx.store.currency)}.`,
        {
          total_amount: totals.total_amount,
          threshold,
        },
      )
    }
    const tendered = tenderOf(args, totals.total_amount, ctx.store.currency)
    const here = { store_number: ctx.store.store_number, terminal_number: ctx.device.terminal_number }
    const device: DeviceInfo = { device_id: ctx.device.device_id, pos_version: ctx.device.pos_version }
    const deviceJson = JSON.stringify(device)

    const ticketCount = lines.reduce((s, l) => s + l.quantity, 0)
    const lastSeq = nextCounter(ctx.db, 'ticket_seq', ticketCount)
    let seq = lastSeq - ticketCount
    const txn = `TX-${String(ctx.store.store_number).padStart(4, '0')}-${String(ctx.device.terminal_number).padStart(3, '0')}-${String(
      nextCounter(ctx.db, 'transaction_seq'),
    ).padStart(8, '0')}`
    const result: SaleResult = {
      transaction_id: txn,
      payment_method: args.paymentMethod,
      sale_time: nowIso,
      sales: [],
      tickets: [],
      price: totals.price,
      tax: totals.tax,
      total_amount: totals.total_amount,
      tendered,
      change: tendered - totals.total_amount,
      replayed: false,
    }
    insertTender(ctx.db, {
      transaction_id: txn,
      payment_method: args.paymentMethod,
      amount_due: totals.total_amount,
      amount_tendered: tendered,
      change_due: result.change,
      created_at: nowIso,
    })
    const lowStock: { game: string; batch: Parameters<typeof notifyLowStock>[3] }[] = []
    lines.forEach((line, i) => {
      const saleId = ctx.newId()
      const tickets: TicketView[] = []
      const storeId = ctx.store._id
      // Ids in the order they always were drawn: the sale's, then its tickets'.
      const ticketIds = line.picks.map(() => ctx.newId())
      const t = totals.lines[i]
      // Every ticket of a line shares its game, time and draw: one answer for all (the draw is not held: plan()).
      let cancel: TicketView['cancel']
      const sale = {
        _id: saleId,
        transaction_id: txn,
        request_id: args.requestId,
        line_no: i,
        ticket_id: ticketIds[0],
        store_id: storeId,
        user_id: userId,
        lottery_id: line.game._id,
        quantity: line.quantity,
        price: t.price,
        payment_method: args.paymentMethod,
        tax: t.tax,
        total_amount: t.total_amount,
        sale_time: nowIso,
        device_info: deviceJson,
        created_at: nowIso,
        shift_id: shiftId,
      }
      insertSale(ctx.db, sale)
      line.picks.forEach((pick, k) => {
        const ticketNumber = makeTicketNumber(ctx.store.store_number, ctx.device.terminal_number, ++seq)
        const ticket: TicketView = {
          _id: ticketIds[k],
          ticket_number: ticketNumber,
          lottery_id: line.game._id,
          game_name: line.game.name,
          game_code: line.game.code,
          sale_id: saleId,
          status: 'sold',
          draw_date: line.drawDate,
          numbers: pick.numbers,
          quick_pick: pick.quick,
          price: line.game.ticket_price,
          purchase_datetime: nowIso,
          print_status: 'pending',
          print_error: null,
          print_count: 0,
          cancel: (cancel ??= cancelRule(
            {
              ticket_number: ticketNumber,
              lottery_id: line.game._id,
              status: 'sold',
              purchase_datetime: nowIso,
              draw_date: line.drawDate,
            },
            line.game,
            here,
            clock.effective,
            () => false,
          )),
        }
        // The validation code goes to paper and to central, never back to the UI.
        const code = validationCode(ctx.device.secret, ticketNumber)
        tickets.push(ticket)
        insertTicket(ctx.db, {
          _id: ticket._id,
          ticket_number: ticketNumber,
          validation_code: code,
          sale_id: saleId,
          lottery_id: ticket.lottery_id,
          store_id: storeId,
          user_id: userId,
          purchase_datetime: nowIso,
          draw_date: ticket.draw_date,
          numbers: JSON.stringify(pick.numbers),
          quick_pick: pick.quick ? 1 : 0,
          price: ticket.price,
          payment_method: args.paymentMethod,
          device_info: deviceJson,
          print_status: 'pending',
          print_count: 0,
          created_at: nowIso,
          updated_at: nowIso,
        })
        enqueue(
          ctx.db,
          'tickets',
          ticket._id,
          'insert',
          {
            _id: ticket._id,
            ticket_number: ticketNumber,
            validation_code: code,
            lottery_id: ticket.lottery_id,
            store_id: storeId,
            user_id: userId,
            sale_id: saleId,
            purchase_datetime: nowIso,
            status: 'sold',
            winning_amount: 0,
            draw_date: ticket.draw_date,
            numbers: pick.numbers,
            quick_pick: pick.quick,
            price: ticket.price,
            payment_method: args.paymentMethod,
            device_info: device,
            customer_info: null,
            created_at: nowIso,
            updated_at: nowIso,
          },
          nowIso,
        )
      })
      // Central keeps the seed's single ticket_id and gets every ticket of the line in ticket_ids.
      const { request_id: _req, line_no: _line, ...saleDoc } = sale
      enqueue(
        ctx.db,
        'sales',
        saleId,
        'insert',
        { ...saleDoc, ticket_ids: tickets.map((tk) => tk._id), device_info: device },
        nowIso,
      )
      for (const batch of takeStock(ctx.db, {
        storeId: ctx.store._id,
        lotteryId: line.game._id,
        gameName: line.game.name,
        quantity: line.quantity,
        refType: 'sale',
        refId: saleId,
        now: nowIso,
        newId: ctx.newId,
      }))
        lowStock.push({ game: line.game.name, batch })
      result.sales.push({
        _id: saleId,
        lottery_id: line.game._id,
        quantity: line.quantity,
        price: t.price,
        tax: t.tax,
        total_amount: t.total_amount,
      })
      result.tickets.push(...tickets)
    })
    for (const { game, batch } of lowStock) notifyLowStock(ctx.db, ctx.newId(), game, batch, nowIso)
    auditEntry(
      ctx,
      userId,
      {
        action: 'sale.create',
        entity_type: 'sale',
        entity_id: result.sales[0]._id,
        description: `${txn}: ${lines.map((l) => `${l.quantity} x ${l.game.code}`).join(', ')} for ${minorToDecimal(totals.total_amount)} ${ctx.store.currency} (${args.paymentMethod})`,
      },
      nowIso,
    )
    return result
  })
}
