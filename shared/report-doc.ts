import type {
  InventoryReport,
  PerformanceReport,
  PeriodView,
  ReportOf,
  ReportScope,
  ReportType,
  SalesReport,
} from './contract/report'
import type { DayReport } from './contract/shift'
import type { BudgetView } from './contract/budget'
import { formatMoney, minorToDecimal } from './money'

/**
 * A report as what people see of it: headline figures, charts and tables, the same for the Reports screen,
 * the PDF, the CSV of each table and the printed summary. So what a file holds is what the screen showed:
 * one function per report type lays it out, once.
 */

export type CellType = 'text' | 'count' | 'money' | 'signed_money' | 'bps' | 'decimal' | 'date'
export type Cell = string | number | null

export interface DocColumn {
  key: string
  label: string
  type: CellType
}

export interface DocTable {
  id: string
  title: string
  columns: DocColumn[]
  rows: Cell[][]
}

export interface DocKpi {
  id: string
  label: string
  value: number
  type: CellType
  /** The same figure over the previous period, when the report compares. */
  previous?: number
}

export interface DocChart {
  id: string
  title: string
  kind: 'bar' | 'line'
  type: CellType
  labels: string[]
  series: { label: string; values: number[] }[]
}

export interface ReportDocument {
  type: ReportType
  title: string
  period: PeriodView
  previous: PeriodView | null
  /** "Whole store" or "Carlos's own sales". */
  scope: string
  kpis: DocKpi[]
  charts: DocChart[]
  tables: DocTable[]
}

/** Exports that are not a table of the document: the rows behind it (too many to show), by report type. */
export const DETAIL_EXPORTS: Partial<Record<ReportType, { id: string; title: string; columns: DocColumn[] }>> = {
  sales: {
    id: 'tickets',
    title: 'Every ticket sold',
    columns: [
      { key: 'sold_at', label: 'Sold at', type: 'text' },
      { key: 'ticket_number', label: 'Ticket', type: 'text' },
      { key: 'game', label: 'Game', type: 'text' },
      { key: 'draw_date', label: 'Draw', type: 'text' },
      { key: 'numbers', label: 'Numbers', type: 'text' },
      { key: 'price', label: 'Price', type: 'money' },
      { key: 'payment_method', label: 'Paid by', type: 'text' },
      { key: 'status', label: 'Status', type: 'text' },
      { key: 'cashier', label: 'Cashier', type: 'text' },
      { key: 'transaction_id', label: 'Transaction', type: 'text' },
    ],
  },
}

export const REPORT_TITLES: Record<ReportType, string> = {
  sales: 'Sales report',
  inventory: 'Inventory report',
  performance: 'Performance report',
}

const col = (key: string, label: string, type: CellType = 'text'): DocColumn => ({ key, label, type })

function scopeText(scope: ReportScope | undefined): string {
  return !scope || scope.kind === 'store' ? 'Whole store' : `${scope.cashier}'s own figures`
}

