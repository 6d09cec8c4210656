import { z } from 'zod'
import { PeriodKinds } from '../period'
import { spec, Id as IdSchema, type Id } from './core'
import type { ReceiptResult } from './printing'
import type { ByMethod, Commissions } from './shift'

/** A period in store time (shared/period.ts): a named one, or custom first and last business days. */
export const PeriodInput = z
  .object({
    kind: z.enum(PeriodKinds),
    from: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD')
      .optional(),
    to: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD')
      .optional(),
  })
  .strict()

export interface PeriodView {
  kind: (typeof PeriodKinds)[number]
  first: string
  last: string
  days: number
  start: string
  end: string
}

/** The money of a period: lottery sales (draw and instant), merchandise apart, refunds and prizes. */
export interface SalesFigures {
  transactions: number
  tickets: number
  /** Ticket sales with their tax. */
  amount: number
  tax: number
  by_method: ByMethod
  merchandise: { items: number; amount: number }
  cancellations: { count: number; amount: number }
  payouts: { count: number; amount: number }
  /** Ticket prices sold less those cancelled, before tax: what commissions are on. */
  net_sales: number
  /** Net ticket sales less prizes paid: the lottery's money the store holds. */
  lottery_cash_due: number
  commissions: Commissions
}

/**
 * Whose figures a report holds: the store's (view_reports), or only the calling cashier's own (anyone else:
 * their own shifts' sales, cancellations and payouts).
 */
export type ReportScope = { kind: 'store' } | { kind: 'own'; user_id: Id; cashier: string }

export interface SalesReport {
  scope: ReportScope
  period: PeriodView
  /** The period of the same length just before, and its figures (the comparison). */
  previous: PeriodView
  figures: SalesFigures
  previous_figures: SalesFigures
  /** Each business day of the period (store time), with no gaps. */
  by_day: { day: string; tickets: number; amount: number }[]
  /** Local hour 00-23, summed over the period. */
  by_hour: { hour: string; tickets: number; amount: number }[]
  by_game: { lottery_id: Id; code: string; name: string; tickets: number; amount: number; previous_amount: number }[]
  by_product: { product_id: Id; name: string; sku: string; items: number; amount: number }[]
  generated_at: string
}

export const ReportTypes = ['sales', 'inventory', 'performance'] as const
export type ReportType = (typeof ReportTypes)[number]

export type StockState = 'ok' | 'low' | 'out'
/** A product at or below this many on the shelf is low (products carry no reorder threshold of their own). */
export const PRODUCT_LOW_STOCK = 5

/** Stock as it stands now, and its movements over the period. */
export interface InventoryReport {
  period: PeriodView
  games: {
    lottery_id: Id
    code: string
    name: string
    batches: number
    total_stock: number
    remaining_stock: number
    state: StockState
  }[]
  batches: {
    inventory_id: Id
    game: string
    batch_number: string
    total_stock: number
    remaining_stock: number
    reorder_threshold: number
    state: StockState
    last_restocked: string | null
  }[]
  /** Packs in the store (received or activated), and those ended during the period. */
  packs: {
    pack_id: Id
    game: string
    pack_number: string
    status: string
    tickets_per_pack: number
    sold: number
    remaining: number
    value_remaining: number
  }[]
  packs_by_state: { status: string; packs: number; tickets_remaining: number; value_remaining: number }[]
  products: {
    product_id: Id
    sku: string
    name: string
    category: string
    quantity: number
    price: number
    value: number
    status: string
    state: StockState
  }[]
  /** Draw-ticket stock by reason (inventory_movements) and products by type (inventory_transactions). */
  movements: { stock: 'tickets' | 'products'; reason: string; count: number; quantity: number }[]
  adjustments: { adjustment_type: string; count: number; quantity: number }[]
  /** Every batch and product low or out, the emptiest first. */
  low_stock: { item: string; kind: 'batch' | 'product'; remaining: number; threshold: number; state: StockState }[]
  generated_at: string
}

