import type { PaymentMethod, PrintStatus, TicketView } from '../../shared/contract'
import { stmt } from '../core/deps'
import type { ReadDB, WriteDB } from '../store/db'
import type { TicketPrintData } from '../printing/types'

const VIEW_SQL = `SELECT t._id, t.ticket_number, t.lottery_id, l.name AS game_name, l.code AS game_code,
  t.sale_id, t.status, t.draw_date, t.numbers, t.quick_pick, t.price, t.purchase_datetime, t.print_status, t.print_error, t.print_count
  FROM tickets t JOIN lotteries l ON l._id = t.lottery_id`

type ViewRow = Omit<TicketView, 'numbers' | 'quick_pick'> & { numbers: string; quick_pick: number }

const toView = (r: ViewRow): TicketView => ({
  ...r,
  numbers: JSON.parse(r.numbers) as number[],
  quick_pick: r.quick_pick === 1,
})

export function getTicketView(db: ReadDB, id: string): TicketView | null {
  const r = stmt(db, `${VIEW_SQL} WHERE t._id = ?`).get(id) as ViewRow | undefined
  return r ? toView(r) : null
}

/** The latest tickets sold since `since` (an instant), newest first. */
export function recentTickets(db: ReadDB, limit: number, since: string): TicketView[] {
  return (
    stmt(
      db,
      `${VIEW_SQL} WHERE t.purchase_datetime >= ? ORDER BY t.purchase_datetime DESC, t.ticket_number DESC LIMIT ?`,
    ).all(since, limit) as ViewRow[]
  ).map(toView)
}

export function ticketsOfSales(db: ReadDB, saleIds: string[]): TicketView[] {
  const q = stmt(db, `${VIEW_SQL} WHERE t.sale_id = ? ORDER BY t.ticket_number`)
  return saleIds.flatMap((id) => (q.all(id) as ViewRow[]).map(toView))
}

export function countUnprinted(db: ReadDB): number {
  // Kept current by triggers (migration 7), not counted.
  return (stmt(db, 'SELECT unprinted AS n FROM status_counts WHERE id = 1').get() as { n: number }).n
}

/** Tickets left 'printing' by a crash were never confirmed: they are pending again. */
export function resetInterruptedPrints(db: WriteDB): void {
  // The partial index of tickets not printed serves it (the planner needs its own condition spelt out): at start
  // on a year of tickets this was a 115 ms scan.
  stmt(
    db,
    "UPDATE tickets SET print_status = 'pending' WHERE print_status = 'printing' AND print_status <> 'printed'",
  ).run()
}

/** `neverSent`: see PrintDeps.setTicketPrintStatus; undefined leaves it as it is. */
export function setPrintStatus(
  db: WriteDB,
  id: string,
  status: PrintStatus,
  error: string | null,
  now: string,
  neverSent?: 0 | 1,
): void {
  stmt(
    db,
    `UPDATE tickets SET print_status = ?, print_error = ?, print_count = print_count + (? = 'printed' AND ? IS NULL),
       never_sent = coalesce(?, never_sent), updated_at = ? WHERE _id = ?`,
  ).run(status, error, status, error, neverSent ?? null, now, id)
}

type PrintRow = Omit<TicketPrintData, 'numbers' | 'quick_pick' | 'store_address' | 'tax' | 'on_paper' | 'sale'> & {
  numbers: string
  quick_pick: number
  location: string
  never_sent: number
  sale_id: string
  line_tax: number
}

/** The k-th (0-based, by ticket number) of n tickets' share of their line's tax: the shares add up to it exactly. */
const taxShare = (lineTax: number, n: number, k: number) => Math.floor(lineTax / n) + (k < lineTax % n ? 1 : 0)

/**
 * The tax a ticket paid: its share of its sale line's tax, as its paper shows it. What a cancellation or a void
 * refunds, so refunding every ticket of a line gives back exactly the line's tax (a tax computed per ticket
 * could give back a cent more, and at today's rate rather than the one paid).
 */
