import type { Game, PrizeLevel } from '../../shared/contract'
import { stmt } from '../core/deps'
import type { StoreRow } from '../core/context'
import type { ReadDB } from '../store/db'
import { cachedDrawFor } from './schedule'

export interface LotteryRow {
  _id: string
  name: string
  code: string
  draw_time: string
  draw_days: string
  sales_cutoff_minutes: number
  prize_structure: string
  ticket_price: number
  status: 'active' | 'inactive'
  cancellable: number
  cancel_window_minutes: number
  pick_count: number
  pick_min: number
  pick_max: number
  max_tickets_per_sale: number
  hotkey: string
  age_check: number
  claim_period_days: number
  game_type: 'draw' | 'instant'
  game_number: string | null
  pack_size: number | null
}

export function getLottery(db: ReadDB, id: string): LotteryRow | null {
  return (stmt(db, 'SELECT * FROM lotteries WHERE _id = ?').get(id) as LotteryRow | undefined) ?? null
}

const SALE_COLUMNS = [
  '_id',
  'name',
  'code',
  'status',
  'ticket_price',
  'pick_count',
  'pick_min',
  'pick_max',
  'max_tickets_per_sale',
  'age_check',
  'draw_days',
  'draw_time',
  'sales_cutoff_minutes',
  'cancellable',
  'cancel_window_minutes',
  'game_type',
  'game_number',
] as const
export type SaleGameRow = Pick<LotteryRow, (typeof SALE_COLUMNS)[number]>
const SALE_GAME_SQL = `SELECT ${SALE_COLUMNS.join(', ')} FROM lotteries WHERE _id = ?`

/**
 * What a sale needs of a game, kept in memory per handle like the store row: the catalogue changes only when
 * central's is pulled (sync/catalog.ts calls catalogChanged), and every sale reads it once per cart line.
 */
const gameCache = new WeakMap<object, Map<string, SaleGameRow | null>>()
export function saleGame(db: ReadDB, id: string): SaleGameRow | null {
  let games = gameCache.get(db)
  if (!games) gameCache.set(db, (games = new Map()))
  let g = games.get(id)
  if (g === undefined) {
    g = (stmt(db, SALE_GAME_SQL).get(id) as SaleGameRow | undefined) ?? null
    // An unknown id is not remembered: a hostile caller could otherwise fill the map.
    if (g) games.set(id, g)
  }
  return g
}

/** An instant game by the 4-digit number its barcodes carry, from the same cache (keyed apart from the ids). */
export function instantSaleGame(db: ReadDB, gameNumber: string): SaleGameRow | null {
  let games = gameCache.get(db)
  if (!games) gameCache.set(db, (games = new Map()))
  const key = `#${gameNumber}`
  let g = games.get(key)
  if (g === undefined) {
    g =
      (stmt(db, `SELECT ${SALE_COLUMNS.join(', ')} FROM lotteries WHERE game_number = ? AND game_type = 'instant'`).get(
        gameNumber,
      ) as SaleGameRow | undefined) ?? null
    if (g) games.set(key, g)
  }
  return g
}

export function remainingStock(db: ReadDB, storeId: string, lotteryId: string): number {
  return (
    stmt(db, 'SELECT COALESCE(SUM(remaining_stock), 0) AS n FROM inventory WHERE store_id = ? AND lottery_id = ?').get(
      storeId,
      lotteryId,
    ) as { n: number }
  ).n
}

export function toGame(row: LotteryRow, nextDraw: Date | null, remaining: number): Game {
  return {
    _id: row._id,
    name: row.name,
    code: row.code,
    ticket_price: row.ticket_price,
    status: row.status,
    draw_time: row.draw_time,
    draw_days: JSON.parse(row.draw_days) as number[],
    sales_cutoff_minutes: row.sales_cutoff_minutes,
    cancellable: row.cancellable === 1,
    cancel_window_minutes: row.cancel_window_minutes,
    pick_count: row.pick_count,
    pick_min: row.pick_min,
    pick_max: row.pick_max,
    max_tickets_per_sale: row.max_tickets_per_sale,
    hotkey: row.hotkey,
    age_check: row.age_check === 1,
    claim_period_days: row.claim_period_days,
    prize_structure: JSON.parse(row.prize_structure) as PrizeLevel[],
    next_draw: nextDraw ? nextDraw.toISOString() : null,
    remaining_stock: remaining,
  }
}

export function scheduleOf(row: Pick<LotteryRow, 'draw_days' | 'draw_time' | 'sales_cutoff_minutes'>) {
  return {
    draw_days: JSON.parse(row.draw_days) as number[],
    draw_time: row.draw_time,
    sales_cutoff_minutes: row.sales_cutoff_minutes,
  }
}

export function listActiveGames(db: ReadDB, storeId: string, now: Date, zone: string): Game[] {
  const rows = stmt(
    db,
    // Instant games are sold by scanning their tickets, never from the draw games' grid.
    "SELECT * FROM lotteries WHERE status = 'active' AND game_type = 'draw' ORDER BY hotkey = '', hotkey, name",
  ).all() as LotteryRow[]
  return rows.map((r) => toGame(r, cachedDrawFor(r._id, scheduleOf(r), now, zone), remainingStock(db, storeId, r._id)))
}

/**
 * This terminal's store (there is one), kept in memory per handle and re-read after central's catalogue
 * changed it: a tax rate, timezone or suspension pulled applies to the next call, not after a restart.
 */
const storeCache = new WeakMap<object, StoreRow>()
export function currentStore(db: ReadDB): StoreRow {
  let s = storeCache.get(db)
  if (!s) storeCache.set(db, (s = stmt(db, 'SELECT * FROM stores ORDER BY created_at LIMIT 1').get() as StoreRow))
  return s
}
/** The one call after anything writes stores or lotteries: the next read sees the new rows. */
export function catalogChanged(db: object): void {
  storeCache.delete(db)
  gameCache.delete(db)
}

export function hasStore(db: ReadDB): boolean {
  return !!stmt(db, 'SELECT 1 FROM stores LIMIT 1').get()
}
