import type { BudgetHandler } from '../../shared/contract'
import { budgetDocument, BUDGET_TABLES } from '../../shared/report-doc'
import type { Ctx } from '../core/context'
import type { DomainBus, Module, Service } from '../core/module'
import type { ReportExports } from '../report/export'
import { getSetting } from '../settings/repo'
import { dayFiler, keepAllDays, keepDaysOf } from './days'
import { allTransactions } from './repo'
import {
  addTransaction,
  budgetView,
  closeBudget,
  listBudgets,
  postPending,
  recordRecurring,
  refreshAllForecasts,
  saveBudget,
  saveRecurring,
} from './service'

/** How often the forecasts move on with the calendar while the app runs (a day passing changes every pace). */
const REFRESH_MS = 60 * 60_000

/**
 * Budgets (issue 15): the seed's budget module. The store's own money posts itself: after stock is received
 * and after a day close (each source once), and at every start whatever a stop left unposted.
 */
export function budgetModule(
  ctx: Ctx,
  bus: DomainBus,
  exports: ReportExports,
  log: (msg: string, err?: unknown) => void,
): Module<BudgetHandler> {
  // A budget's days filed in a timezone or day start the store no longer has (or never filed: the first start
  // after migration 021) are refiled; until then the screen computes them from the transactions.
  const keepDays = () => {
    try {
      keepAllDays(ctx)
    } catch (err) {
      log('budget days failed', err)
    }
  }
  // A budget about to be shown is kept first (the store's day start changed since: refiled once, here).
  const shown = (id: string) => {
    try {
      keepDaysOf(ctx, id)
    } catch (err) {
      log('budget days failed', err)
    }
    return budgetView(ctx, id)
  }
  const catchUp = () => {
    try {
      postPending(ctx)
    } catch (err) {
      // Never in a sale's way: what is not posted now is posted at the next source or start.
      log('budget postings failed', err)
    }
  }
  bus.on('day.closed', catchUp)
  bus.on('stock.received', catchUp)
  // A budget head office set (or changed) arrived: its items take what is theirs, its forecasts are redone.
  bus.on('catalog.pulled', () => {
    keepDays()
    catchUp()
    try {
      refreshAllForecasts(ctx)
    } catch (err) {
      log('budget forecasts failed', err)
    }
  })
  let timer: NodeJS.Timeout | null = null
  const service: Service = {
    start() {
      keepDays()
      catchUp()
      refreshAllForecasts(ctx)
      timer = setInterval(() => {
        keepDays()
        try {
          refreshAllForecasts(ctx)
        } catch (err) {
          log('budget forecasts failed', err)
        }
      }, REFRESH_MS)
      timer.unref()
    },
    async stop() {
      if (timer) clearInterval(timer)
    },
  }
  return {
    name: 'budget',
    services: [service],
    handlers: {
      'budget-list': () => listBudgets(ctx),
      'budget-get': (_call, { id }) => shown(id),
      'budget-save': (call, { budget }) => saveBudget(ctx, call.session!.userId, budget),
      'budget-close': (call, { id }) => closeBudget(ctx, call.session!.userId, id),
      'budget-transaction-add': (call, args) => addTransaction(ctx, call.session!.userId, args),
      'budget-recurring-save': (call, args) => saveRecurring(ctx, call.session!.userId, args),
      'budget-recurring-record': (call, { recurringId, day }) =>
        recordRecurring(ctx, call.session!.userId, recurringId, day),
      'budget-export': (call, { id, format, table }) => {
        const b = shown(id)
        const zone = ctx.store.timezone
        const hour = getSetting(ctx.read, 'business_day_start_hour')
        return exports.beginDocument(call.session!.userId, {
          report_type: 'budget',
          first: b.first_day,
          last: b.last_day,
          start: b.start_date,
          end: b.end_date,
          format,
          table,
          tables: BUDGET_TABLES,
          name: `Budget ${b.name}`,
          build: (db) => {
            const dayOf = dayFiler(zone, hour)
            return budgetDocument(
              budgetView(ctx, id, db),
              allTransactions(db, id).map((t) => ({ ...t, business_day: dayOf(t.transaction_date) })),
              ctx.store.currency,
            )
          },
        })
      },
    },
  }
}
