import { PosError } from '../../shared/errors'
import { stmt } from '../core/deps'
import type { ReadDB, WriteDB } from '../store/db'
import { enqueue } from '../outbox/repo'
import { insertNotification } from '../notify/repo'

interface Batch {
  _id: string
  remaining_stock: number
  reorder_threshold: number
  restock_flag: number
  batch_number: string
}

export interface Movement {
  _id: string
  inventory_id: string
  store_id: string
  lottery_id: string
  quantity_delta: number
  reason: 'sale' | 'cancel' | 'restock' | 'adjustment'
  ref_type: string
  ref_id: string
  created_at: string
}

const ASCII = /^\p{ASCII}*$/u
/** SQLite's BINARY order of two texts (their UTF-8 bytes): JavaScript's `<` is the same for ASCII. */
const binaryCompare = (a: string, b: string): number =>
  ASCII.test(a) && ASCII.test(b) ? (a < b ? -1 : a > b ? 1 : 0) : Buffer.compare(Buffer.from(a), Buffer.from(b))

/**
 * Batches in FIFO order, oldest first and, among batches received at the same instant, by _id: what
 * `ORDER BY created_at, _id` gives, for rows read in created_at order (ties are sorted here, when there are any).
 */
export function oldestFirst<T extends { _id: string; created_at: string }>(rows: T[]): T[] {
  for (let i = 1; i < rows.length; i++)
    if (rows[i].created_at === rows[i - 1].created_at)
      return rows.sort((x, y) => binaryCompare(x.created_at, y.created_at) || binaryCompare(x._id, y._id))
  return rows
}

/**
 * Takes `quantity` tickets of a game from its batches, oldest first, inside
 * the caller's transaction. Each batch touched gets a ledger movement, queued
 * for central as an idempotent decrement keyed by the movement id. Returns the
 * batches that just reached their reorder threshold.
 */
export function takeStock(
  db: WriteDB,
  p: {
    storeId: string
    lotteryId: string
    gameName: string
    quantity: number
    refType: string
    refId: string
    now: string
    newId: () => string
  },
): Batch[] {
  const batches = oldestFirst(
    stmt(
      db,
      // By created_at alone the index gives the order; "ORDER BY created_at, _id" built a temp b-tree every sale.
      'SELECT _id, created_at, remaining_stock, reorder_threshold, restock_flag, batch_number FROM inventory WHERE store_id = ? AND lottery_id = ? AND remaining_stock > 0 ORDER BY created_at',
    ).all(p.storeId, p.lotteryId) as (Batch & { created_at: string })[],
  )
  const available = batches.reduce((s, b) => s + b.remaining_stock, 0)
  if (available < p.quantity) {
    throw new PosError(
      'OUT_OF_STOCK',
      available === 0
        ? `${p.gameName} is sold out at this store.`
        : `Only ${available} ${p.gameName} ticket${available === 1 ? '' : 's'} left in stock.`,
      { remaining: available, lottery_id: p.lotteryId },
    )
  }
  let need = p.quantity
  const flagged: Batch[] = []
  for (const b of batches) {
    if (need === 0) break
    const take = Math.min(need, b.remaining_stock)
    need -= take
    const left = b.remaining_stock - take
    const flag = left <= b.reorder_threshold ? 1 : 0
    stmt(db, 'UPDATE inventory SET remaining_stock = ?, restock_flag = ?, updated_at = ? WHERE _id = ?').run(
      left,
      flag,
      p.now,
      b._id,
    )
    // The managers hear of it when the game runs low, not when one old batch does beside a fresh delivery.
    if (flag && !b.restock_flag && available - p.quantity <= b.reorder_threshold)
      flagged.push({ ...b, remaining_stock: left, restock_flag: 1 })
    const m: Movement = {
      _id: p.newId(),
      inventory_id: b._id,
      store_id: p.storeId,
      lottery_id: p.lotteryId,
      quantity_delta: -take,
      reason: 'sale',
      ref_type: p.refType,
      ref_id: p.refId,
      created_at: p.now,
    }
    recordMovement(db, m)
  }
  return flagged
}

/**
 * The one writer of the stock ledger: a movement row and its outbox entry, queued for central as an
 * idempotent stock change keyed by the movement id (a negative delta for a sale, positive for a return).
 */