export interface PerformanceReport {
  scope: ReportScope
  period: PeriodView
  previous: PeriodView
  cashiers: {
    user_id: Id
    cashier: string
    transactions: number
    tickets: number
    /** Ticket sales with their tax. */
    amount: number
    merchandise: number
    /** Hours of their shifts inside the period (open shifts up to now). */
    hours: number
    tickets_per_hour: number | null
    average_sale: number | null
    cancellations: number
    cancelled_amount: number
    payouts: number
    /** Sum of the over/short of their shifts closed in the period. */
    over_short: number
    shifts: number
  }[]
  games: {
    lottery_id: Id
    code: string
    name: string
    tickets: number
    amount: number
    /** Of the period's ticket sales, in basis points. */
    share_bps: number
    previous_amount: number
    /** Against the previous period, in basis points; null when it sold nothing then. */
    change_bps: number | null
  }[]
  generated_at: string
}

export interface ReportOf {
  sales: SalesReport
  inventory: InventoryReport
  performance: PerformanceReport
}

/** A report's record (the seed's `reports`): who generated which report over which period, and its file. */
export interface ReportRecord {
  _id: Id
  report_type: ReportType | 'budget'
  kind: 'z' | 'day' | 'settlement' | 'period'
  generated_by: string
  period: { start_date: string; end_date: string }
  status: 'completed' | 'failed' | 'scheduled'
  report_url: string | null
  failure: string | null
  /** What the export holds: 'pdf', or the CSV's table. */
  format: string | null
  created_at: string
  finished_at: string | null
  /** While it runs: rows or parts written so far, of how many (null when not known or not running). */
  done: number | null
  total: number | null
}

export const ExportFormats = ['pdf', 'csv'] as const

/** Where an export is written: an absolute folder the manager picked, or (absent) the reports folder. */
const Folder = z
  .string()
  .min(1)
  .max(1000, 'at most 1000 characters')
  .refine((f) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(f), 'a folder is a full path (from / or a drive letter)')
  // eslint-disable-next-line no-control-regex
  .refine((f) => !/[\u0000-\u001f]/.test(f), 'a folder name cannot hold control characters')

export const ReportExport = z
  .object({
    report: z.enum(ReportTypes),
    period: PeriodInput,
    format: z.enum(ExportFormats),
    /** A CSV is one table of the report (shared/report-doc.ts names them); a PDF is the whole report. */
    table: z
      .string()
      .regex(/^[a-z_]{1,40}$/, 'not a table name')
      .optional(),
    folder: Folder.optional(),
  })
  .strict()

/** An export's progress, pushed while it runs and once when it ends. */
export interface ReportProgress {
  report_id: Id
  status: 'running' | 'completed' | 'failed'
  /** Rows written (a CSV) or pages laid out (a PDF) so far, of `total` when known. */
  done: number
  total: number | null
  file: string | null
  message: string | null
}

export interface ReportEvents {
  'report-progress': ReportProgress
}

// view_reports: the seed's permission; a user given it in their permissions sees the store's reports.
export const reportPermissions = ['view_reports'] as const
export const reportErrors = {
  PERIOD_INVALID: 'PERIOD_INVALID',
  EXPORT_FAILED: 'EXPORT_FAILED',
} as const

export const reportContract = {
  /** The sales report of a period against the one before it; a cashier without view_reports sees their own. */
  'report-sales': spec<SalesReport>()(z.object({ period: PeriodInput }).strict(), 'session'),
  /** Stock now and its movements over the period. */
  'report-inventory': spec<InventoryReport>()(z.object({ period: PeriodInput }).strict(), 'view_reports'),
  /** Per cashier and per game; a cashier without view_reports sees their own row. */
  'report-performance': spec<PerformanceReport>()(z.object({ period: PeriodInput }).strict(), 'session'),
  /** Starts an export (CSV or PDF) and answers at once with its record; 'report-progress' follows it. */
  'report-export': spec<ReportRecord>()(ReportExport, 'view_reports'),
  /** Stops a running export: its part-written file removed, its record failed ("cancelled"). */
  'report-export-cancel': spec<ReportRecord>()(z.object({ reportId: IdSchema }).strict(), 'view_reports'),
  /** The newest report records (exports, day reports), with their status and file. */
  'report-list': spec<ReportRecord[]>()(
    z.object({ limit: z.number().int().min(1).max(200).optional() }).strict(),
    'view_reports',
  ),
  /** A summary of the report on the thermal printer (its figures and the first rows of its tables). */
  'report-summary-print': spec<ReceiptResult>()(
    z.object({ report: z.enum(ReportTypes), period: PeriodInput }).strict(),
    'session',
  ),
} as const

export type ReportHandler = keyof typeof reportContract