function salesDocument(r: SalesReport): ReportDocument {
  const f = r.figures
  const p = r.previous_figures
  const kpi = (id: string, label: string, value: number, previous: number, type: CellType = 'money'): DocKpi => ({
    id,
    label,
    value,
    type,
    previous,
  })
  return {
    type: 'sales',
    title: REPORT_TITLES.sales,
    period: r.period,
    previous: r.previous,
    scope: scopeText(r.scope),
    kpis: [
      kpi('amount', 'Ticket sales (with tax)', f.amount, p.amount),
      kpi('tickets', 'Tickets sold', f.tickets, p.tickets, 'count'),
      kpi('transactions', 'Transactions', f.transactions, p.transactions, 'count'),
      kpi('merchandise', 'Merchandise (with tax)', f.merchandise.amount, p.merchandise.amount),
      kpi('cancellations', 'Cancellations', f.cancellations.amount, p.cancellations.amount),
      kpi('payouts', 'Prizes paid', f.payouts.amount, p.payouts.amount),
      kpi('net_sales', 'Net ticket sales (before tax)', f.net_sales, p.net_sales),
      kpi('lottery_cash_due', 'Lottery cash due', f.lottery_cash_due, p.lottery_cash_due, 'signed_money'),
      kpi('commissions', 'Commissions earned', f.commissions.total, p.commissions.total),
    ],
    charts: [
      {
        id: 'by_day',
        title: 'Sales by day',
        kind: r.by_day.length > 62 ? 'line' : 'bar',
        type: 'money',
        labels: r.by_day.map((d) => d.day),
        series: [{ label: 'Ticket sales', values: r.by_day.map((d) => d.amount) }],
      },
      {
        id: 'by_hour',
        title: 'Sales by hour of the day',
        kind: 'bar',
        type: 'money',
        labels: r.by_hour.map((h) => `${h.hour}:00`),
        series: [{ label: 'Ticket sales', values: r.by_hour.map((h) => h.amount) }],
      },
      {
        id: 'by_game',
        title: 'Sales by game, against the previous period',
        kind: 'bar',
        type: 'money',
        labels: r.by_game.map((g) => g.name),
        series: [
          { label: 'This period', values: r.by_game.map((g) => g.amount) },
          { label: 'Previous period', values: r.by_game.map((g) => g.previous_amount) },
        ],
      },
    ],
    tables: [
      {
        id: 'summary',
        title: 'Summary',
        columns: [col('figure', 'Figure'), col('count', 'Count', 'count'), col('amount', 'Amount', 'money')],
        rows: [
          ['Ticket sales', f.tickets, f.amount],
          ['Sales tax collected', null, f.tax],
          ['Paid in cash', null, f.by_method.cash],
          ['Paid by card', null, f.by_method.card],
          ['Paid by wallet', null, f.by_method.wallet],
          ['Merchandise', f.merchandise.items, f.merchandise.amount],
          ['Cancellations', f.cancellations.count, f.cancellations.amount],
          ['Prizes paid', f.payouts.count, f.payouts.amount],
          ['Net ticket sales (before tax)', null, f.net_sales],
          ['Lottery cash due', null, f.lottery_cash_due],
          [`Sales commission ${f.commissions.sales_rate_bps / 100}%`, null, f.commissions.sales],
          [`Cashing commission ${f.commissions.cashing_rate_bps / 100}%`, null, f.commissions.cashing],
          ['Commissions earned', null, f.commissions.total],
        ],
      },
      {
        id: 'by_game',
        title: 'By game',
        columns: [
          col('game', 'Game'),
          col('tickets', 'Tickets', 'count'),
          col('amount', 'Sales', 'money'),
          col('previous_amount', 'Previous period', 'money'),
        ],
        rows: r.by_game.map((g) => [g.name, g.tickets, g.amount, g.previous_amount]),
      },
      {
        id: 'by_day',
        title: 'By day',
        columns: [col('day', 'Day', 'date'), col('tickets', 'Tickets', 'count'), col('amount', 'Sales', 'money')],
        rows: r.by_day.map((d) => [d.day, d.tickets, d.amount]),
      },
      {
        id: 'by_hour',
        title: 'By hour',
        columns: [col('hour', 'Hour'), col('tickets', 'Tickets', 'count'), col('amount', 'Sales', 'money')],
        rows: r.by_hour.map((h) => [`${h.hour}:00`, h.tickets, h.amount]),
      },
      {
        id: 'by_product',
        title: 'Merchandise by product',
        columns: [
          col('product', 'Product'),
          col('sku', 'SKU'),
          col('items', 'Items', 'count'),
          col('amount', 'Sales', 'money'),
        ],
        rows: r.by_product.map((x) => [x.name, x.sku, x.items, x.amount]),
      },
    ],
  }
}

const STATE_WORDS = { ok: 'OK', low: 'Low', out: 'Out' } as const

