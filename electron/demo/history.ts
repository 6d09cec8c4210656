import { catalogChanged } from '../catalog/repo'
import { DateTime } from 'luxon'
import { makeTicketNumber } from '../../shared/ticket-number'
import { instantCode } from '../../shared/instant'
import type { Ctx } from '../core/context'
import { nextCounter, validationCode } from '../device/repo'
import { insertSale } from '../sale/repo'
import { pastShift } from '../shift/service'
import { insertTicket } from '../ticket/repo'
import { inTransaction, type ReadDB } from '../store/db'

/**
 * Demo draws already held, with the numbers each demo ticket played (and what it is, for
 * `npm run demo:tickets`), so validation works offline. Each draw is the game's latest scheduled draw at
 * least `daysAgo` days back, on one of its own draw days.
 */
export const DEMO_HISTORY = [
  {
    code: 'PICK3',
    daysAgo: 1,
    winning: [3, 14, 27],
    tickets: [
      { numbers: [3, 14, 27], is: 'the $500 winner (Match 3): pay it' },
      { numbers: [3, 5, 14], is: 'the $5 winner (Match 2): pay it' },
      { numbers: [1, 2, 4], is: 'the loser: nothing to pay' },
    ],
  },
  {
    code: 'LOTTO',
    daysAgo: 3,
    winning: [5, 12, 19, 28, 36, 44],
    tickets: [{ numbers: [1, 5, 12, 19, 28, 36], is: 'the $2,500 winner (Match 5), above the payout limit' }],
  },
  { code: 'MEGA', daysAgo: 2, winning: [7, 21, 33, 48, 65], tickets: [] },
  // Older than KENO's 90-day claim period: its winner has expired.
  {
    code: 'KENO',
    daysAgo: 120,
    winning: [2, 9, 15, 23, 31, 40, 52, 60, 71, 80],
    tickets: [{ numbers: [2, 9, 15, 23, 31, 40, 1, 3, 4, 5], is: 'the expired $20 winner (Match 6, past 90 days)' }],
  },
]

/** The game's latest draw on one of its draw days, at its draw time, at least `daysAgo` days before `now`. */
export function pastDraw(now: DateTime, daysAgo: number, drawDays: number[], drawTime: string): DateTime {
  const [hour, minute] = drawTime.split(':').map(Number)
  let day = now.minus({ days: daysAgo }).set({ hour, minute, second: 0, millisecond: 0 })
  for (let i = 0; i < 7 && !drawDays.includes(day.weekday); i++) day = day.minus({ days: 1 })
  if (!drawDays.includes(day.weekday)) throw new Error(`no draw day in ${JSON.stringify(drawDays)}`)
  return day
}

export const DEMO_REQUEST_PREFIX = 'demo-history-'

/**
 * Past draws with results and tickets sold for them (a Match 3, a Match 2, a
 * loser, a prize above the payout limit, an expired prize). Demo history is
 * not queued for central: it never happened.
 */
/** An instant game for the demo: Cash Blast, game 0457, 60 tickets a pack, one pack received, one on sale. */
export const DEMO_INSTANT = {
  code: 'BLAST',
  name: 'Cash Blast',
  game_number: '0457',
  pack_size: 60,
  price: 500,
  packs: ['100001', '100002'],
}

