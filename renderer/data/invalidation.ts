import type { QueryClient } from '@tanstack/react-query'
import type { Client } from '../../shared/client'
import type { EventName, Events, HandlerName, ReportRecord, TicketView } from '../../shared/contract'
import { backendKey } from './keys'

/**
 * How backend data on screen stays fresh, all in this one file: what each pushed event and each
 * call invalidates, and the few reads that still need a timer because no event tells of their
 * change. Screens never refetch, poll or copy data themselves; they read through useBackend.
 */

interface EventEffect<E extends EventName> {
  /** Reads re-fetched (if on screen) or marked stale (if not). */
  refresh: readonly HandlerName[]
  /** The payload written straight into the cache, for an answer without a round trip. */
  write?: (client: QueryClient, payload: Events[E]) => void
}

export const eventEffects: { [E in EventName]: EventEffect<E> } = {
  'status-changed': {
    // The payload is the status itself.
    write: (client, status) => client.setQueryData(backendKey('status-get'), status),
    // A sync round may bring a new store record (name, tax, timezone) along with catalogue changes.
    refresh: ['sync-status', 'sync-issues', 'app-info', 'notify-list'],
  },
  'print-status': {
    // The row changes at once; the refresh brings the print count (a preview is keyed by it) and the rest.
    write: (client, { ticketId, status, error }) =>
      client.setQueriesData<TicketView[]>({ queryKey: ['ticket-recent'] }, (list) =>
        list?.map((t) => (t._id === ticketId ? { ...t, print_status: status, print_error: error } : t)),
      ),
    refresh: ['ticket-recent', 'ticket-unprinted'],
  },
  // Another window or process sold: stock and the newest tickets changed.
  'sale-committed': { refresh: ['game-list', 'ticket-recent', 'ticket-unprinted'] },
  // An export's progress and its end, written into the listed record as it happens (no round trip). Its end
  // also re-reads the list: a read begun before the export ended may land after this event and undo it.
  'report-progress': {
    write: (client, p) => {
      if (p.status !== 'running') void client.invalidateQueries({ queryKey: ['report-list'] })
      client.setQueriesData<ReportRecord[]>({ queryKey: ['report-list'] }, (list) =>
        list?.map((r) =>
          r._id !== p.report_id
            ? r
            : p.status === 'running'
              ? { ...r, done: p.done, total: p.total }
              : { ...r, status: p.status, report_url: p.file, failure: p.message, done: null, total: null },
        ),
      )
    },
    refresh: [],
  },
}

