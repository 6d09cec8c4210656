import { z } from 'zod'
import { Id, PaymentMethod, spec } from './core'
import type { ProductView } from './product'
import type { TicketView } from './ticket'

/** A draw game's tickets: the game and how many. */
export const DrawLine = z
  .object({
    lotteryId: Id,
    quantity: z.number().int().min(1, 'quantity must be at least 1').max(100, 'quantity is at most 100'),
    /** One entry per ticket: the player's own numbers, or null for a quick pick. Omitted: all quick picks. */
    picks: z.array(z.array(z.number().int()).nullable()).optional(),
  })
  .strict()
export type DrawLine = z.infer<typeof DrawLine>
/** One instant (scratch) ticket, by the barcode on it (shared/instant.ts). */
export const InstantLine = z
  .object({ instant: z.string().trim().min(1, 'scan the ticket').max(40, 'not an instant ticket barcode') })
  .strict()
/** Merchandise: a product of the catalogue and how many. */
export const ProductLine = z
  .object({
    productId: Id,
    quantity: z.number().int().min(1, 'quantity must be at least 1').max(999, 'quantity is at most 999'),
  })
  .strict()
export const SaleLine = z.union([DrawLine, InstantLine, ProductLine], {
  error: 'a sale line is a game and a quantity, an instant ticket, or a product and a quantity',
})
export type SaleLine = z.infer<typeof SaleLine>

export interface SaleLineView {
  _id: Id
  lottery_id: Id
  game_name: string
  quantity: number
  price: number
  tax: number
  total_amount: number
  /** An instant ticket's line: its pack and ticket number (its barcode). */
  instant?: { game_number: string; pack_number: string; ticket_no: number; code: string }
}

/** A product line of a sale: the seed's inventory_transactions row of type sale. */
export interface ItemLineView {
  _id: Id
  product_id: Id
  product_name: string
  sku: string
  quantity: number
  unit_price: number
  price: number
  tax: number
  total_amount: number
}

export interface SaleResult {
  transaction_id: string
  payment_method: PaymentMethod
  sale_time: string
  /** Lottery lines: draw games (with their tickets) and instant tickets. */
  sales: SaleLineView[]
  /** Merchandise lines. */
  items: ItemLineView[]
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
  /** Central (IT) disabled this terminal: no money moves until it is enabled again. */
  DEVICE_DISABLED: 'DEVICE_DISABLED',
  /** A request id already used for another cashier's or another cart's sale: nothing was sold. */
  REQUEST_REUSED: 'REQUEST_REUSED',
  /** An instant ticket that cannot be sold: its pack is not on sale, or the ticket was sold or is not in it. */
  INSTANT_REFUSED: 'INSTANT_REFUSED',
  /** A product that is not for sale (unknown, discontinued). */
  PRODUCT_REFUSED: 'PRODUCT_REFUSED',
} as const

/** What a code scanned (or typed) at the counter is to sell: an instant ticket that may be sold, or a product. */
export type ScanResult =
  | {
      kind: 'instant'
      /** Its barcode, digits only: what the sale line sends. */
      code: string
      lottery_id: Id
      game_name: string
      game_code: string
      game_number: string
      pack_number: string
      ticket_no: number
      price: number
      age_check: boolean
    }
  | { kind: 'product'; product: ProductView }

export const saleContract = {
  /**
   * Reads a scanned or typed code for the cart (shared/scan.ts tells its kind): an instant ticket from an
   * activated pack and not yet sold, or a product in stock. Anything else is refused with the reason.
   */
  'sale-scan': spec<ScanResult>()(
    z.object({ code: z.string().trim().min(1, 'scan a code').max(40, 'not a code this terminal reads') }).strict(),
    'sale.create',
  ),
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
