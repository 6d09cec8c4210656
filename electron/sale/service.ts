import { auditEntry } from '../audit/audited'
import { MAX_CHANGE, type ParsedArgsOf } from '../../shared/contract'
import type { DeviceInfo, ItemLineView, SaleLineView, SaleResult, TicketView } from '../../shared/contract'
import { DrawLine, ProductLine } from '../../shared/contract'
import { PosError } from '../../shared/errors'
import { cartTotals, formatMoney, minorToDecimal, type CartTotals } from '../../shared/money'
import type { z } from 'zod'
import { instantForSale, sellInstant, type InstantForSale } from '../inventory/packs'
import { insertNotification } from '../notify/repo'
import { insertTransaction, productById, sellFrom, type ProductRow, type SaleTransactionRow } from '../product/repo'
import { makeTicketNumber } from '../../shared/ticket-number'
import { DateTime } from 'luxon'
import { saleGame, scheduleOf, type SaleGameRow } from '../catalog/repo'
import { cancelRule, withCancel } from '../claim/cancellable'
import { heldDrawSince } from '../claim/repo'
import { assertClockTrusted, checkClock, CLOCK_TOLERANCE_MS } from '../clock/trusted'
import { cachedDrawFor, type DrawSchedule } from '../catalog/schedule'
import { assertStoreOpen, type Ctx } from '../core/context'
import { nextCounter, nextTwoCounters, validationCode } from '../device/repo'
import { notifyLowStock, takeStock } from '../inventory/repo'
import { enqueue, enqueueAll, type OutboxEntry } from '../outbox/repo'
import { getSetting } from '../settings/repo'
import { inTransaction } from '../store/db'
import { checkPick, quickPick } from './picks'
import { insertSale, insertTender, loadSaleResult, type NewSaleRow } from './repo'
import { insertTickets, type NewTicketRow } from '../ticket/repo'
import { shiftForMoney } from '../shift/service'

type SaleArgs = ParsedArgsOf<'sale-create'>

interface DrawPlan {
  kind: 'draw'
  game: SaleGameRow
  quantity: number
  picks: { numbers: number[]; quick: boolean }[]
  drawDate: string
}
interface InstantPlan {
  kind: 'instant'
  ticket: InstantForSale
  quantity: 1
}
interface ProductPlan {
  kind: 'product'
  product: ProductRow
  quantity: number
}
type PlannedLine = DrawPlan | InstantPlan | ProductPlan

const unitPrice = (l: PlannedLine) =>
  l.kind === 'draw' ? l.game.ticket_price : l.kind === 'instant' ? l.ticket.pack.ticket_price : l.product.price
const lineName = (l: PlannedLine) =>
  l.kind === 'draw' ? l.game.name : l.kind === 'instant' ? l.ticket.game.name : l.product.product_name
const needsAge = (l: PlannedLine) =>
  l.kind === 'draw'
    ? l.game.age_check === 1
    : l.kind === 'instant'
      ? l.ticket.game.age_check === 1
      : l.product.age_check === 1
/** How a line is told apart from another when a request id comes back (replayOf). */
const requestedKey = (l: SaleArgs['lines'][number]) =>
  'lotteryId' in l
    ? `d:${l.lotteryId}:${l.quantity}`
    : 'productId' in l
      ? `p:${l.productId}:${l.quantity}`
      : `i:${l.instant.replace(/[\s-]/g, '')}`

/**
 * Each game row's schedule, parsed once per row: the catalogue's cache hands out a new row object when a game
 * changes (catalogChanged), never a changed one, so a row's schedule is fixed.
 */
const schedules = new WeakMap<SaleGameRow, DrawSchedule>()