function inventoryDocument(r: InventoryReport): ReportDocument {
  const low = r.low_stock.filter((x) => x.state === 'low').length
  const out = r.low_stock.filter((x) => x.state === 'out').length
  return {
    type: 'inventory',
    title: REPORT_TITLES.inventory,
    period: r.period,
    previous: null,
    scope: 'Whole store',
    kpis: [
      {
        id: 'tickets_in_stock',
        label: 'Draw tickets in stock',
        value: r.games.reduce((s, g) => s + g.remaining_stock, 0),
        type: 'count',
      },
      {
        id: 'instant_value',
        label: 'Instant tickets on hand (value)',
        value: r.packs_by_state.reduce((s, p) => s + p.value_remaining, 0),
        type: 'money',
      },
      {
        id: 'product_value',
        label: 'Merchandise on hand (value)',
        value: r.products.reduce((s, p) => s + p.value, 0),
        type: 'money',
      },
      { id: 'low', label: 'Low on stock', value: low, type: 'count' },
      { id: 'out', label: 'Out of stock', value: out, type: 'count' },
    ],
    charts: [
      {
        id: 'stock_by_game',
        title: 'Draw-ticket stock by game',
        kind: 'bar',
        type: 'count',
        labels: r.games.map((g) => g.name),
        series: [{ label: 'Remaining', values: r.games.map((g) => g.remaining_stock) }],
      },
      {
        id: 'packs_by_state',
        title: 'Instant packs by state',
        kind: 'bar',
        type: 'count',
        labels: r.packs_by_state.map((p) => p.status),
        series: [{ label: 'Packs', values: r.packs_by_state.map((p) => p.packs) }],
      },
    ],
    tables: [
      {
        id: 'low_stock',
        title: 'Low and out of stock',
        columns: [
          col('item', 'Item'),
          col('kind', 'Kind'),
          col('remaining', 'Remaining', 'count'),
          col('threshold', 'Reorder at', 'count'),
          col('state', 'State'),
        ],
        rows: r.low_stock.map((x) => [x.item, x.kind, x.remaining, x.threshold, STATE_WORDS[x.state]]),
      },
      {
        id: 'games',
        title: 'Stock by game',
        columns: [
          col('game', 'Game'),
          col('batches', 'Batches', 'count'),
          col('total', 'Received', 'count'),
          col('remaining', 'Remaining', 'count'),
          col('state', 'State'),
        ],
        rows: r.games.map((g) => [g.name, g.batches, g.total_stock, g.remaining_stock, STATE_WORDS[g.state]]),
      },
      {
        id: 'batches',
        title: 'Stock by batch',
        columns: [
          col('game', 'Game'),
          col('batch', 'Batch'),
          col('total', 'Received', 'count'),
          col('remaining', 'Remaining', 'count'),
          col('threshold', 'Reorder at', 'count'),
          col('state', 'State'),
        ],
        rows: r.batches.map((b) => [
          b.game,
          b.batch_number,
          b.total_stock,
          b.remaining_stock,
          b.reorder_threshold,
          STATE_WORDS[b.state],
        ]),
      },
      {
        id: 'packs_by_state',
        title: 'Packs by state',
        columns: [
          col('status', 'State'),
          col('packs', 'Packs', 'count'),
          col('tickets', 'Tickets left', 'count'),
          col('value', 'Value left', 'money'),
        ],
        rows: r.packs_by_state.map((p) => [p.status, p.packs, p.tickets_remaining, p.value_remaining]),
      },
      {
        id: 'packs',
        title: 'Instant packs',
        columns: [
          col('game', 'Game'),
          col('pack', 'Pack'),
          col('status', 'State'),
          col('sold', 'Sold', 'count'),
          col('remaining', 'Left', 'count'),
          col('value', 'Value left', 'money'),
        ],
        rows: r.packs.map((p) => [p.game, p.pack_number, p.status, p.sold, p.remaining, p.value_remaining]),
      },
      {
        id: 'products',
        title: 'Merchandise',
        columns: [
          col('product', 'Product'),
          col('sku', 'SKU'),
          col('quantity', 'On hand', 'count'),
          col('price', 'Price', 'money'),
          col('value', 'Value', 'money'),
          col('state', 'State'),
        ],
        rows: r.products.map((p) => [p.name, p.sku, p.quantity, p.price, p.value, STATE_WORDS[p.state]]),
      },
      {
        id: 'movements',
        title: 'Movements by reason',
        columns: [
          col('stock', 'Stock'),
          col('reason', 'Reason'),
          col('count', 'Records', 'count'),
          col('quantity', 'Quantity', 'count'),
        ],
        rows: r.movements.map((m) => [
          m.stock === 'tickets' ? 'Draw tickets' : 'Merchandise',
          m.reason,
          m.count,
          m.quantity,
        ]),
      },
      {
        id: 'adjustments',
        title: 'Adjustments by type',
        columns: [col('type', 'Type'), col('count', 'Adjustments', 'count'), col('quantity', 'Quantity', 'count')],
        rows: r.adjustments.map((a) => [a.adjustment_type, a.count, a.quantity]),
      },
    ],
  }
}

