import type { DrawResultView } from '../../shared/contract'
import { stmt } from '../core/deps'
import type { ReadDB, WriteDB } from '../store/db'

export interface TicketRow {
  _id: string
  ticket_number: string
  validation_code: string
  sale_id: string
  lottery_id: string
  store_id: string
  user_id: string
  purchase_datetime: string
  status: 'sold' | 'cancelled' | 'won'
  draw_date: string
  numbers: string
  price: number
  payment_method: 'cash' | 'card' | 'wallet'
  /** How many times it came out of the printer: more than once, a copy exists. */
  print_count: number
  paid_at: string | null
  cancelled_at: string | null
}

export function ticketByNumber(db: ReadDB, ticketNumber: string): TicketRow | null {
  return (stmt(db, 'SELECT * FROM tickets WHERE ticket_number = ?').get(ticketNumber) as TicketRow | undefined) ?? null
}

export function ticketById(db: ReadDB, id: string): TicketRow | null {
  return (stmt(db, 'SELECT * FROM tickets WHERE _id = ?').get(id) as TicketRow | undefined) ?? null
}

export interface PaidClaim {
  _id: string
  source: 'local' | 'central'
  created_at: string
  device_info: string
}

export function paidClaim(db: ReadDB, ticketNumber: string): PaidClaim | null {
  return (
    (stmt(
      db,
      "SELECT _id, source, created_at, device_info FROM winning_claims WHERE ticket_number = ? AND status = 'paid'",
    ).get(ticketNumber) as PaidClaim | undefined) ?? null
  )
}

// A result counts once central has published numbers for it; pending or voided draws do not.
const held = (t = '') =>
  `${t}deleted_at IS NULL AND ${t}winning_numbers <> '[]' AND ${t}status NOT IN ('pending', 'scheduled', 'void', 'cancelled')`

// Built once: every sale asks it, and the statement cache is keyed by the text.
const HELD_SINCE_SQL = `SELECT draw_date FROM draw_results WHERE lottery_id = ? AND draw_date >= ? AND ${held()} ORDER BY draw_date DESC LIMIT 1`

/** The latest held draw of a game at or after `drawDate`: a sale for that draw would be on a known result. */
export function heldDrawSince(db: ReadDB, lotteryId: string, drawDate: string): string | null {
  const row = stmt(db, HELD_SINCE_SQL).get(lotteryId, drawDate) as { draw_date: string } | undefined
  return row?.draw_date ?? null
}

export function drawResult(db: ReadDB, lotteryId: string, drawDate: string): number[] | null {
  const row = stmt(
    db,
    `SELECT winning_numbers FROM draw_results WHERE lottery_id = ? AND draw_date = ? AND ${held()} ORDER BY updated_at DESC LIMIT 1`,
  ).get(lotteryId, drawDate) as { winning_numbers: string } | undefined
  return row ? (JSON.parse(row.winning_numbers) as number[]) : null
}

export function latestDrawResults(db: ReadDB, limit: number): DrawResultView[] {
  const rows = stmt(
    db,
    `SELECT d._id, d.lottery_id, l.name AS game_name, l.code AS game_code, d.draw_date, d.winning_numbers, d.status
     FROM draw_results d JOIN lotteries l ON l._id = d.lottery_id WHERE ${held('d.')}
     ORDER BY d.draw_date DESC, l.code LIMIT ?`,
  ).all(limit) as (Omit<DrawResultView, 'winning_numbers'> & { winning_numbers: string })[]
  return rows.map((r) => ({ ...r, winning_numbers: JSON.parse(r.winning_numbers) as number[] }))
}

/** The batch a sale took this game's stock from, latest first, with room to take a ticket back. */

export interface NewClaim {
  _id: string
  shift_id: string
  ticket_id: string
  ticket_number: string
  lottery_id: string
  store_id: string
  user_id: string
  draw_date: string
  prize_level: string
  amount: number
  status: string
  device_info: string
  source: string
  created_at: string
  updated_at: string
}

/** A payout made here; the partial unique index allows one paid claim per ticket number. */
export function insertClaim(db: WriteDB, c: NewClaim): void {
  stmt(
    db,
    `INSERT INTO winning_claims (_id, shift_id, ticket_id, ticket_number, lottery_id, store_id, user_id, draw_date, prize_level, amount, status,
       device_info, source, created_at, updated_at)
     VALUES (@_id, @shift_id, @ticket_id, @ticket_number, @lottery_id, @store_id, @user_id, @draw_date, @prize_level, @amount, @status,
       @device_info, @source, @created_at, @updated_at)`,
  ).run(c)
}

export interface NewCancellation {
  _id: string
  shift_id: string
  ticket_id: string
  sale_id: string
  lottery_id: string
  store_id: string
  user_id: string
  approved_by: string | null
  price: number
  tax: number
  total_amount: number
  reason: string
  device_info: string
  created_at: string
}

export function insertCancellation(db: WriteDB, c: NewCancellation): void {
  stmt(
    db,
    `INSERT INTO cancellations (_id, shift_id, ticket_id, sale_id, lottery_id, store_id, user_id, approved_by, price, tax, total_amount, reason, device_info, created_at)
     VALUES (@_id, @shift_id, @ticket_id, @sale_id, @lottery_id, @store_id, @user_id, @approved_by, @price, @tax, @total_amount, @reason, @device_info, @created_at)`,
  ).run(c)
}
