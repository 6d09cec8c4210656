import { z } from 'zod'
import { Id, PaymentMethod, spec } from './core'
import type { TicketView } from './ticket'

export const SaleLine = z
  .object({
    lotteryId: Id,
    quantity: z.number().int().min(1, 'quantity must be at least 1').max(100, 'quantity is at most 100'),
    /** One entry per ticket: the player's own numbers, or null for a quick pick. Omitted: all quick picks. */
    picks: z.array(z.array(z.number().int()).nullable()).optional(),
  })
  .strict()
export type SaleLine = z.infer<typeof SaleLine>

export interface SaleLineView {
  _id: Id
  lottery_id: Id
  quantity: number
  price: number
  tax: number
  total_amount: number
}

export interface SaleResult {
  transaction_id: string
  payment_method: PaymentMethod
  sale_time: string
  sales: SaleLineView[]
  tickets: TicketView[]
  price: number
  tax: number
  total_amount: number
  /** What the customer handed over (cash), or the total (card, wallet); minor units. */
  tendered: number
  /** Cash given back: tendered - total_amount. */
  change: number
  /** True when this request id was already committed and is being replayed. */
  replayed: boolean
}

/** The most cash one sale accepts (minor units): a typing slip of extra zeros is refused, not changed. */
export const MAX_TENDER = 10_000_000
/** The most change one cash sale may give back ($500 in minor units): more is a typing mistake. */
export const MAX_CHANGE = 50_000

export const salePermissions = ['sale.create'] as const

export const saleErrors = {
  GAME_UNKNOWN: 'GAME_UNKNOWN',
  GAME_INACTIVE: 'GAME_INACTIVE',
  OUT_OF_STOCK: 'OUT_OF_STOCK',
  QUANTITY_LIMIT: 'QUANTITY_LIMIT',
  NUMBERS_INVALID: 'NUMBERS_INVALID',
  NO_DRAW_SCHEDULED: 'NO_DRAW_SCHEDULED',
  AGE_CONFIRMATION_REQUIRED: 'AGE_CONFIRMATION_REQUIRED',
  SALE_LIMIT: 'SALE_LIMIT',
  PRICE_CHANGED: 'PRICE_CHANGED',
  TENDER_SHORT: 'TENDER_SHORT',
  TENDER_INVALID: 'TENDER_INVALID',
  DRAW_CLOSED: 'DRAW_CLOSED',
  STORE_SUSPENDED: 'STORE_SUSPENDED',
  /** A request id already used for another cashier's or another cart's sale: nothing was sold. */
  REQUEST_REUSED: 'REQUEST_REUSED',
} as const

export const saleContract = {
  'sale-create': spec<SaleResult>()(
    z
      .object({
        requestId: z.string().uuid('requestId must be a UUID'),
        lines: z.array(SaleLine).min(1, 'the cart is empty').max(20, 'at most 20 lines in one sale'),
        paymentMethod: PaymentMethod,
        confirmed: z.boolean().default(false),
        /** The cashier confirmed the player's age (games with age_check). */
        ageConfirmed: z.boolean().default(false),
        /** The total the cashier saw: a price changed by central since then refuses the sale, writing nothing. */
        expectedTotal: z.number().int().min(0).optional(),
        /**
         * Cash handed over, in minor units: it must cover the total (the backend refuses it otherwise). Omitted:
         * the exact total. Card and wallet pay the total exactly.
         */
        tendered: z
          .number()
          .int('the amount tendered is in whole cents')
          .min(0, 'the amount tendered cannot be negative')
          .max(MAX_TENDER, 'the amount tendered is at most 100,000.00')
          .optional(),
      })
      .strict(),
    'sale.create',
  ),
} as const

export interface SaleEvents {
  'sale-committed': { transaction_id: string }
}