function performanceDocument(r: PerformanceReport): ReportDocument {
  const c = r.cashiers
  return {
    type: 'performance',
    title: REPORT_TITLES.performance,
    period: r.period,
    previous: r.previous,
    scope: scopeText(r.scope),
    kpis: [
      { id: 'cashiers', label: 'Cashiers who sold', value: c.filter((x) => x.transactions > 0).length, type: 'count' },
      { id: 'amount', label: 'Ticket sales (with tax)', value: c.reduce((s, x) => s + x.amount, 0), type: 'money' },
      { id: 'cancellations', label: 'Cancellations', value: c.reduce((s, x) => s + x.cancellations, 0), type: 'count' },
      {
        id: 'over_short',
        label: 'Cash over/short',
        value: c.reduce((s, x) => s + x.over_short, 0),
        type: 'signed_money',
      },
    ],
    charts: [
      {
        id: 'by_cashier',
        title: 'Ticket sales by cashier',
        kind: 'bar',
        type: 'money',
        labels: c.map((x) => x.cashier),
        series: [{ label: 'Ticket sales', values: c.map((x) => x.amount) }],
      },
      {
        id: 'game_trend',
        title: 'Games against the previous period',
        kind: 'bar',
        type: 'money',
        labels: r.games.map((g) => g.name),
        series: [
          { label: 'This period', values: r.games.map((g) => g.amount) },
          { label: 'Previous period', values: r.games.map((g) => g.previous_amount) },
        ],
      },
    ],
    tables: [
      {
        id: 'cashiers',
        title: 'By cashier',
        columns: [
          col('cashier', 'Cashier'),
          col('amount', 'Ticket sales', 'money'),
          col('merchandise', 'Merchandise', 'money'),
          col('transactions', 'Sales', 'count'),
          col('tickets', 'Tickets', 'count'),
          col('hours', 'Hours', 'decimal'),
          col('tickets_per_hour', 'Tickets/hour', 'decimal'),
          col('average_sale', 'Average sale', 'money'),
          col('cancellations', 'Cancellations', 'count'),
          col('cancelled_amount', 'Cancelled', 'money'),
          col('payouts', 'Payouts', 'count'),
          col('over_short', 'Over/short', 'signed_money'),
        ],
        rows: c.map((x) => [
          x.cashier,
          x.amount,
          x.merchandise,
          x.transactions,
          x.tickets,
          x.hours,
          x.tickets_per_hour,
          x.average_sale,
          x.cancellations,
          x.cancelled_amount,
          x.payouts,
          x.over_short,
        ]),
      },
      {
        id: 'games',
        title: 'By game',
        columns: [
          col('game', 'Game'),
          col('tickets', 'Tickets', 'count'),
          col('amount', 'Sales', 'money'),
          col('share', 'Share', 'bps'),
          col('previous_amount', 'Previous period', 'money'),
          col('change', 'Change', 'bps'),
        ],
        rows: r.games.map((g) => [g.name, g.tickets, g.amount, g.share_bps, g.previous_amount, g.change_bps]),
      },
    ],
  }
}

/**
 * The end of day as a document (its PDF in the reports folder): the stored day report itself, the figures
 * central got, not a new reading of the records.
 */