export function recordMovement(db: WriteDB, m: Movement): void {
  // Positional: it runs with every sale, and named parameters cost more per call.
  stmt(
    db,
    `INSERT INTO inventory_movements (_id, inventory_id, store_id, lottery_id, quantity_delta, reason, ref_type, ref_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(m._id, m.inventory_id, m.store_id, m.lottery_id, m.quantity_delta, m.reason, m.ref_type, m.ref_id, m.created_at)
  enqueue(db, 'inventory_movements', m._id, 'inventory_decrement', m, m.created_at)
}

/**
 * A cancelled ticket goes back to the batch its sale took it from (if that batch has room), with its
 * ledger movement, inside the caller's transaction. Returns the movement, or null when no batch took it.
 */
export function returnToStock(
  db: WriteDB,
  p: { saleId: string; lotteryId: string; storeId: string; refType: string; refId: string; now: string; id: string },
): Movement | null {
  const batch = stmt(
    db,
    `SELECT i._id FROM inventory_movements m JOIN inventory i ON i._id = m.inventory_id
     WHERE m.ref_id = ? AND m.lottery_id = ? AND m.reason = 'sale' AND i.remaining_stock < i.total_stock
     ORDER BY m.created_at DESC, m._id DESC LIMIT 1`,
  ).get(p.saleId, p.lotteryId) as { _id: string } | undefined
  if (!batch) return null
  stmt(
    db,
    `UPDATE inventory SET remaining_stock = remaining_stock + 1, restock_flag = (remaining_stock + 1 <= reorder_threshold),
     updated_at = ? WHERE _id = ?`,
  ).run(p.now, batch._id)
  const m: Movement = {
    _id: p.id,
    inventory_id: batch._id,
    store_id: p.storeId,
    lottery_id: p.lotteryId,
    quantity_delta: 1,
    reason: 'cancel',
    ref_type: p.refType,
    ref_id: p.refId,
    created_at: p.now,
  }
  recordMovement(db, m)
  return m
}

/** A low-stock alert for managers, written in the same transaction as the sale that caused it. */
export function notifyLowStock(db: WriteDB, id: string, gameName: string, batch: Batch, now: string): void {
  insertNotification(db, {
    _id: id,
    user_id: null,
    title: `Low stock: ${gameName}`,
    message: `Batch ${batch.batch_number} has ${batch.remaining_stock} tickets left (reorder at ${batch.reorder_threshold}).`,
    type: 'inventory_alert',
    created_at: now,
  })
}

export interface BatchRow {
  _id: string
  store_id: string
  lottery_id: string
  batch_number: string
  total_stock: number
  remaining_stock: number
  reorder_threshold: number
  restock_flag: number
  last_restocked: string | null
  created_at: string
  updated_at: string
}

export function batchesOf(db: ReadDB, storeId: string): BatchRow[] {
  return stmt(db, 'SELECT * FROM inventory WHERE store_id = ? ORDER BY lottery_id, created_at, _id').all(
    storeId,
  ) as BatchRow[]
}

export function batchById(db: ReadDB, id: string): BatchRow | null {
  return (stmt(db, 'SELECT * FROM inventory WHERE _id = ?').get(id) as BatchRow | undefined) ?? null
}

export function batchByNumber(db: ReadDB, storeId: string, lotteryId: string, batchNumber: string): BatchRow | null {
  return (
    (stmt(db, 'SELECT * FROM inventory WHERE store_id = ? AND lottery_id = ? AND batch_number = ? COLLATE NOCASE').get(
      storeId,
      lotteryId,
      batchNumber,
    ) as BatchRow | undefined) ?? null
  )
}

/** A received batch, its stock held by the ledger movement that comes with it (recordMovement). */
export function insertBatch(db: WriteDB, b: BatchRow): void {
  stmt(
    db,
    `INSERT INTO inventory (_id, store_id, lottery_id, batch_number, total_stock, remaining_stock, reorder_threshold,
       restock_flag, last_restocked, created_at, updated_at)
     VALUES (@_id, @store_id, @lottery_id, @batch_number, @total_stock, @remaining_stock, @reorder_threshold,
       @restock_flag, @last_restocked, @created_at, @updated_at)`,
  ).run(b)
}

/** A batch's stock set by an adjustment (the caller checked the bounds and records the movement). */
export function setBatchStock(
  db: WriteDB,
  id: string,
  s: { total_stock: number; remaining_stock: number; restock_flag: number; updated_at: string },
): void {
  stmt(
    db,
    `UPDATE inventory SET total_stock = @total_stock, remaining_stock = @remaining_stock, restock_flag = @restock_flag,
       updated_at = @updated_at WHERE _id = @id`,
  ).run({ ...s, id })
}

export interface AdjustmentRow {
  _id: string
  product_id: string | null
  inventory_id: string | null
  lottery_id: string | null
  store_id: string
  adjustment_type: 'damage' | 'theft' | 'correction' | 'return'
  quantity_adjusted: number
  reason: string
  adjustment_date: string
  user_id: string
  notes: string | null
}

export function insertAdjustment(db: WriteDB, a: AdjustmentRow): void {
  stmt(
    db,
    `INSERT INTO inventory_adjustments (_id, product_id, inventory_id, lottery_id, store_id, adjustment_type,
       quantity_adjusted, reason, adjustment_date, user_id, notes)
     VALUES (@_id, @product_id, @inventory_id, @lottery_id, @store_id, @adjustment_type, @quantity_adjusted, @reason,
       @adjustment_date, @user_id, @notes)`,
  ).run(a)
}