export function ticketTaxPaid(db: ReadDB, ticketId: string): number {
  const r = stmt(
    db,
    `SELECT sa.tax AS line_tax,
       (SELECT COUNT(*) FROM tickets o WHERE o.sale_id = t.sale_id) AS n,
       (SELECT COUNT(*) FROM tickets o WHERE o.sale_id = t.sale_id AND o.ticket_number < t.ticket_number) AS k
     FROM tickets t JOIN sales sa ON sa._id = t.sale_id WHERE t._id = ?`,
  ).get(ticketId) as { line_tax: number; n: number; k: number } | undefined
  if (!r) throw new Error(`no ticket ${ticketId}`)
  return taxShare(r.line_tax, r.n, r.k)
}

/**
 * What a ticket's paper shows: its own price, its share of its line's tax (the line's tax split so the shares
 * add up to it exactly, the first tickets taking the odd cents), and on the sale's last ticket the sale's
 * totals with the cash tendered and change, if the sale recorded them and prints no receipt of its own. Every
 * read is by key: one sale's rows.
 */
export function ticketPrintData(db: ReadDB, id: string): TicketPrintData | null {
  const r = stmt(
    db,
    `SELECT t._id AS ticket_id, t.ticket_number, t.validation_code, s.name AS store_name, s.location, l.name AS game_name,
       l.code AS game_code, t.draw_date, t.numbers, t.quick_pick, t.price, s.currency, t.purchase_datetime, s.timezone,
       json_extract(t.device_info, '$.device_id') AS device_id, u.name AS cashier_name, sa.transaction_id,
       t.status, t.never_sent, t.print_count, t.sale_id, sa.tax AS line_tax
     FROM tickets t JOIN lotteries l ON l._id = t.lottery_id JOIN stores s ON s._id = t.store_id
       JOIN users u ON u._id = t.user_id JOIN sales sa ON sa._id = t.sale_id WHERE t._id = ?`,
  ).get(id) as PrintRow | undefined
  if (!r) return null
  const { location, never_sent, sale_id, line_tax, ...rest } = r
  const loc = JSON.parse(location) as Record<string, string | undefined>
  const lines = stmt(
    db,
    'SELECT _id, price, tax, total_amount, payment_method FROM sales WHERE transaction_id = ? ORDER BY line_no',
  ).all(r.transaction_id) as { _id: string; price: number; tax: number; total_amount: number; payment_method: string }[]
  const ids = stmt(
    db,
    `SELECT t._id, t.sale_id FROM sales sa JOIN tickets t ON t.sale_id = sa._id WHERE sa.transaction_id = ?
       ORDER BY t.ticket_number`,
  ).all(r.transaction_id) as { _id: string; sale_id: string }[]
  const mine = ids.filter((x) => x.sale_id === sale_id)
  const share = taxShare(
    line_tax,
    mine.length,
    mine.findIndex((x) => x._id === id),
  )
  const data: TicketPrintData = {
    ...rest,
    numbers: JSON.parse(r.numbers) as number[],
    quick_pick: r.quick_pick === 1,
    store_address: [loc.address, loc.city, loc.state, loc.zip].filter(Boolean).join(', '),
    tax: share,
    on_paper: never_sent !== 1,
  }
  // A cart with an instant ticket or merchandise prints its own sale receipt with every line (printing/
  // receipts.ts): the last ticket then carries no totals of its own, which would leave those lines out.
  const ownReceipt =
    lines.some((l) => !ids.some((x) => x.sale_id === l._id)) ||
    stmt(
      db,
      "SELECT EXISTS (SELECT 1 FROM inventory_transactions WHERE reference_number = ? AND transaction_type = 'sale') AS e",
    )
      .pluck()
      .get(r.transaction_id) === 1
  if (ids.at(-1)?._id === id && !ownReceipt) {
    // Card and wallet pay the total exactly: only cash has a tender and change worth printing.
    const tender = stmt(
      db,
      "SELECT amount_tendered, change_due FROM sale_tenders WHERE transaction_id = ? AND payment_method = 'cash'",
    ).get(r.transaction_id) as { amount_tendered: number; change_due: number } | undefined
    data.sale = {
      tickets: ids.length,
      price: lines.reduce((s, l) => s + l.price, 0),
      tax: lines.reduce((s, l) => s + l.tax, 0),
      total: lines.reduce((s, l) => s + l.total_amount, 0),
      payment_method: lines[0].payment_method as PaymentMethod,
      tender: tender ?? null,
    }
  }
  return data
}