function planDraw(ctx: Ctx, line: z.output<typeof DrawLine>, perGame: Map<string, number>, now: Date): DrawPlan {
  const game = saleGame(ctx.db, line.lotteryId)
  if (!game)
    throw new PosError('GAME_UNKNOWN', 'That game does not exist on this terminal.', { lottery_id: line.lotteryId })
  if (game.status !== 'active')
    throw new PosError('GAME_INACTIVE', `${game.name} is not on sale.`, { lottery_id: game._id })
  // An instant game's tickets are the ones in its packs: each is sold by its own barcode.
  if (game.game_type === 'instant')
    throw new PosError('GAME_INACTIVE', `${game.name} is an instant game: scan each ticket to sell it.`, {
      lottery_id: game._id,
    })
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
  let schedule = schedules.get(game)
  if (!schedule) schedules.set(game, (schedule = scheduleOf(game)))
  const draw = cachedDrawFor(game._id, schedule, now, ctx.store.timezone)
  if (!draw) throw new PosError('NO_DRAW_SCHEDULED', `${game.name} has no draw scheduled.`)
  const drawDate = draw.toISOString()
  // Never on a known result: whatever any clock says, a draw that has (or is followed by) a result is closed.
  const held = heldDrawSince(ctx.db, game._id, drawDate)
  if (held) {
    throw new PosError(
      'DRAW_CLOSED',
      `${game.name}: the result of the draw of ${DateTime.fromISO(held, { zone: ctx.store.timezone }).toFormat('ccc d LLL HH:mm')} is already known, so sales for it are closed. The computer's clock may be wrong: call a manager.`,
      { lottery_id: game._id, draw_date: held },
    )
  }
  return { kind: 'draw', game, quantity: line.quantity, picks, drawDate }
}

function planProduct(ctx: Ctx, line: z.output<typeof ProductLine>, perProduct: Map<string, number>): ProductPlan {
  const product = productById(ctx.db, line.productId)
  if (!product) throw new PosError('PRODUCT_REFUSED', 'That product does not exist on this terminal.')
  if (product.status === 'discontinued')
    throw new PosError('PRODUCT_REFUSED', `${product.product_name} is discontinued: it is no longer sold.`)
  const total = (perProduct.get(product._id) ?? 0) + line.quantity
  perProduct.set(product._id, total)
  if (total > product.quantity)
    throw new PosError(
      'OUT_OF_STOCK',
      product.quantity === 0
        ? `${product.product_name} is out of stock.`
        : `Only ${product.quantity} ${product.product_name} left in stock.`,
      { product_id: product._id, remaining: product.quantity },
    )
  return { kind: 'product', product, quantity: line.quantity }
}

/** Everything that can be checked before the first write: nothing is written if any of it fails. */
function plan(ctx: Ctx, args: SaleArgs, now: Date): PlannedLine[] {
  const perGame = new Map<string, number>()
  const perProduct = new Map<string, number>()
  const instants = new Set<string>()
  return args.lines.map((line): PlannedLine => {
    if ('lotteryId' in line) return planDraw(ctx, line, perGame, now)
    if ('productId' in line) return planProduct(ctx, line, perProduct)
    const ticket = instantForSale(ctx.db, line.instant)
    if (instants.has(ticket.code))
      throw new PosError('INSTANT_REFUSED', `${ticket.game.name} ticket ${ticket.code} is in the cart twice.`)
    instants.add(ticket.code)
    return { kind: 'instant', ticket, quantity: 1 }
  })
}

interface LineContext {
  txn: string
  requestId: string
  shiftId: string
  line_no: number
  payment: SaleArgs['paymentMethod']
  now: string
  device: DeviceInfo
  deviceJson: string
}
type LineTotals = CartTotals['lines'][number]

const describeLine = (l: PlannedLine) =>
  l.kind === 'draw'
    ? `${l.quantity} x ${l.game.code}`
    : l.kind === 'instant'
      ? `${l.ticket.game.code} ${l.ticket.pack.pack_number}-${String(l.ticket.ticket_no).padStart(3, '0')}`
      : `${l.quantity} x ${l.product.sku}`

/**
 * A sales row for central: the seed's fields (not the local request id and line), in the row's order, with
 * what the line adds (its tickets, an instant ticket) and device_info as an object.
 */
