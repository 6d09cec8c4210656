import { z } from 'zod'
import { Id, isPlainText, PLAIN_TEXT_MESSAGE, spec } from './core'
import type { ReportRecord } from './report'

/**
 * Budgets (issue 15): the seed's budget module (Budgets, Budget_Items, Transactions), fed by the store's own
 * money: purchases and restocks post expenses, each day close posts the lottery's commissions and the
 * merchandise margin as income. Every item is forecast to the budget's end from its pace and the recurring
 * entries still to come. Amounts in minor units.
 */

/** The store's categories, offered first; a budget may add its own. Income ones are marked. */
export const BUDGET_CATEGORIES = [
  { category: 'Ticket stock', kind: 'expense' },
  { category: 'Merchandise purchases', kind: 'expense' },
  { category: 'Wages', kind: 'expense' },
  { category: 'Rent', kind: 'expense' },
  { category: 'Utilities', kind: 'expense' },
  { category: 'Marketing', kind: 'expense' },
  { category: 'Lottery commissions', kind: 'income' },
  { category: 'Merchandise margin', kind: 'income' },
] as const

export const ItemKinds = ['expense', 'income'] as const
export type ItemKind = (typeof ItemKinds)[number]
export const TransactionTypes = ['Expense', 'Income'] as const
export type TransactionType = (typeof TransactionTypes)[number]

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD')
/** Money of a budget: whole cents, never negative, at most 100,000,000.00. */
const BudgetAmount = z
  .number()
  .int('an amount in whole cents')
  .min(0, 'an amount cannot be negative')
  .max(10_000_000_000, 'at most 100,000,000.00')
/** One transaction: more than zero, at most 10,000,000.00. */
const TxAmount = z
  .number()
  .int('an amount in whole cents')
  .min(1, 'an amount is more than 0')
  .max(1_000_000_000, 'at most 10,000,000.00')
const Text = (min: number, max: number, what: string) =>
  z
    .string()
    .trim()
    .min(min, min ? `${what}: at least ${min} character${min === 1 ? '' : 's'}` : undefined)
    .max(max, `${what}: at most ${max} characters`)
    .refine(isPlainText, `${what}: ${PLAIN_TEXT_MESSAGE}`)

export const BudgetItemInput = z
  .object({
    id: Id.optional(),
    category: Text(1, 60, 'a category'),
    kind: z.enum(ItemKinds),
    allocated_amount: BudgetAmount,
    /** Purchases from this supplier post here (before any match by product category). */
    supplier_id: Id.nullable().optional(),
    /** Purchases of products of this category post here. */
    product_category: Text(1, 60, 'a product category').nullable().optional(),
  })
  .strict()

export const BudgetInput = z
  .object({
    id: Id.optional(),
    name: Text(1, 80, 'a name'),
    description: Text(0, 500, 'a description').default(''),
    first_day: Day,
    last_day: Day,
    total_budget: BudgetAmount,
    items: z.array(BudgetItemInput).max(100, 'at most 100 items').default([]),
  })
  .strict()
  .refine((b) => b.last_day >= b.first_day, { message: 'The end date is before the start date.', path: ['last_day'] })
  .refine((b) => new Set(b.items.map((i) => i.category.toLowerCase())).size === b.items.length, {
    message: 'Each category once.',
    path: ['items'],
  })

export const RecurringInput = z
  .object({
    itemId: Id,
    amount: TxAmount,
    transaction_type: z.enum(TransactionTypes),
    description: Text(1, 200, 'a description'),
    cadence: z.enum(['monthly', 'weekly']),
    day_of_month: z.number().int().min(1).max(31).optional(),
    first_day: Day.optional(),
    interval_weeks: z.number().int().min(1).max(8).optional(),
  })
  .strict()
  .refine((r) => (r.cadence === 'monthly' ? r.day_of_month !== undefined : r.first_day !== undefined), {
    message: 'A monthly entry needs its day of the month; a weekly one its first day.',
  })

export interface BudgetTransactionView {
  _id: Id
  budget_item_id: Id
  amount: number
  transaction_date: string
  business_day: string
  description: string
  transaction_type: TransactionType
  source_type: 'manual' | 'purchase' | 'restock' | 'day_close' | 'recurring'
  source_id: string | null
  /** A manual entry marked one-off: spent, never carried into the pace. */
  one_off: boolean
  created_at: string
}

