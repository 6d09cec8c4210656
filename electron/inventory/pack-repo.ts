import type { BookCountView, InstantMissing, PacksStolen, PackView } from '../../shared/contract'
import type { PackStatus } from '../../shared/instant'
import { stmt } from '../core/deps'
import type { ReadDB, WriteDB } from '../store/db'

/** The only SQL on packs and pack_events (and the instant games a pack label names). */

export interface PackRow extends Omit<PackView, 'game_name' | 'game_number'> {
  store_id: string
  received_by: string
  activated_by: string | null
  ended_by: string | null
  updated_at: string
}

const VIEW = `SELECT p.*, l.name AS game_name, l.game_number FROM packs p JOIN lotteries l ON l._id = p.lottery_id`

export function listPacks(db: ReadDB, storeId: string, status?: PackStatus): PackView[] {
  return stmt(
    db,
    `${VIEW} WHERE p.store_id = ? AND (? IS NULL OR p.status = ?) ORDER BY p.received_at DESC, p._id DESC LIMIT 500`,
  ).all(storeId, status ?? null, status ?? null) as PackView[]
}

export function packView(db: ReadDB, id: string, storeId?: string): PackView | null {
  return (
    (stmt(db, `${VIEW} WHERE p._id = ? AND (? IS NULL OR p.store_id = ?)`).get(id, storeId ?? null, storeId ?? null) as
      PackView | undefined) ?? null
  )
}

export function instantGame(
  db: ReadDB,
  gameNumber: string,
): { _id: string; name: string; ticket_price: number; pack_size: number | null } | null {
  return (
    (stmt(
      db,
      "SELECT _id, name, ticket_price, pack_size FROM lotteries WHERE game_number = ? AND game_type = 'instant'",
    ).get(gameNumber) as { _id: string; name: string; ticket_price: number; pack_size: number | null } | undefined) ??
    null
  )
}

export function packStatusOf(db: ReadDB, lotteryId: string, packNumber: string): PackStatus | null {
  return (
    (
      stmt(db, 'SELECT status FROM packs WHERE lottery_id = ? AND pack_number = ?').get(lotteryId, packNumber) as
        { status: PackStatus } | undefined
    )?.status ?? null
  )
}

export function insertPack(db: WriteDB, row: PackRow): void {
  stmt(
    db,
    `INSERT INTO packs (_id, store_id, lottery_id, pack_number, tickets_per_pack, ticket_price, status, sold, received_at,
       received_by, activated_at, activated_by, ended_at, ended_by, updated_at)
     VALUES (@_id, @store_id, @lottery_id, @pack_number, @tickets_per_pack, @ticket_price, @status, @sold, @received_at,
       @received_by, @activated_at, @activated_by, @ended_at, @ended_by, @updated_at)`,
  ).run(row)
}

/** A pack moved on: activated (with who and when), or ended (settled, returned, stolen). */
export function setPackStatus(
  db: WriteDB,
  id: string,
  to: Exclude<PackStatus, 'received'>,
  userId: string,
  now: string,
) {
  const fields = to === 'activated' ? 'activated_at = @now, activated_by = @user' : 'ended_at = @now, ended_by = @user'
  stmt(db, `UPDATE packs SET status = @to, ${fields}, updated_at = @now WHERE _id = @id`).run({
    to,
    now,
    user: userId,
    id,
  })
}

export interface PackEvent {
  _id: string
  pack_id: string
  event: PackStatus
  user_id: string
  note: string | null
  created_at: string
}

export function insertPackEvent(db: WriteDB, e: PackEvent): void {
  stmt(
    db,
    'INSERT INTO pack_events (_id, pack_id, event, user_id, note, created_at) VALUES (@_id, @pack_id, @event, @user_id, @note, @created_at)',
  ).run(e)
}

/** What a sale needs of the pack an instant ticket names, and the sale a ticket of it went in, if any. */
export interface SalePack {
  _id: string
  pack_number: string
  tickets_per_pack: number
  ticket_price: number
  status: PackStatus
  sold: number
  /** The transaction the asked ticket was sold in, or null: one read, on every instant ticket sold. */
  sold_in: string | null
}

export function salePack(db: ReadDB, lotteryId: string, packNumber: string, ticketNo: number): SalePack | null {
  return (
    (stmt(
      db,
      `SELECT p._id, p.pack_number, p.tickets_per_pack, p.ticket_price, p.status, p.sold,
         (SELECT s.transaction_id FROM instant_sales i JOIN sales s ON s._id = i.sale_id
          WHERE i.pack_id = p._id AND i.ticket_no = @t) AS sold_in
       FROM packs p WHERE p.lottery_id = @l AND p.pack_number = @p`,
    ).get({ l: lotteryId, p: packNumber, t: ticketNo }) as SalePack | undefined) ?? null
  )
}