export function dayDocument(r: DayReport): ReportDocument {
  const t = r.totals
  const verdict = r.shifts.length === 0 ? 'No shifts on this day' : r.balanced ? 'Day balanced' : 'NOT balanced'
  return {
    type: 'sales',
    title: 'Day report',
    period: {
      kind: 'custom',
      first: r.business_day,
      last: r.business_day,
      days: 1,
      start: r.period.start,
      end: r.period.end,
    },
    previous: null,
    scope: `${verdict} · ${r.shifts.length} shift${r.shifts.length === 1 ? '' : 's'}`,
    kpis: [
      { id: 'amount', label: 'Ticket sales (with tax)', value: t.sales.amount, type: 'money' },
      { id: 'merchandise', label: 'Merchandise (with tax)', value: t.merchandise?.amount ?? 0, type: 'money' },
      { id: 'net_sales', label: 'Net ticket sales (before tax)', value: r.net_sales, type: 'money' },
      { id: 'cancellations', label: 'Cancellations', value: t.cancellations.amount, type: 'money' },
      { id: 'payouts', label: 'Prizes paid', value: r.prizes_cashed, type: 'money' },
      { id: 'lottery_cash_due', label: 'Lottery cash due', value: r.lottery_cash_due, type: 'signed_money' },
      { id: 'commissions', label: 'Commissions earned', value: r.commissions.total, type: 'money' },
      { id: 'over_short', label: 'Cash over/short', value: r.over_short, type: 'signed_money' },
      // A day stored before the book counts were in it has no such figure.
      ...(r.instant_missing
        ? [
            {
              id: 'instant_missing',
              label: 'Instant tickets missing',
              value: r.instant_missing.tickets,
              type: 'count' as const,
            },
            {
              id: 'instant_missing_value',
              label: 'Instant tickets missing (value)',
              value: r.instant_missing.value,
              type: 'money' as const,
            },
          ]
        : []),
      ...(r.packs_stolen?.packs.length
        ? [
            {
              id: 'packs_stolen_value',
              label: "Packs reported stolen (value; not in the day's figures)",
              value: r.packs_stolen.value,
              type: 'money' as const,
            },
          ]
        : []),
    ],
    charts: [
      {
        id: 'by_hour',
        title: 'Sales by hour of the day',
        kind: 'bar',
        type: 'money',
        labels: r.by_hour.map((h) => `${h.hour}:00`),
        series: [{ label: 'Ticket sales', values: r.by_hour.map((h) => h.amount) }],
      },
    ],
    tables: [
      {
        id: 'shifts',
        title: 'Shifts',
        columns: [
          col('shift', 'Shift'),
          col('cashier', 'Cashier'),
          col('z', 'Z'),
          col('over_short', 'Over/short', 'signed_money'),
        ],
        rows: r.shifts.map((x) => [
          String(x.shift_number),
          x.cashier,
          x.z_number === null ? x.status : `Z${x.z_number}`,
          x.over_short,
        ]),
      },
      {
        id: 'by_game',
        title: 'By game',
        columns: [
          col('game', 'Game'),
          col('tickets', 'Tickets', 'count'),
          col('amount', 'Sales', 'money'),
          col('cancelled', 'Cancelled', 'money'),
        ],
        rows: t.by_game.map((g) => [g.name, g.tickets, g.amount, g.cancelled_amount]),
      },
      {
        id: 'by_method',
        title: 'By payment',
        columns: [col('method', 'Paid by'), col('sales', 'Sales', 'money'), col('refunds', 'Refunds', 'money')],
        rows: (['cash', 'card', 'wallet'] as const).map((k) => [k, t.sales.by_method[k], t.cancellations.by_method[k]]),
      },
      ...(r.instant_missing?.packs.length
        ? [
            {
              id: 'instant_missing',
              title: 'Instant packs off at the book count (negative: sold after an earlier count had them missing)',
              columns: [
                col('game', 'Game'),
                col('pack', 'Pack'),
                col('missing', 'Tickets missing', 'count'),
                col('value', 'Value', 'signed_money'),
              ],
              rows: r.instant_missing.packs.map((p) => [
                p.game_name,
                p.pack_number,
                p.missing,
                p.missing * p.ticket_price,
              ]),
            },
          ]
        : []),
      ...(r.packs_stolen?.packs.length
        ? [
            {
              id: 'packs_stolen',
              title: 'Instant packs reported stolen (the lottery decides on the credit)',
              columns: [
                col('game', 'Game'),
                col('pack', 'Pack'),
                col('tickets', 'Tickets left in the pack', 'count'),
                col('value', 'Value', 'money'),
                col('state', 'When it went'),
                col('note', 'Reason given'),
              ],
              rows: r.packs_stolen.packs.map((p) => [
                p.game_name,
                p.pack_number,
                p.tickets,
                p.value,
                p.activated ? 'on sale' : 'not activated',
                p.note ?? '',
              ]),
            },
          ]
        : []),
    ],
  }
}