/** A ticket of the print queue: the list's row, and what the void and print rules need to know. */
export interface UnprintedRow extends TicketView {
  transaction_id: string
  never_sent: number
  device_id: string
  sales_cutoff_minutes: number
}

const UNPRINTED_WHERE = "t.print_status <> 'printed' AND t.print_count = 0 AND t.status = 'sold'"

/** Tickets still on sale that never printed, oldest first, from their own partial index (migration 10). */
export function unprintedTickets(db: ReadDB, limit: number): UnprintedRow[] {
  return (
    stmt(
      db,
      `SELECT t._id, t.ticket_number, t.lottery_id, l.name AS game_name, l.code AS game_code, t.sale_id, t.status,
         t.draw_date, t.numbers, t.quick_pick, t.price, t.purchase_datetime, t.print_status, t.print_error,
         t.print_count, sa.transaction_id, t.never_sent, json_extract(t.device_info, '$.device_id') AS device_id,
         l.sales_cutoff_minutes
       FROM tickets t JOIN lotteries l ON l._id = t.lottery_id JOIN sales sa ON sa._id = t.sale_id
       WHERE ${UNPRINTED_WHERE} ORDER BY t.purchase_datetime, t.ticket_number LIMIT ?`,
    ).all(limit) as (ViewRow & Omit<UnprintedRow, keyof TicketView>)[]
  ).map((r) => ({ ...r, ...toView(r) }))
}

/** One ticket as the print queue's rules see it (null: no such ticket). */
export function unprintedTicket(db: ReadDB, id: string): UnprintedRow | null {
  const r = stmt(
    db,
    `SELECT t._id, t.ticket_number, t.lottery_id, l.name AS game_name, l.code AS game_code, t.sale_id, t.status,
       t.draw_date, t.numbers, t.quick_pick, t.price, t.purchase_datetime, t.print_status, t.print_error,
       t.print_count, sa.transaction_id, t.never_sent, json_extract(t.device_info, '$.device_id') AS device_id,
       l.sales_cutoff_minutes
     FROM tickets t JOIN lotteries l ON l._id = t.lottery_id JOIN sales sa ON sa._id = t.sale_id WHERE t._id = ?`,
  ).get(id) as (ViewRow & Omit<UnprintedRow, keyof TicketView>) | undefined
  return r ? { ...r, ...toView(r) } : null
}

/**
 * Voids a ticket no byte of which has left for a printer: only a ticket still sold, not printed and never sent
 * changes. Returns whether it did. The cancellation record beside it is claim/repo's.
 */
export function markTicketVoided(db: WriteDB, id: string, now: string): boolean {
  return (
    stmt(
      db,
      `UPDATE tickets SET status = 'cancelled', cancelled_at = ?, updated_at = ?
       WHERE _id = ? AND status = 'sold' AND print_status <> 'printed' AND print_status <> 'printing' AND never_sent = 1`,
    ).run(now, now, id).changes === 1
  )
}

export interface NewTicketRow {
  _id: string
  ticket_number: string
  validation_code: string
  sale_id: string
  lottery_id: string
  store_id: string
  user_id: string
  purchase_datetime: string
  draw_date: string
  /** JSON array of the numbers. */
  numbers: string
  quick_pick: 0 | 1
  price: number
  payment_method: string
  /** JSON of device_info. */
  device_info: string
  print_status: 'pending' | 'printed'
  print_count: number
  created_at: string
  updated_at: string
}