/** One ticket of a pack sold (a trigger refuses it unless the pack is activated and the number within it). */
export function insertInstantSale(
  db: WriteDB,
  r: { _id: string; sale_id: string; pack_id: string; ticket_no: number; created_at: string },
): number {
  stmt(
    db,
    'INSERT INTO instant_sales (_id, sale_id, pack_id, ticket_no, created_at) VALUES (@_id, @sale_id, @pack_id, @ticket_no, @created_at)',
  ).run(r)
  return (
    stmt(db, 'UPDATE packs SET sold = sold + 1, updated_at = ? WHERE _id = ? RETURNING sold').get(
      r.created_at,
      r.pack_id,
    ) as { sold: number }
  ).sold
}

/** The store's activated packs, each with its last book count (if any): what a closing count must cover. */
export function packsToCount(
  db: ReadDB,
  storeId: string,
): (Pick<PackView, '_id' | 'game_name' | 'pack_number' | 'tickets_per_pack' | 'ticket_price' | 'sold'> & {
  last_next: number | null
  last_sold: number | null
  /** The highest ticket number sold from the pack: the next one in it is after it. */
  highest_sold: number | null
})[] {
  return stmt(
    db,
    `SELECT p._id, l.name AS game_name, p.pack_number, p.tickets_per_pack, p.ticket_price, p.sold,
       b.next_ticket AS last_next, b.sold AS last_sold,
       (SELECT MAX(ticket_no) FROM instant_sales WHERE pack_id = p._id) AS highest_sold
     FROM packs p JOIN lotteries l ON l._id = p.lottery_id
       LEFT JOIN book_counts b ON b._id = (SELECT _id FROM book_counts WHERE pack_id = p._id ORDER BY created_at DESC, _id DESC LIMIT 1)
     WHERE p.store_id = ? AND p.status = 'activated' ORDER BY l.name, p.pack_number`,
  ).all(storeId) as ReturnType<typeof packsToCount>
}

export interface BookCountRow {
  _id: string
  shift_id: string
  pack_id: string
  next_ticket: number
  sold: number
  missing: number
  user_id: string
  created_at: string
}

export function insertBookCount(db: WriteDB, r: BookCountRow): void {
  stmt(
    db,
    `INSERT INTO book_counts (_id, shift_id, pack_id, next_ticket, sold, missing, user_id, created_at)
     VALUES (@_id, @shift_id, @pack_id, @next_ticket, @sold, @missing, @user_id, @created_at)`,
  ).run(r)
}

/** The packs whose book counts at these shifts' closes found a difference, each net of those counts. */
export function instantMissingOf(db: ReadDB, shiftIds: string[]): InstantMissing['packs'] {
  if (!shiftIds.length) return []
  return stmt(
    db,
    `SELECT l.name AS game_name, p.pack_number, p.ticket_price, SUM(b.missing) AS missing
     FROM book_counts b JOIN packs p ON p._id = b.pack_id JOIN lotteries l ON l._id = p.lottery_id
     WHERE b.shift_id IN (SELECT value FROM json_each(?)) AND b.missing <> 0
     GROUP BY b.pack_id HAVING SUM(b.missing) <> 0 ORDER BY l.name, p.pack_number`,
  ).all(JSON.stringify(shiftIds)) as InstantMissing['packs']
}

/**
 * The packs reported stolen in [start, end) that this terminal knows (those received on it: packs are not pulled
 * from central): the tickets still in them when they went, their value, and the reason given. Tickets the book
 * counts already had as missing are theirs, not the theft's: never counted twice. The status index finds the few
 * stolen packs; their time is filtered among them.
 */
export function packsStolenBetween(db: ReadDB, storeId: string, start: string, end: string): PacksStolen {
  const packs = stmt(
    db,
    `SELECT game_name, pack_number, tickets, tickets * ticket_price AS value, activated, reported_at, note FROM (
       SELECT l.name AS game_name, p.pack_number, p.ticket_price, p.activated_at IS NOT NULL AS activated,
         p.ended_at AS reported_at,
         MAX(0, p.tickets_per_pack - p.sold
           - COALESCE((SELECT SUM(b.missing) FROM book_counts b WHERE b.pack_id = p._id), 0)) AS tickets,
         (SELECT e.note FROM pack_events e WHERE e.pack_id = p._id AND e.event = 'stolen') AS note
       FROM packs p JOIN lotteries l ON l._id = p.lottery_id
       WHERE p.status = 'stolen' AND p.store_id = ? AND p.ended_at >= ? AND p.ended_at < ?
       ORDER BY p.ended_at, p._id)`,
  ).all(storeId, start, end) as (Omit<PacksStolen['packs'][number], 'activated'> & { activated: number })[]
  const list = packs.map((p) => ({ ...p, activated: p.activated === 1 }))
  return {
    tickets: list.reduce((s, p) => s + p.tickets, 0),
    value: list.reduce((s, p) => s + p.value, 0),
    packs: list,
  }
}

export function bookCountsOf(db: ReadDB, shiftId: string): BookCountView[] {
  return stmt(
    db,
    `SELECT b.pack_id, l.name AS game_name, p.pack_number, p.tickets_per_pack, p.ticket_price, b.next_ticket, b.sold,
       b.missing
     FROM book_counts b JOIN packs p ON p._id = b.pack_id JOIN lotteries l ON l._id = p.lottery_id
     WHERE b.shift_id = ? ORDER BY l.name, p.pack_number`,
  ).all(shiftId) as BookCountView[]
}
