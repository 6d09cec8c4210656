import type { PackView } from '../../shared/contract'
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