const TICKET_INSERT = `INSERT INTO tickets (_id, ticket_number, validation_code, sale_id, lottery_id, store_id, user_id, purchase_datetime,
  status, draw_date, numbers, quick_pick, price, payment_method, device_info, print_status, print_count, never_sent, created_at, updated_at)
  VALUES `
const TICKET_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, 'sold', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
/** Rows per statement at most: one prepared statement per row count up to it, so a handful in all. */
const TICKETS_PER_INSERT = 10
const ticketInsertSql: string[] = []
const ticketInsertFor = (n: number) =>
  (ticketInsertSql[n] ??= TICKET_INSERT + Array.from({ length: n }, () => TICKET_VALUES).join(', '))

/**
 * The one writer of tickets: sold here (the sale's transaction) or seeded as demo history. A line's tickets go
 * in one statement (positional: a statement run and named parameters cost more per row than the row itself),
 * in the order given; triggers and constraints apply to each row as to a row inserted alone.
 */
export function insertTickets(db: WriteDB, rows: readonly NewTicketRow[]): void {
  for (let from = 0; from < rows.length; from += TICKETS_PER_INSERT) {
    const to = Math.min(rows.length, from + TICKETS_PER_INSERT)
    const args: unknown[] = []
    for (let i = from; i < to; i++) {
      const t = rows[i]
      args.push(
        t._id,
        t.ticket_number,
        t.validation_code,
        t.sale_id,
        t.lottery_id,
        t.store_id,
        t.user_id,
        t.purchase_datetime,
        t.draw_date,
        t.numbers,
        t.quick_pick,
        t.price,
        t.payment_method,
        t.device_info,
        t.print_status,
        t.print_count,
        // A ticket sold here has sent nothing yet; demo history is on paper already.
        t.print_status === 'pending' ? 1 : 0,
        t.created_at,
        t.updated_at,
      )
    }
    stmt(db, ticketInsertFor(to - from)).run(args)
  }
}

export function insertTicket(db: WriteDB, t: NewTicketRow): void {
  insertTickets(db, [t])
}

/** A paid winner; only a ticket still sold changes. Returns whether it did. */
export function markTicketWon(db: WriteDB, id: string, amount: number, prizeLevel: string, now: string): boolean {
  return (
    stmt(
      db,
      "UPDATE tickets SET status = 'won', winning_amount = ?, prize_level = ?, paid_at = ?, updated_at = ? WHERE _id = ? AND status = 'sold'",
    ).run(amount, prizeLevel, now, now, id).changes === 1
  )
}

/** A cancelled ticket; only a ticket still sold changes. Returns whether it did. */
export function markTicketCancelled(db: WriteDB, id: string, now: string): boolean {
  return (
    stmt(
      db,
      "UPDATE tickets SET status = 'cancelled', cancelled_at = ?, updated_at = ? WHERE _id = ? AND status = 'sold'",
    ).run(now, now, id).changes === 1
  )
}

/** Whether some of a ticket may be on paper (a job of it sent, or may have sent, a byte): a copy needs a manager. */
export function mayBeOnPaper(db: ReadDB, id: string): boolean {
  const r = stmt(db, 'SELECT never_sent FROM tickets WHERE _id = ?').get(id) as { never_sent: number } | undefined
  return r ? r.never_sent !== 1 : true
}

/** What decides whether a ticket may still print: its draw and the game's cutoff. */
export function ticketDraw(
  db: ReadDB,
  id: string,
): { lottery_id: string; draw_date: string; sales_cutoff_minutes: number } | null {
  return (
    (stmt(
      db,
      'SELECT t.lottery_id, t.draw_date, l.sales_cutoff_minutes FROM tickets t JOIN lotteries l ON l._id = t.lottery_id WHERE t._id = ?',
    ).get(id) as { lottery_id: string; draw_date: string; sales_cutoff_minutes: number } | undefined) ?? null
  )
}