/** What a successful call changed; also refreshed when its events arrive, but a push can be missed. */
export const callEffects: Partial<Record<HandlerName, readonly HandlerName[]>> = {
  'ticket-reprint': ['ticket-recent', 'ticket-unprinted'],
  'ticket-print': ['ticket-recent', 'ticket-unprinted', 'status-get'],
  'ticket-void': ['ticket-recent', 'ticket-unprinted', 'game-list', 'status-get'],
  'ticket-pay': ['ticket-recent', 'status-get', 'shift-x-report'],
  'ticket-cancel': ['ticket-recent', 'game-list', 'status-get', 'shift-x-report'],
  'printer-set': ['printer-get', 'status-get'],
  'settings-set': ['app-info'],
  'sync-configure': ['sync-status', 'sync-issues', 'status-get'],
  'sync-clear': ['sync-status', 'sync-issues', 'status-get'],
  'sync-now': ['sync-status', 'sync-issues', 'status-get'],
  'clock-acknowledge': ['status-get'],
  // The cash office: the shift's view, its X report and the day's figures move with each of these.
  'sale-create': [
    'game-list',
    'ticket-recent',
    'status-get',
    'shift-current',
    'product-search',
    'pack-list',
    'notify-list',
  ],
  'shift-open': ['shift-current', 'shift-list', 'report-day'],
  'shift-move': ['shift-current', 'shift-x-report', 'report-day'],
  'shift-no-sale': ['shift-current', 'shift-x-report'],
  'shift-count-save': ['shift-current'],
  'shift-close': ['shift-current', 'shift-x-report', 'shift-list', 'report-day', 'report-settlement'],
  'shift-sign-off': ['shift-current', 'shift-x-report', 'shift-list', 'report-day', 'report-settlement'],
  'report-day-close': [
    'report-day',
    'notify-list',
    'status-get',
    'report-list',
    'budget-list',
    'budget-get',
    'shift-current',
  ],
  'report-export': ['report-list'],
  'budget-save': ['budget-list', 'budget-get', 'notify-list', 'status-get'],
  'budget-close': ['budget-list', 'budget-get'],
  'budget-transaction-add': ['budget-list', 'budget-get', 'notify-list', 'status-get'],
  'budget-recurring-save': ['budget-list', 'budget-get', 'notify-list', 'status-get'],
  'budget-recurring-record': ['budget-list', 'budget-get', 'notify-list', 'status-get'],
  'budget-export': ['report-list'],
  'report-export-cancel': ['report-list'],
  'notify-read': ['notify-list', 'status-get'],
  'notify-read-all': ['notify-list', 'status-get'],
  'stock-restock': ['stock-list', 'game-list', 'status-get', 'budget-list', 'budget-get', 'notify-list'],
  'pack-receive': ['pack-list'],
  'pack-move': ['pack-list', 'notify-list', 'status-get'],
  'user-save': ['user-list', 'auth-users'],
  'user-set-status': ['user-list', 'auth-users'],
  'user-reset-pin': ['user-list'],
  'product-save': ['product-search'],
  'product-discontinue': ['product-search'],
  'product-import': ['product-search'],
  'supplier-save': ['supplier-list'],
  'supplier-set-status': ['supplier-list'],
  'purchase-create': ['purchase-list'],
  'purchase-receive': ['purchase-list', 'product-search', 'budget-list', 'budget-get', 'notify-list', 'status-get'],
  'stock-adjust': ['stock-list', 'game-list', 'notify-list', 'status-get'],
}

/** Reads no event covers, re-read on a timer while on screen; each says why. */
export const polls: Partial<Record<HandlerName, number>> = {
  // A computer clock set back is found only by asking (no event marks it), and the status bar must
  // not stay wrong after a push missed while the event stream reconnected.
  'status-get': 5_000,
  // Next draws roll over at each cutoff; nothing is pushed when a cutoff passes.
  'game-list': 60_000,
}

/** Reads that change only by the calls and events above (or by login and lock): never re-read on their own. */
export const settled: readonly HandlerName[] = ['app-info', 'auth-session', 'printer-get']

export function applyFreshness(client: QueryClient): void {
  for (const [name, ms] of Object.entries(polls)) client.setQueryDefaults([name], { refetchInterval: ms })
  for (const name of settled) client.setQueryDefaults([name], { staleTime: Infinity })
}

export function refreshAfterCall(client: QueryClient, name: HandlerName): void {
  for (const read of callEffects[name] ?? []) void client.invalidateQueries({ queryKey: [read] })
}

/** Runs `flush` once the current burst of pushes is over; a sale of ten tickets sends dozens. */
export type Scheduler = (flush: () => void) => void
const soon: Scheduler = (flush) => void setTimeout(flush, 100)

/** Subscribes every event of the table; returns the unsubscribe. */
export function connectEvents(client: QueryClient, on: Client['on'], schedule: Scheduler = soon): () => void {
  const pending = new Set<HandlerName>()
  let scheduled = false
  const flush = () => {
    scheduled = false
    const names = [...pending]
    pending.clear()
    for (const name of names) void client.invalidateQueries({ queryKey: [name] })
  }
  const subscribe = <E extends EventName>(event: E) =>
    on(event, (payload) => {
      const effect: EventEffect<E> = eventEffects[event]
      effect.write?.(client, payload)
      for (const name of effect.refresh) pending.add(name)
      if (pending.size > 0 && !scheduled) {
        scheduled = true
        schedule(flush)
      }
    })
  const offs = (Object.keys(eventEffects) as EventName[]).map(subscribe)
  return () => offs.forEach((off) => off())
}