/**
 * "On track" only when it is: every item forecast within its allocation, the expenses forecast within the
 * budget's total and the items given no more than the total; else the first thing wrong, in one line.
 */
export function budgetVerdict(b: {
  items_over: number
  items_over_names?: string[]
  status: string
  allocated: number
  total_budget: number
  expense_forecast: number
  currency?: string
}): { good: boolean; text: string } {
  if (b.status === 'closed') return { good: true, text: 'Closed' }
  const names = b.items_over_names ?? []
  // Up to three items are named: the manager sees which without opening the table.
  if (b.items_over > 0 && names.length === b.items_over && names.length <= 3)
    return {
      good: false,
      text: `${names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`} forecast over ${names.length === 1 ? 'its allocation' : 'their allocations'}`,
    }
  if (b.items_over > 0)
    return { good: false, text: `${b.items_over} item${b.items_over === 1 ? '' : 's'} forecast over allocation` }
  if (b.expense_forecast > b.total_budget) return { good: false, text: "Expenses forecast over the budget's total" }
  if (b.allocated > b.total_budget)
    return {
      good: false,
      text: `Over-allocated${b.currency ? ` by ${formatMoney(b.allocated - b.total_budget, b.currency)}` : ''}: the items are given more than the total`,
    }
  return { good: true, text: 'On track: every item forecast within its allocation' }
}

/** A budget's tables, as budgetDocument lays them out (what its CSV export may name). */
export const BUDGET_TABLES = ['items', 'months', 'transactions'] as const

/**
 * A budget as a document (the budget screen, its PDF and CSVs): allocated, actual, variance and forecast per
 * item; the months; the expenses so far against what was allocated. `all` holds every transaction (an export);
 * the screen passes the newest.
 */
export function budgetDocument(
  b: BudgetView,
  all: {
    business_day: string
    category: string
    description: string
    transaction_type: string
    amount: number
    source_type: string
    /** A manual entry kept out of the pace (1 or true). */
    one_off?: number | boolean
  }[] = [],
  currency?: string,
): ReportDocument {
  const name = new Map(b.items.map((i) => [i._id, i.category]))
  const expenses = b.items.filter((i) => i.kind === 'expense')
  const verdict = budgetVerdict({ ...b, currency })
  return {
    type: 'sales',
    title: `Budget ${b.name}`,
    period: {
      kind: 'custom',
      first: b.first_day,
      last: b.last_day,
      days: b.days,
      start: b.start_date,
      end: b.end_date,
    },
    previous: null,
    scope: `${verdict.text}${b.status === 'open' ? ` · day ${b.elapsed_days} of ${b.days}` : ''}${b.over_allocated && !verdict.text.startsWith('Over-allocated') ? ' · over-allocated' : ''}`,
    kpis: [
      { id: 'total', label: 'Total budget', value: b.total_budget, type: 'money' },
      { id: 'allocated', label: 'Allocated to expenses', value: b.allocated, type: 'money' },
      { id: 'actual', label: 'Spent so far', value: b.expense_actual, type: 'money' },
      { id: 'forecast', label: 'Forecast to the end', value: b.expense_forecast, type: 'money' },
      {
        id: 'left',
        label: 'Left of the total (forecast)',
        value: b.total_budget - b.expense_forecast,
        type: 'signed_money',
      },
    ],
    charts: [
      {
        id: 'items',
        title: 'Allocated, actual and forecast per item',
        kind: 'bar',
        type: 'money',
        labels: b.items.map((i) => i.category),
        series: [
          { label: 'Allocated', values: b.items.map((i) => i.allocated_amount) },
          { label: 'Actual', values: b.items.map((i) => i.actual_spent) },
          { label: 'Forecast', values: b.items.map((i) => i.forecasted_spend) },
        ],
      },
      {
        id: 'timeline',
        title: 'Expenses so far, day by day',
        kind: 'line',
        type: 'money',
        labels: b.timeline.map((t) => t.day),
        series: [
          { label: 'Spent', values: b.timeline.map((t) => t.actual) },
          { label: 'Allocated', values: b.timeline.map(() => expenses.reduce((s, i) => s + i.allocated_amount, 0)) },
        ],
      },
    ],
    tables: [
      {
        id: 'items',
        title: 'Items',
        columns: [
          col('category', 'Item'),
          col('kind', 'Kind'),
          col('allocated', 'Allocated', 'money'),
          col('actual', 'Actual', 'money'),
          col('variance', 'Variance', 'signed_money'),
          col('forecast', 'Forecast', 'money'),
          col('pace', 'A day', 'money'),
        ],
        rows: b.items.map((i) => [
          i.category,
          i.kind,
          i.allocated_amount,
          i.actual_spent,
          i.variance,
          i.forecasted_spend,
          i.pace_per_day,
        ]),
      },
      {
        id: 'months',
        title: 'Month by month',
        columns: [col('month', 'Month'), ...b.items.map((i) => col(i._id, i.category, 'money'))],
        rows: b.months.map((m) => [m.month, ...m.items.map((x) => x.actual)]),
      },
      {
        id: 'transactions',
        title: all.length ? 'Transactions' : 'Newest transactions',
        columns: [
          col('day', 'Day', 'date'),
          col('item', 'Item'),
          col('description', 'Description'),
          col('type', 'Type'),
          col('source', 'From'),
          col('amount', 'Amount', 'money'),
        ],
        rows: (all.length
          ? all
          : b.transactions.map((t) => ({ ...t, category: name.get(t.budget_item_id) ?? '' }))
        ).map((t) => [
          t.business_day,
          t.category,
          t.description,
          t.transaction_type,
          t.one_off ? `${t.source_type}, one-off` : t.source_type,
          t.amount,
        ]),
      },
    ],
  }
}

/** The ids of each report's tables (what a CSV export may name), as the documents above lay them out. */
export const REPORT_TABLES: Record<ReportType, readonly string[]> = {
  sales: ['summary', 'by_game', 'by_day', 'by_hour', 'by_product'],
  inventory: ['low_stock', 'games', 'batches', 'packs_by_state', 'packs', 'products', 'movements', 'adjustments'],
  performance: ['cashiers', 'games'],
}

/** Text a spreadsheet would run as a formula (=, +, -, @, a tab or CR first): kept as text with a leading '. */
export function neutralised(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

export function reportDocument<T extends ReportType>(type: T, report: ReportOf[T]): ReportDocument {
  if (type === 'sales') return salesDocument(report as SalesReport)
  if (type === 'inventory') return inventoryDocument(report as InventoryReport)
  return performanceDocument(report as PerformanceReport)
}

export interface CellFormat {
  currency: string
  locale: string
}

const numberFormats = new Map<string, Intl.NumberFormat>()
function numberFormat(locale: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(opts)}`
  let f = numberFormats.get(key)
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(locale, opts)))
  return f
}

