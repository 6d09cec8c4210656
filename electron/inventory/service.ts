import type { AdjustmentType, ParsedArgsOf, StockGame } from '../../shared/contract'
import { PosError } from '../../shared/errors'
import { DateTime } from 'luxon'
import { auditEntry } from '../audit/audited'
import { catalogChanged, getLottery } from '../catalog/repo'
import type { Ctx } from '../core/context'
import { enqueue } from '../outbox/repo'
import { inTransaction } from '../store/db'
import {
  batchById,
  batchByNumber,
  batchesOf,
  insertAdjustment,
  insertBatch,
  notifyLowStock,
  recordMovement,
  setBatchStock,
  type BatchRow,
} from './repo'

const device = (ctx: Ctx) => ({ device_id: ctx.device.device_id, pos_version: ctx.device.pos_version })

/**
 * Every game's stock, batch by batch. A game is low when its stock left, all batches together, is at or below
 * the reorder threshold of its newest batch (the one a delivery last set).
 */
export function stockList(ctx: Ctx, db = ctx.read): StockGame[] {
  const games = new Map<string, StockGame>()
  const newest = new Map<string, BatchRow>()
  for (const b of batchesOf(db, ctx.store._id)) {
    let g = games.get(b.lottery_id)
    if (!g) {
      const l = getLottery(db, b.lottery_id)
      games.set(
        b.lottery_id,
        (g = {
          lottery_id: b.lottery_id,
          code: l?.code ?? '',
          name: l?.name ?? b.lottery_id,
          remaining: 0,
          restock_flag: false,
          batches: [],
        }),
      )
    }
    g.remaining += b.remaining_stock
    g.batches.push({
      _id: b._id,
      batch_number: b.batch_number,
      total_stock: b.total_stock,
      remaining_stock: b.remaining_stock,
      reorder_threshold: b.reorder_threshold,
      restock_flag: b.restock_flag === 1,
      last_restocked: b.last_restocked,
      created_at: b.created_at,
    })
    newest.set(b.lottery_id, b)
  }
  for (const g of games.values()) g.restock_flag = g.remaining <= (newest.get(g.lottery_id)?.reorder_threshold ?? 0)
  return [...games.values()].sort((a, b) => a.name.localeCompare(b.name))
}

const gameOf = (ctx: Ctx, lotteryId: string) => stockList(ctx, ctx.db).find((g) => g.lottery_id === lotteryId)!

/**
 * A batch received: the new batch (its stock comes with its ledger movement, so central adds it the way it
 * adds every movement, once), last_restocked set, audited, queued. A batch number already received for the
 * game is refused: a label scanned twice is one delivery.
 */
export function restock(ctx: Ctx, userId: string, args: ParsedArgsOf<'stock-restock'>): StockGame {
  const now = ctx.clock().toISOString()
  const game = getLottery(ctx.db, args.lotteryId)
  if (!game) throw new PosError('NOT_FOUND', 'That game does not exist on this terminal.')
  return inTransaction(ctx.db, () => {
    const dup = batchByNumber(ctx.db, ctx.store._id, game._id, args.batchNumber)
    if (dup)
      throw new PosError(
        'BATCH_EXISTS',
        `Batch ${dup.batch_number} of ${game.name} was already received (${DateTime.fromISO(dup.created_at).setZone(ctx.store.timezone).toFormat('d LLL yyyy HH:mm')}). Nothing was added.`,
      )
    const previous = batchesOf(ctx.db, ctx.store._id)
      .filter((b) => b.lottery_id === game._id)
      .at(-1)
    const threshold = args.reorderThreshold ?? previous?.reorder_threshold ?? 0
    const batch: BatchRow = {
      _id: ctx.newId(),
      store_id: ctx.store._id,
      lottery_id: game._id,
      batch_number: args.batchNumber,
      total_stock: args.quantity,
      remaining_stock: args.quantity,
      reorder_threshold: threshold,
      restock_flag: args.quantity <= threshold ? 1 : 0,
      last_restocked: now,
      created_at: now,
      updated_at: now,
    }
    insertBatch(ctx.db, batch)
    // Central gets the batch empty, then the movement that fills it: one way for stock to change there.
    enqueue(ctx.db, 'inventory', batch._id, 'insert', { ...batch, remaining_stock: 0, restock_flag: false }, now)
    recordMovement(ctx.db, {
      _id: ctx.newId(),
      inventory_id: batch._id,
      store_id: ctx.store._id,
      lottery_id: game._id,
      quantity_delta: args.quantity,
      reason: 'restock',
      ref_type: 'restock',
      ref_id: batch._id,
      created_at: now,
    })
    auditEntry(
      ctx,
      userId,
      {
        action: 'stock.restock',
        entity_type: 'inventory',
        entity_id: batch._id,
        description: `received ${args.quantity} ${game.code} tickets, batch ${args.batchNumber} (${args.reference})`,
      },
      now,
    )
    catalogChanged(ctx.db)
    return gameOf(ctx, game._id)
  })
}

