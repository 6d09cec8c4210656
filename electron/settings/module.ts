import { unreadCount } from '../notify/repo'
import type { StatusInfo } from '../../shared/contract'
import { audited } from '../audit/audited'
import { clockView } from '../clock/trusted'
import type { Ctx } from '../core/context'
import type { Module } from '../core/module'
import type { PrintService } from '../printing/service'
import { syncStatusView, type SyncWiring } from '../sync/status'
import { countUnprinted } from '../ticket/repo'
import { selfStatus } from '../device/repo'
import { getSetting, setSetting } from './repo'

export function statusOf(ctx: Ctx, printer: PrintService, sync: SyncWiring): StatusInfo {
  const p = printer.status()
  const { state, pending, last_success, last_error } = syncStatusView(ctx, sync)
  return {
    sync: { state, pending, last_success, last_error },
    printer: { ...p, pending_prints: countUnprinted(ctx.db) },
    clock: clockView(ctx),
    notifications: { unread: unreadCount(ctx.db) },
    stopped: {
      terminal_disabled: selfStatus(ctx.db) === 'disabled',
      store_suspended: ctx.store.status === 'suspended',
    },
  }
}

/**
 * The store's settings and the terminal's status. Its reactions keep the UI current: whatever another
 * domain committed that changes a figure on the status bar pushes a fresh status.
 */
export function settingsModule(ctx: Ctx, status: () => StatusInfo): Module<'app-info' | 'status-get' | 'settings-set'> {
  // Coalesced: a burst of changes in one turn of the event loop (a sale's prints, a sync batch) is one push.
  let scheduled = false
  const push = () => {
    if (scheduled) return
    scheduled = true
    setImmediate(() => {
      scheduled = false
      // The backend may have closed meanwhile: nothing to push then.
      if (ctx.db.open) ctx.events.emit('status-changed', status())
    })
  }
  return {
    name: 'settings',
    handlers: {
      'app-info': () => ({
        store: {
          _id: ctx.store._id,
          name: ctx.store.name,
          store_number: ctx.store.store_number,
          currency: ctx.store.currency,
          tax_rate_bps: ctx.store.tax_rate_bps,
          timezone: ctx.store.timezone,
        },
        device: {
          device_id: ctx.device.device_id,
          pos_version: ctx.device.pos_version,
          terminal_number: ctx.device.terminal_number,
        },
        confirm_threshold: getSetting(ctx.db, 'confirm_threshold'),
        demo: ctx.demo,
        payout_limit: ctx.store.payout_limit,
        payout_confirm_threshold: getSetting(ctx.db, 'payout_confirm_threshold'),
        cancel_approval_threshold: getSetting(ctx.db, 'cancel_approval_threshold'),
        max_sale_amount: getSetting(ctx.db, 'max_sale_amount'),
        over_short_tolerance: getSetting(ctx.db, 'over_short_tolerance'),
        commission_sales_bps: getSetting(ctx.db, 'commission_sales_bps'),
        commission_cashing_bps: getSetting(ctx.db, 'commission_cashing_bps'),
        lottery_week_start: getSetting(ctx.db, 'lottery_week_start'),
        business_day_start_hour: getSetting(ctx.db, 'business_day_start_hour'),
        outbox_retention_days: getSetting(ctx.db, 'outbox_retention_days'),
        locale: getSetting(ctx.db, 'locale'),
        idle_lock_minutes: getSetting(ctx.db, 'idle_lock_minutes'),
      }),
      'status-get': () => status(),
      'settings-set': (call, changes) => {
        const entries = Object.entries(changes).filter(
          (e): e is [keyof typeof changes, number | string] => e[1] !== undefined,
        )
        audited(
          ctx,
          call.session?.userId ?? null,
          {
            action: 'settings.change',
            entity_type: 'settings',
            description: entries.map(([k, v]) => `${k} = ${v}`).join(', '),
          },
          () => {
            for (const [k, v] of entries) setSetting(ctx.db, k, v as never)
          },
        )
        return Object.fromEntries(entries)
      },
    },
    reactions: {
      'sale.committed': ({ result }) => {
        ctx.events.emit('sale-committed', { transaction_id: result.transaction_id })
        push()
      },
      'status.changed': push,
      'catalog.pulled': push,
    },
  }
}
