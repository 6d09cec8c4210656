import { z } from 'zod'
import { Amount, Id, isPlainText, PLAIN_TEXT_MESSAGE, spec } from './core'

/**
 * Merchandise (issue 12): the seed's products and suppliers, and purchases received into stock (the seed's
 * inventory_transactions). Money in minor units.
 */

export const ProductStatuses = ['in_stock', 'out_of_stock', 'discontinued'] as const
export type ProductStatus = (typeof ProductStatuses)[number]

export interface ProductView {
  _id: Id
  product_name: string
  sku: string
  barcode: string | null
  category: string
  description: string
  quantity: number
  price: number
  supplier_id: Id | null
  location: string
  received_date: string | null
  last_updated: string
  status: ProductStatus
  tags: string[]
  image_url: string | null
  age_check: boolean
}

export interface SupplierView {
  _id: Id
  name: string
  contact_name: string | null
  contact_email: string | null
  contact_phone: string | null
  address: string | null
  status: 'active' | 'inactive'
  payment_terms: string | null
}

export interface PurchaseView {
  reference_number: string
  supplier_id: Id | null
  supplier: string | null
  transaction_status: 'pending' | 'completed' | 'cancelled'
  transaction_date: string
  lines: { product_id: Id; product_name: string; quantity: number; unit_price: number; total_value: number }[]
  total_value: number
}

export interface ImportReport {
  imported: number
  /** Every refused row, by its line number in the file (the header is line 1), with why. */
  refused: { line: number; sku: string; reason: string }[]
}

const text = (max: number) =>
  z.string().trim().max(max, `at most ${max} characters`).refine(isPlainText, PLAIN_TEXT_MESSAGE)
const required = (max: number, what: string) => text(max).refine((s) => s.length > 0, `${what} is needed`)

/** A SKU: what the store's own labels carry. */
export const Sku = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'a SKU is letters, digits, dots, dashes (up to 40)')

/** An EAN-13 or UPC-A barcode, its check digit right. */
export const RetailBarcode = z
  .string()
  .trim()
  .refine(
    (s) => /^\d{12,13}$/.test(s) && retailCheckOk(s),
    'not an EAN-13 or UPC-A barcode (13 or 12 digits, check digit)',
  )

/** The GS1 check digit of an EAN-13 (13 digits) or UPC-A (12 digits). */
export function retailCheckOk(code: string): boolean {
  const digits = code.padStart(13, '0').split('').map(Number)
  const sum = digits.slice(0, 12).reduce((s, d, i) => s + d * (i % 2 === 0 ? 1 : 3), 0)
  return (10 - (sum % 10)) % 10 === digits[12]
}

export const ProductInput = z
  .object({
    product_name: required(120, 'a name'),
    sku: Sku,
    barcode: RetailBarcode.nullable().default(null),
    category: text(60).default(''),
    description: text(500).default(''),
    price: Amount,
    supplier_id: Id.nullable().default(null),
    location: text(60).default(''),
    tags: z.array(text(30)).max(20).default([]),
    image_url: z.string().url().max(500).nullable().default(null),
    age_check: z.boolean().default(false),
  })
  .strict()

export const SupplierInput = z
  .object({
    name: required(120, 'a name'),
    contact_name: text(120).nullable().default(null),
    contact_email: z.string().email('not an email address').max(200).nullable().default(null),
    contact_phone: text(40).nullable().default(null),
    address: text(300).nullable().default(null),
    payment_terms: text(60).nullable().default(null),
  })
  .strict()

export const productPermissions = ['product.manage'] as const

export const productErrors = {
  SKU_EXISTS: 'SKU_EXISTS',
  BARCODE_EXISTS: 'BARCODE_EXISTS',
  SUPPLIER_EXISTS: 'SUPPLIER_EXISTS',
  PURCHASE_NOT_PENDING: 'PURCHASE_NOT_PENDING',
} as const

export const productContract = {
  /** By name (any part), SKU or barcode; newest stock first. A product's whole record. */
  'product-search': spec<ProductView[]>()(
    z
      .object({
        q: z.string().max(60).default(''),
        limit: z.number().int().min(1).max(200).default(50),
        includeDiscontinued: z.boolean().default(false),
      })
      .strict(),
    'session',
  ),
  /** Adds a product (no id) or edits one; a SKU or barcode another product has is refused. */
  'product-save': spec<ProductView>()(
    z.object({ id: Id.optional(), product: ProductInput }).strict(),
    'product.manage',
  ),
  'product-discontinue': spec<ProductView>()(z.object({ id: Id }).strict(), 'product.manage'),
  /**
   * A CSV of products (a header row naming seed fields: product_name, sku, price, ...): each valid row is
   * added, each refused one reported with its line and why; a refused row writes nothing.
   */
  'product-import': spec<ImportReport>()(
    z.object({ csv: z.string().max(5_000_000, 'a file of at most 5 MB') }).strict(),
    'product.manage',
  ),
  'supplier-list': spec<SupplierView[]>()(z.object({}).strict(), 'product.manage'),
  'supplier-save': spec<SupplierView>()(
    z.object({ id: Id.optional(), supplier: SupplierInput }).strict(),
    'product.manage',
  ),
  'supplier-set-status': spec<SupplierView>()(
    z.object({ id: Id, status: z.enum(['active', 'inactive']) }).strict(),
    'product.manage',
  ),
  /** A purchase from a supplier, pending until its goods are received. */
  'purchase-create': spec<PurchaseView>()(
    z
      .object({
        supplierId: Id,
        reference: Sku,
        lines: z
          .array(
            z
              .object({
                productId: Id,
                quantity: z.number().int('whole units').min(1, 'at least 1').max(100_000),
                unitPrice: Amount,
              })
              .strict(),
          )
          .min(1, 'a purchase has at least one line')
          .max(200),
      })
      .strict(),
    'product.manage',
  ),
  /** The goods arrived: every line completed and each product's quantity raised, in one transaction. */
  'purchase-receive': spec<PurchaseView>()(z.object({ reference: Sku }).strict(), 'product.manage'),
  'purchase-list': spec<PurchaseView[]>()(
    z.object({ status: z.enum(['pending', 'completed', 'cancelled']).optional() }).strict(),
    'product.manage',
  ),
} as const