function seedDemoInstant(ctx: Ctx, managerId: string, nowIso: string): void {
  const id = ctx.newId()
  ctx.db
    .prepare(
      `INSERT INTO lotteries (_id, name, code, draw_time, draw_days, prize_structure, ticket_price, status, pick_count, pick_min,
         pick_max, max_tickets_per_sale, game_type, game_number, pack_size, created_at, updated_at)
       VALUES (?, ?, ?, '00:00', '[]', '[]', ?, 'active', 1, 0, 0, 10, 'instant', ?, ?, ?, ?)`,
    )
    .run(
      id,
      DEMO_INSTANT.name,
      DEMO_INSTANT.code,
      DEMO_INSTANT.price,
      DEMO_INSTANT.game_number,
      DEMO_INSTANT.pack_size,
      nowIso,
      nowIso,
    )
  DEMO_INSTANT.packs.forEach((pack, i) =>
    ctx.db
      .prepare(
        `INSERT INTO packs (_id, store_id, lottery_id, pack_number, tickets_per_pack, ticket_price, status, received_at, received_by,
           activated_at, activated_by, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        ctx.newId(),
        ctx.store._id,
        id,
        pack,
        DEMO_INSTANT.pack_size,
        DEMO_INSTANT.price,
        i === 0 ? 'activated' : 'received',
        nowIso,
        managerId,
        i === 0 ? nowIso : null,
        i === 0 ? managerId : null,
        nowIso,
      ),
  )
}

/** Merchandise for the demo's one cart: scanned by barcode, found by name (S), one age-checked, one nearly out. */
export const DEMO_PRODUCTS = [
  {
    product_name: 'Sparkling water 500ml',
    sku: 'SODA-500',
    barcode: '5449000000996',
    price: 150,
    quantity: 24,
    category: 'Drinks',
    age_check: 0,
  },
  {
    product_name: 'Salted crisps 40g',
    sku: 'CHIP-SALT',
    barcode: '5901234123457',
    price: 120,
    quantity: 3,
    category: 'Snacks',
    age_check: 0,
  },
  {
    product_name: 'Mint gum',
    sku: 'GUM-MINT',
    barcode: null,
    price: 99,
    quantity: 40,
    category: 'Sweets',
    age_check: 0,
  },
  {
    product_name: 'Cigarettes (20)',
    sku: 'CIG-RED20',
    barcode: '8710000510035',
    price: 1150,
    quantity: 10,
    category: 'Tobacco',
    age_check: 1,
  },
]

function seedDemoProducts(ctx: Ctx, nowIso: string): void {
  const insert = ctx.db.prepare(
    `INSERT INTO products (_id, product_name, sku, barcode, category, quantity, price, received_date, last_updated, status,
       age_check, created_at)
     VALUES (@_id, @product_name, @sku, @barcode, @category, @quantity, @price, @now, @now, 'in_stock', @age_check, @now)`,
  )
  for (const p of DEMO_PRODUCTS) insert.run({ ...p, _id: ctx.newId(), now: nowIso })
}

export function seedDemoHistory(ctx: Ctx, cashierId: string): void {
  const now = DateTime.fromJSDate(ctx.clock(), { zone: ctx.store.timezone })
  inTransaction(ctx.db, () => {
    ctx.db.prepare("UPDATE lotteries SET claim_period_days = 90, age_check = 1 WHERE code = 'KENO'").run()
    catalogChanged(ctx.db)
    let n = 0
    for (const h of DEMO_HISTORY) {
      const game = ctx.db
        .prepare('SELECT _id, draw_time, draw_days, ticket_price FROM lotteries WHERE code = ?')
        .get(h.code) as { _id: string; draw_time: string; draw_days: string; ticket_price: number }
      const draw = pastDraw(now, h.daysAgo, JSON.parse(game.draw_days) as number[], game.draw_time)
        .toUTC()
        .toISO()!
      const sold = DateTime.fromISO(draw).minus({ hours: 3 }).toISO()!
      ctx.db
        .prepare(
          `INSERT INTO draw_results (_id, lottery_id, draw_date, winning_numbers, status, created_at, updated_at)
           VALUES (?, ?, ?, ?, 'official', ?, ?)`,
        )
        .run(ctx.newId(), game._id, draw, JSON.stringify(h.winning), draw, draw)
      if (!h.tickets.length) continue
      // Each day of history was a shift of its own, opened before its sales and closed (balanced) after.
      const at = DateTime.fromISO(sold)
      pastShift(ctx, cashierId, at.minus({ hours: 1 }).toJSDate(), at.plus({ hours: 1 }).toJSDate(), (shiftId) => {
        for (const { numbers } of h.tickets) {
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
            shift_id: shiftId,
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
      })
    }
    const manager = ctx.db.prepare("SELECT _id FROM users WHERE role = 'manager' LIMIT 1").get() as
      { _id: string } | undefined
    seedDemoInstant(ctx, manager?._id ?? cashierId, now.toUTC().toISO()!)
    seedDemoProducts(ctx, now.toUTC().toISO()!)
    catalogChanged(ctx.db)
  })
}

export interface DemoTicket {
  /** What to type or scan: the ticket number and its validation code. */
  scan: string
  ticket_number: string
  game: string
  numbers: string
  status: string
  /** Which demo ticket this is ("the $5 winner (Match 2): pay it"). */
  is: string
}

/** The demo tickets of past draws, each with what it is, in the order they were seeded. */
export function describeDemoTickets(db: ReadDB): DemoTicket[] {
  const rows = db
    .prepare(
      `SELECT t.ticket_number, t.validation_code, l.name, l.code, t.numbers, t.status FROM tickets t
       JOIN sales s ON s._id = t.sale_id JOIN lotteries l ON l._id = t.lottery_id
       WHERE s.request_id LIKE ? ORDER BY t.ticket_number`,
    )
    .all(`${DEMO_REQUEST_PREFIX}%`) as {
    ticket_number: string
    validation_code: string
    name: string
    code: string
    numbers: string
    status: string
  }[]
  return rows.map((r) => {
    const known = DEMO_HISTORY.find((h) => h.code === r.code)?.tickets.find(
      (t) => JSON.stringify(t.numbers) === r.numbers,
    )
    return {
      scan: r.ticket_number + r.validation_code,
      ticket_number: r.ticket_number,
      game: r.name,
      numbers: r.numbers,
      status: r.status,
      is: known?.is ?? 'a demo ticket',
    }
  })
}

/** What to scan at the counter to sell: tickets of the activated demo pack, and the products' barcodes. */
export function demoCounterCodes(db: ReadDB): { instant: string[]; products: { name: string; code: string }[] } {
  const pack = db
    .prepare(
      `SELECT l.game_number, p.pack_number, p.tickets_per_pack FROM packs p JOIN lotteries l ON l._id = p.lottery_id
       WHERE p.status = 'activated' ORDER BY p.received_at LIMIT 1`,
    )
    .get() as { game_number: string; pack_number: string; tickets_per_pack: number } | undefined
  const sold = new Set(
    pack
      ? (
          db
            .prepare('SELECT ticket_no FROM instant_sales i JOIN packs p ON p._id = i.pack_id WHERE p.pack_number = ?')
            .all(pack.pack_number) as { ticket_no: number }[]
        ).map((r) => r.ticket_no)
      : [],
  )
  const instant = pack
    ? Array.from({ length: pack.tickets_per_pack }, (_, t) => t)
        .filter((t) => !sold.has(t))
        .slice(0, 3)
        .map((t) => instantCode(pack.game_number, pack.pack_number, t))
    : []
  const products = (
    db.prepare('SELECT product_name, sku, barcode FROM products ORDER BY product_name LIMIT 10').all() as {
      product_name: string
      sku: string
      barcode: string | null
    }[]
  ).map((p) => ({ name: p.product_name, code: p.barcode ?? p.sku }))
  return { instant, products }
}

/** For each instant game: labels of packs not yet received (200001 on), to try receiving a delivery. */
export function demoPackLabels(db: ReadDB): { name: string; game_number: string; labels: string[] }[] {
  const games = db.prepare("SELECT name, game_number FROM lotteries WHERE game_type = 'instant'").all() as {
    name: string
    game_number: string
  }[]
  return games.map((g) => {
    const taken = new Set(
      (
        db
          .prepare('SELECT pack_number FROM packs p JOIN lotteries l ON l._id = p.lottery_id WHERE l.game_number = ?')
          .all(g.game_number) as { pack_number: string }[]
      ).map((p) => p.pack_number),
    )
    const free = Array.from({ length: 5 }, (_, i) => String(200001 + i)).filter((n) => !taken.has(n))
    return { ...g, labels: free.map((n) => instantCode(g.game_number, n)) }
  })
}