function saleRecord(
  sale: NewSaleRow,
  extra: { ticket_ids: string[]; instant?: Record<string, unknown>; device_info: DeviceInfo },
): OutboxEntry {
  const doc = {
    _id: sale._id,
    transaction_id: sale.transaction_id,
    ticket_id: sale.ticket_id,
    store_id: sale.store_id,
    user_id: sale.user_id,
    lottery_id: sale.lottery_id,
    quantity: sale.quantity,
    price: sale.price,
    payment_method: sale.payment_method,
    tax: sale.tax,
    total_amount: sale.total_amount,
    sale_time: sale.sale_time,
    device_info: extra.device_info,
    created_at: sale.created_at,
    shift_id: sale.shift_id,
    ticket_ids: extra.ticket_ids,
    instant: extra.instant,
    // Every field of the row but the two local ones: a field added to the row fails to compile until it is here.
  } satisfies Record<Exclude<keyof NewSaleRow, 'request_id' | 'line_no'> | 'ticket_ids' | 'instant', unknown>
  return { collection: 'sales', docId: sale._id, op: 'insert', json: JSON.stringify(doc) }
}
function queueSale(ctx: Ctx, sale: NewSaleRow, extra: Parameters<typeof saleRecord>[1], now: string): void {
  enqueueAll(ctx.db, [saleRecord(sale, extra)], now)
}

/** What every ticket of a line shares in its record for central. */
interface TicketRecordShared {
  lottery_id: string
  store_id: string
  user_id: string
  sale_id: string
  purchase_datetime: string
  draw_date: string
  price: number
  payment_method: string
  device_info: DeviceInfo
  created_at: string
}

/**
 * A line's tickets records for central as JSON: the text JSON.stringify gives for the seed's ticket document
 * (fields in this order, a test compares them), with what every ticket of the line shares serialised once
 * instead of once per ticket.
 */
export function ticketRecordJson(
  s: TicketRecordShared,
): (id: string, ticketNumber: string, code: string, numbersJson: string, quick: boolean) => string {
  const middle = JSON.stringify({
    lottery_id: s.lottery_id,
    store_id: s.store_id,
    user_id: s.user_id,
    sale_id: s.sale_id,
    purchase_datetime: s.purchase_datetime,
    status: 'sold',
    winning_amount: 0,
    draw_date: s.draw_date,
  }).slice(1, -1)
  const tail = JSON.stringify({
    price: s.price,
    payment_method: s.payment_method,
    device_info: s.device_info,
    customer_info: null,
    created_at: s.created_at,
    updated_at: s.created_at,
  }).slice(1, -1)
  return (id, ticketNumber, code, numbersJson, quick) =>
    `{"_id":${JSON.stringify(id)},"ticket_number":${JSON.stringify(ticketNumber)},"validation_code":${JSON.stringify(code)},${middle},"numbers":${numbersJson},"quick_pick":${quick},${tail}}`
}

/** An instant ticket: a sales row of its game (every lottery report counts it) and the ticket taken from its pack. */
function sellInstantLine(ctx: Ctx, userId: string, line: InstantPlan, c: LineContext, t: LineTotals): SaleLineView {
  const { ticket } = line
  const saleId = ctx.newId()
  const instantId = ctx.newId()
  const sale = {
    _id: saleId,
    transaction_id: c.txn,
    request_id: c.requestId,
    line_no: c.line_no,
    ticket_id: instantId,
    store_id: ctx.store._id,
    user_id: userId,
    lottery_id: ticket.game._id,
    quantity: 1,
    price: t.price,
    payment_method: c.payment,
    tax: t.tax,
    total_amount: t.total_amount,
    sale_time: c.now,
    device_info: c.deviceJson,
    created_at: c.now,
    shift_id: c.shiftId,
  }
  insertSale(ctx.db, sale)
  sellInstant(ctx, userId, { sale: saleId, instant: instantId }, ticket, c.now)
  const instant = {
    game_number: ticket.game_number,
    pack_number: ticket.pack.pack_number,
    ticket_no: ticket.ticket_no,
    code: ticket.code,
  }
  queueSale(
    ctx,
    sale,
    { ticket_ids: [], instant: { ...instant, pack_id: ticket.pack._id }, device_info: c.device },
    c.now,
  )
  return {
    _id: saleId,
    lottery_id: ticket.game._id,
    game_name: ticket.game.name,
    quantity: 1,
    price: t.price,
    tax: t.tax,
    total_amount: t.total_amount,
    instant,
  }
}