const NEGATIVE_ONLY: AdjustmentType[] = ['damage', 'theft', 'return']

/**
 * An adjustment of a batch (seed inventory_adjustments): damage, theft and return take tickets out; a
 * correction either way (a correction up beyond the batch's total raises the total: it held more than
 * recorded). A ledger movement, audited, queued; the stock never goes below zero.
 */
export function adjust(ctx: Ctx, userId: string, args: ParsedArgsOf<'stock-adjust'>): StockGame {
  const now = ctx.clock().toISOString()
  if (NEGATIVE_ONLY.includes(args.adjustmentType) && args.quantity > 0)
    throw new PosError(
      'VALIDATION',
      `A ${args.adjustmentType} takes tickets out of stock: enter it as a negative quantity (e.g. -${args.quantity}).`,
    )
  return inTransaction(ctx.db, () => {
    const b = batchById(ctx.db, args.inventoryId)
    if (!b || b.store_id !== ctx.store._id) throw new PosError('NOT_FOUND', 'No such batch in this store.')
    const remaining = b.remaining_stock + args.quantity
    if (remaining < 0)
      throw new PosError(
        'STOCK_NEGATIVE',
        `Batch ${b.batch_number} has ${b.remaining_stock} tickets: ${-args.quantity} cannot come out of it. Nothing was changed.`,
      )
    const total = Math.max(b.total_stock, remaining)
    const flag = remaining <= b.reorder_threshold ? 1 : 0
    setBatchStock(ctx.db, b._id, {
      total_stock: total,
      remaining_stock: remaining,
      restock_flag: flag,
      updated_at: now,
    })
    const adj = {
      _id: ctx.newId(),
      product_id: null,
      inventory_id: b._id,
      lottery_id: b.lottery_id,
      store_id: ctx.store._id,
      adjustment_type: args.adjustmentType,
      quantity_adjusted: args.quantity,
      reason: args.reason,
      adjustment_date: now,
      user_id: userId,
      notes: args.notes || null,
    }
    insertAdjustment(ctx.db, adj)
    enqueue(ctx.db, 'inventory_adjustments', adj._id, 'insert', { ...adj, device_info: device(ctx) }, now)
    if (total !== b.total_stock)
      enqueue(ctx.db, 'inventory', b._id, 'update', { _id: b._id, total_stock: total, updated_at: now }, now)
    recordMovement(ctx.db, {
      _id: ctx.newId(),
      inventory_id: b._id,
      store_id: ctx.store._id,
      lottery_id: b.lottery_id,
      quantity_delta: args.quantity,
      reason: 'adjustment',
      ref_type: 'inventory_adjustment',
      ref_id: adj._id,
      created_at: now,
    })
    const game = getLottery(ctx.db, b.lottery_id)
    // Crossing the threshold downwards tells the managers, once, as a sale would: when the game runs low.
    const gameLeft = batchesOf(ctx.db, ctx.store._id)
      .filter((x) => x.lottery_id === b.lottery_id)
      .reduce((sum, x) => sum + x.remaining_stock, 0)
    if (flag && !b.restock_flag && gameLeft <= b.reorder_threshold)
      notifyLowStock(ctx.db, ctx.newId(), game?.name ?? b.lottery_id, { ...b, remaining_stock: remaining }, now)
    auditEntry(
      ctx,
      userId,
      {
        action: 'stock.adjust',
        entity_type: 'inventory',
        entity_id: b._id,
        description: `${args.adjustmentType} ${args.quantity > 0 ? '+' : ''}${args.quantity} on ${game?.code ?? ''} batch ${b.batch_number}: ${args.reason}`,
      },
      now,
    )
    catalogChanged(ctx.db)
    return gameOf(ctx, b.lottery_id)
  })
}