export interface RecurringView {
  _id: Id
  budget_item_id: Id
  amount: number
  transaction_type: TransactionType
  description: string
  cadence: 'monthly' | 'weekly'
  day_of_month: number | null
  first_day: string | null
  interval_weeks: number | null
  /** Its days inside the budget not recorded yet (what the forecast counts). */
  due: string[]
}

export interface BudgetItemView {
  _id: Id
  budget_id: Id
  category: string
  kind: ItemKind
  allocated_amount: number
  actual_spent: number
  variance: number
  forecasted_spend: number
  supplier_id: Id | null
  product_category: string | null
  /** Actual per day so far, excluding recurring entries (what the forecast carries forward). */
  pace_per_day: number
  /** An expense forecast past its allocation (the managers were told when it crossed). */
  forecast_over: boolean
  created_at: string
  updated_at: string
}

export interface BudgetSummary {
  _id: Id
  name: string
  description: string
  start_date: string
  end_date: string
  first_day: string
  last_day: string
  total_budget: number
  status: 'open' | 'closed'
  origin: 'local' | 'central'
  allocated: number
  expense_actual: number
  expense_forecast: number
  /** Items whose forecast passes their allocation. */
  items_over: number
  /** Their categories, in the items' order (absent from an older backend). */
  items_over_names?: string[]
  created_at: string
  updated_at: string
}

export interface BudgetView extends BudgetSummary {
  items: BudgetItemView[]
  /** More allocated than the total: allowed (plans move), shown. */
  over_allocated: boolean
  today: string
  days: number
  elapsed_days: number
  recurring: RecurringView[]
  /** The newest transactions, newest first. */
  transactions: BudgetTransactionView[]
  transaction_count: number
  /** Each month of the budget: per item, actual so far. */
  months: { month: string; items: { budget_item_id: Id; actual: number }[] }[]
  /** Each day: expenses so far (cumulative), for the allocated/actual/forecast picture. */
  timeline: { day: string; actual: number }[]
}

export const budgetPermissions = ['create_budget'] as const
export const budgetErrors = { BUDGET_CLOSED: 'BUDGET_CLOSED', BUDGET_INVALID: 'BUDGET_INVALID' } as const

export const budgetContract = {
  'budget-list': spec<BudgetSummary[]>()(z.object({}).strict(), 'create_budget'),
  'budget-get': spec<BudgetView>()(z.object({ id: Id }).strict(), 'create_budget'),
  /** Creates or edits a budget and its items (an item with transactions keeps its category and kind). */
  'budget-save': spec<BudgetView>()(z.object({ budget: BudgetInput }).strict(), 'create_budget'),
  'budget-close': spec<BudgetView>()(z.object({ id: Id }).strict(), 'create_budget'),
  /** An expense or income entered by hand against an item; a correction is an opposite entry. */
  'budget-transaction-add': spec<BudgetView>()(
    z
      .object({
        itemId: Id,
        amount: TxAmount,
        day: Day,
        description: Text(1, 200, 'a description'),
        transaction_type: z.enum(TransactionTypes),
        /** A one-off (a repair, a year's insurance): counted as spent, never carried into the pace. */
        one_off: z.boolean().optional(),
      })
      .strict(),
    'create_budget',
  ),
  'budget-recurring-save': spec<BudgetView>()(RecurringInput, 'create_budget'),
  /** Records a recurring entry's occurrence (rent paid on the 1st) as a transaction, once. */
  'budget-recurring-record': spec<BudgetView>()(z.object({ recurringId: Id, day: Day }).strict(), 'create_budget'),
  /** The budget as a PDF, or one of its tables as CSV, through the reports' exports (a `reports` record). */
  'budget-export': spec<ReportRecord>()(
    z
      .object({
        id: Id,
        format: z.enum(['pdf', 'csv']),
        table: z.enum(['items', 'months', 'transactions']).optional(),
      })
      .strict(),
    'create_budget',
  ),
} as const

export type BudgetHandler = keyof typeof budgetContract
