import { z } from 'zod'
import { PeriodKinds } from '../period'
import { spec, type Id } from './core'
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

export interface SalesReport {
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

// view_reports: the seed's permission; a user given it in their permissions sees the store's reports.
export const reportPermissions = ['view_reports'] as const
export const reportErrors = { PERIOD_INVALID: 'PERIOD_INVALID' } as const

export const reportContract = {
  /** The sales report of a period against the one before it; read on the read-only connection. */
  'report-sales': spec<SalesReport>()(z.object({ period: PeriodInput }).strict(), 'view_reports'),
} as const

export type ReportHandler = keyof typeof reportContract
