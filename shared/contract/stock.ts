import { z } from 'zod'
import { PackStatuses, type PackStatus } from '../instant'
import { Id, isPlainText, PLAIN_TEXT_MESSAGE, spec } from './core'

/**
 * Stock (issue 12): the lottery's ticket stock per game and batch (the seed's inventory), restocking a batch,
 * adjusting one (the seed's inventory_adjustments), and the notification centre.
 */

export const AdjustmentTypes = ['damage', 'theft', 'correction', 'return'] as const
export type AdjustmentType = (typeof AdjustmentTypes)[number]

export interface StockBatch {
  _id: Id
  batch_number: string
  total_stock: number
  remaining_stock: number
  reorder_threshold: number
  restock_flag: boolean
  last_restocked: string | null
  created_at: string
}

export interface StockGame {
  lottery_id: Id
  code: string
  name: string
  remaining: number
  /** Any batch at or below its reorder threshold. */
  restock_flag: boolean
  batches: StockBatch[]
}

export const NotificationTypes = ['inventory_alert', 'sales_summary', 'compliance', 'marketing'] as const
export type NotificationType = (typeof NotificationTypes)[number]

export interface NotificationView {
  _id: Id
  title: string
  message: string
  type: NotificationType
  is_read: boolean
  created_at: string
}

export interface NotificationList {
  notifications: NotificationView[]
  unread: number
  /** Unread by type, for the centre's filters. */
  unread_by_type: Record<NotificationType, number>
}

// Printed and shown to managers: no control characters.
const Text = (min: number, max: number, what: string) =>
  z
    .string()
    .trim()
    .min(min, `give ${what}`)
    .max(max, `at most ${max} characters`)
    .refine(isPlainText, PLAIN_TEXT_MESSAGE)

/** What a batch is called on its label: letters, digits and dashes, as scanned or typed. */
export const BatchNumber = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/, 'a batch number is letters, digits and dashes (up to 40)')

export interface PackView {
  _id: Id
  lottery_id: Id
  game_name: string
  game_number: string
  pack_number: string
  tickets_per_pack: number
  ticket_price: number
  status: PackStatus
  sold: number
  received_at: string
  activated_at: string | null
  ended_at: string | null
}

// pack.receive: confirming a delivered pack by its label (a cashier may); pack.manage: activating, settling,
// returning and reporting a pack stolen (a manager).
export const stockPermissions = ['stock.manage', 'notify.read', 'pack.receive', 'pack.manage'] as const

export const stockErrors = {
  PACK_EXISTS: 'PACK_EXISTS',
  PACK_STATE: 'PACK_STATE',
  BARCODE_INVALID: 'BARCODE_INVALID',
  BATCH_EXISTS: 'BATCH_EXISTS',
  STOCK_NEGATIVE: 'STOCK_NEGATIVE',
} as const

export const stockContract = {
  /** Every game's stock on this terminal's store, batch by batch. */
  'stock-list': spec<StockGame[]>()(z.object({}).strict(), 'stock.manage'),
  /** A batch of tickets received for a game: a new batch, the ledger movement, audited and synced. */
  'stock-restock': spec<StockGame>()(
    z
      .object({
        lotteryId: Id,
        batchNumber: BatchNumber,
        quantity: z.number().int('whole tickets').min(1, 'at least 1 ticket').max(100_000, 'at most 100,000 tickets'),
        reorderThreshold: z.number().int().min(0).max(100_000).optional(),
        reference: Text(2, 80, 'the supplier or lottery reference'),
      })
      .strict(),
    'stock.manage',
  ),
  /** Damage, theft, correction or return: a signed quantity, a reason and notes; a ledger movement. */
  'stock-adjust': spec<StockGame>()(
    z
      .object({
        inventoryId: Id,
        adjustmentType: z.enum(AdjustmentTypes),
        quantity: z
          .number()
          .int('whole tickets')
          .min(-100_000)
          .max(100_000)
          .refine((n) => n !== 0, 'an adjustment changes the stock: not 0'),
        reason: Text(3, 200, 'a reason'),
        notes: Text(0, 500, 'notes').optional(),
      })
      .strict(),
    'stock.manage',
  ),
  /** The store's instant packs, newest first, optionally of one status. */
  'pack-list': spec<PackView[]>()(z.object({ status: z.enum(PackStatuses).optional() }).strict(), 'pack.receive'),
  /** A delivered pack confirmed by scanning (or typing) its label: received, not yet on sale. */
  'pack-receive': spec<PackView>()(z.object({ label: z.string().max(40) }).strict(), 'pack.receive'),
  /** A manager moves a pack on: activated (on sale), settled, returned (unsold to the lottery) or stolen. */
  'pack-move': spec<PackView>()(
    z
      .object({
        packId: Id,
        to: z.enum(['activated', 'settled', 'returned', 'stolen']),
        note: Text(0, 200, 'a note').optional(),
      })
      .strict(),
    'pack.manage',
  ),
  /** The notification centre: newest first, optionally one type. */
  'notify-list': spec<NotificationList>()(
    z
      .object({ type: z.enum(NotificationTypes).optional(), limit: z.number().int().min(1).max(200).default(50) })
      .strict(),
    'notify.read',
  ),
  'notify-read': spec<NotificationList>()(z.object({ ids: z.array(Id).min(1).max(200) }).strict(), 'notify.read'),
  'notify-read-all': spec<NotificationList>()(
    z.object({ type: z.enum(NotificationTypes).optional() }).strict(),
    'notify.read',
  ),
} as const