/** A cell as people read it: money in the store's currency, counts grouped, shares as percentages (Intl). */
export function formatCell(v: Cell, type: CellType, f: CellFormat): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  switch (type) {
    case 'money':
      return formatMoney(v, f.currency, f.locale)
    case 'signed_money':
      return (v > 0 ? '+' : '') + formatMoney(v, f.currency, f.locale)
    case 'bps':
      return numberFormat(f.locale, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'auto' }).format(
        v / 10_000,
      )
    case 'decimal':
      return numberFormat(f.locale, { maximumFractionDigits: 2 }).format(v)
    default:
      return numberFormat(f.locale, { maximumFractionDigits: 0 }).format(v)
  }
}

/**
 * A cell as a spreadsheet wants it: plain numbers (money in major units, shares in percent), no grouping; text
 * that would run as a formula kept as text (CSV injection: a product or cashier named "=HYPERLINK(...)").
 */
export function csvCell(v: Cell, type: CellType): string | number {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return neutralised(v)
  if (type === 'money' || type === 'signed_money') return minorToDecimal(v)
  if (type === 'bps') return minorToDecimal(v)
  return v
}

/** The period as a line: "1 Nov 2026 - 30 Nov 2026 (30 days)". */
export function periodText(p: PeriodView, locale: string): string {
  const d = (day: string) =>
    new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${day}T12:00:00Z`),
    )
  return p.first === p.last ? d(p.first) : `${d(p.first)} - ${d(p.last)} (${p.days} days)`
}