/** Merchandise: the seed's inventory_transactions row of type sale, and the product's quantity lowered. */
function sellProduct(
  ctx: Ctx,
  userId: string,
  line: ProductPlan,
  c: Omit<LineContext, 'requestId' | 'device' | 'deviceJson'>,
  t: LineTotals,
): ItemLineView {
  const { product, quantity } = line
  const row: SaleTransactionRow = {
    _id: ctx.newId(),
    product_id: product._id,
    transaction_type: 'sale',
    quantity,
    unit_price: product.price,
    total_value: t.price,
    transaction_date: c.now,
    reference_number: c.txn,
    transaction_status: 'completed',
    supplier_id: null,
    store_id: ctx.store._id,
    user_id: userId,
    updated_at: c.now,
    shift_id: c.shiftId,
    tax: t.tax,
    payment_method: c.payment,
    line_no: c.line_no,
  }
  insertTransaction(ctx.db, row)
  const left = sellFrom(ctx.db, product._id, quantity)
  enqueue(ctx.db, 'inventory_transactions', row._id, 'insert', row, c.now)
  // The product's count is this store's (central's products are the chain's catalogue): central learns it from
  // the inventory_transactions row, never a quantity it would share with every store.
  if (left.quantity === 0)
    insertNotification(ctx.db, {
      _id: ctx.newId(),
      user_id: null,
      title: `Out of stock: ${product.product_name}`,
      message: `The last ${product.product_name} (SKU ${product.sku}) was sold. Record a purchase to restock it.`,
      type: 'inventory_alert',
      created_at: c.now,
    })
  return {
    _id: row._id,
    product_id: product._id,
    product_name: product.product_name,
    sku: product.sku,
    quantity,
    unit_price: product.price,
    price: t.price,
    tax: t.tax,
    total_amount: t.total_amount,
  }
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

/** The device_info every row of a sale carries, and its JSON, once per terminal identity (it is fixed while the backend runs). */
const deviceInfos = new WeakMap<Ctx['device'], { device: DeviceInfo; deviceJson: string }>()
function deviceInfoOf(d: Ctx['device']): { device: DeviceInfo; deviceJson: string } {
  let info = deviceInfos.get(d)
  if (!info) {
    const device: DeviceInfo = { device_id: d.device_id, pos_version: d.pos_version }
    deviceInfos.set(d, (info = { device, deviceJson: JSON.stringify(device) }))
  }
  return info
}

/**
 * The sale a repeated request id made, as sale-create answered it, or null. Only the same cashier's same cart
 * (games, quantities, payment) is a retry: anything else under that id is refused, so nobody is told
 * "already recorded" for a sale that is not theirs, or not what they asked for.
 */
function replayOf(ctx: Ctx, userId: string, args: SaleArgs): SaleResult | null {
  const found = loadSaleResult(ctx.db, args.requestId)
  if (!found) return null
  const { user_id, line_keys, ...replay } = found
  const same =
    user_id === userId &&
    replay.payment_method === args.paymentMethod &&
    line_keys.join('|') === args.lines.map(requestedKey).join('|')
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
      lines.map((l) => ({ unitPrice: unitPrice(l), quantity: l.quantity })),
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
          prices: Object.fromEntries(
            lines.map((l) => [
              l.kind === 'product' ? l.product._id : l.kind === 'draw' ? l.game._id : l.ticket.code,
              unitPrice(l),
            ]),
          ),
        },
      )
    }
    // Responsible play, enforced here whatever the UI shows.
    const aged = lines.find(needsAge)
    if (aged && !args.ageConfirmed) {
      throw new PosError(
        'AGE_CONFIRMATION_REQUIRED',
        `${lineName(aged)}: confirm the ${aged.kind === 'product' ? 'customer' : 'player'} is of legal age.`,
        {
          ...(aged.kind === 'product' ? { product_id: aged.product._id } : {}),
          ...(aged.kind === 'draw' ? { lottery_id: aged.game._id } : {}),
          ...(aged.kind === 'instant' ? { lottery_id: aged.ticket.game._id } : {}),
        },
      )
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
    const { device, deviceJson } = deviceInfoOf(ctx.device)

    const ticketCount = lines.reduce((s, l) => s + (l.kind === 'draw' ? l.quantity : 0), 0)
    let seq = 0
    let txnSeq: number
    if (ticketCount > 0) {
      const [ticketSeq, t] = nextTwoCounters(ctx.db, 'ticket_seq', ticketCount, 'transaction_seq')
      seq = ticketSeq - ticketCount
      txnSeq = t
    } else txnSeq = nextCounter(ctx.db, 'transaction_seq')
    const txn = `TX-${String(ctx.store.store_number).padStart(4, '0')}-${String(ctx.device.terminal_number).padStart(3, '0')}-${String(
      txnSeq,
    ).padStart(8, '0')}`
    const result: SaleResult = {
      transaction_id: txn,
      payment_method: args.paymentMethod,
      sale_time: nowIso,
      sales: [],
      items: [],
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
      request_id: args.requestId,
      payment_method: args.paymentMethod,
      amount_due: totals.total_amount,
      amount_tendered: tendered,
      change_due: result.change,
      created_at: nowIso,
    })
    const lowStock: { game: string; batch: Parameters<typeof notifyLowStock>[3] }[] = []
    lines.forEach((line, i) => {
      const t = totals.lines[i]
      if (line.kind === 'product') {
        const c = { txn, shiftId, line_no: i, payment: args.paymentMethod, now: nowIso }
        result.items.push(sellProduct(ctx, userId, line, c, t))
        return
      }
      if (line.kind === 'instant') {
        const c = {
          txn,
          requestId: args.requestId,
          shiftId,
          line_no: i,
          payment: args.paymentMethod,
          now: nowIso,
          device,
          deviceJson,
        }
        result.sales.push(sellInstantLine(ctx, userId, line, c, t))
        return
      }
      const saleId = ctx.newId()
      const tickets: TicketView[] = []
      const storeId = ctx.store._id
      // Ids in the order they always were drawn: the sale's, then its tickets'.
      const ticketIds = line.picks.map(() => ctx.newId())
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
      // The line's tickets in one statement and their outbox records with the sale's in another (the same rows,
      // in the same order, as one statement each).
      const ticketRows: NewTicketRow[] = []
      const queued: OutboxEntry[] = []
      const ticketJson = ticketRecordJson({
        lottery_id: line.game._id,
        store_id: storeId,
        user_id: userId,
        sale_id: saleId,
        purchase_datetime: nowIso,
        draw_date: line.drawDate,
        price: line.game.ticket_price,
        payment_method: args.paymentMethod,
        device_info: device,
        created_at: nowIso,
      })
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
        const numbersJson = JSON.stringify(pick.numbers)
        tickets.push(ticket)
        ticketRows.push({
          _id: ticket._id,
          ticket_number: ticketNumber,
          validation_code: code,
          sale_id: saleId,
          lottery_id: ticket.lottery_id,
          store_id: storeId,
          user_id: userId,
          purchase_datetime: nowIso,
          draw_date: ticket.draw_date,
          numbers: numbersJson,
          quick_pick: pick.quick ? 1 : 0,
          price: ticket.price,
          payment_method: args.paymentMethod,
          device_info: deviceJson,
          print_status: 'pending',
          print_count: 0,
          created_at: nowIso,
          updated_at: nowIso,
        })
        queued.push({
          collection: 'tickets',
          docId: ticket._id,
          op: 'insert',
          json: ticketJson(ticket._id, ticketNumber, code, numbersJson, pick.quick),
        })
      })
      insertTickets(ctx.db, ticketRows)
      // Central keeps the seed's single ticket_id and gets every ticket of the line in ticket_ids.
      queued.push(saleRecord(sale, { ticket_ids: ticketIds, device_info: device }))
      enqueueAll(ctx.db, queued, nowIso)
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
        game_name: line.game.name,
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
        entity_id: result.sales[0]?._id ?? result.items[0]._id,
        description: `${txn}: ${lines.map(describeLine).join(', ')} for ${minorToDecimal(totals.total_amount)} ${ctx.store.currency} (${args.paymentMethod})`,
      },
      nowIso,
    )
    return result
  })
}
