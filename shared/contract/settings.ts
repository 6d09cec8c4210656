import { z } from 'zod'
import { Amount, none, spec, type DeviceInfo, type Id } from './core'
import type { ClockView } from './clock'
import type { PrinterState } from './printing'
import type { SyncState } from './sync'

export interface AppInfo {
  store: { _id: Id; name: string; store_number: number; currency: string; tax_rate_bps: number; timezone: string }
  device: DeviceInfo & { terminal_number: number }
  confirm_threshold: number
  demo: boolean
  /** Prizes above this are not paid at the counter. */
  payout_limit: number
  /** Payouts above this need the cashier to confirm they have the cash. */
  payout_confirm_threshold: number
  /** Cancellations above this need a manager's PIN. */
  cancel_approval_threshold: number
  /** Largest total of one sale (responsible play). */
  max_sale_amount: number
  /** The cash office's settings (issue 11). */
  over_short_tolerance: number
  commission_sales_bps: number
  commission_cashing_bps: number
  lottery_week_start: number
  business_day_start_hour: number
  /** Days a record stays in the outbox after central acknowledged it; then it is pruned (issue 13). */
  outbox_retention_days: number
  /** How numbers and dates are written for this store (BCP 47, e.g. en-US): reports, their files and paper. */
  locale: string
  /** Minutes without input before the screen locks itself (0: never); never while a sale is under way. */
  idle_lock_minutes: number
}

/** What the status bar shows at all times. */
export interface StatusInfo {
  sync: {
    state: SyncState
    pending: number
    last_success: string | null
    last_error: string | null
  }
  printer: { state: PrinterState; uri: string | null; message: string | null; pending_prints: number }
  clock: ClockView
  /** The store's unread notifications (the managers' bell). */
  notifications: { unread: number }
  /** Central's word on this terminal and its store: either stops money moving (sales, payouts, cancels). */
  stopped: { terminal_disabled: boolean; store_suspended: boolean }
}

/** A rate in basis points: 500 is 5%. */
const Bps = z.number().int().min(0).max(10_000, 'at most 100%')

export const settingsPermissions = ['settings.manage'] as const
/** A language tag Intl knows (en-US, fr-CA): how the store's numbers and dates are written. */
export const Locale = z
  .string()
  .max(35)
  .refine((v) => {
    try {
      return Intl.getCanonicalLocales(v).length === 1 && Intl.NumberFormat.supportedLocalesOf(v).length === 1
    } catch {
      return false
    }
  }, 'not a locale this terminal knows (e.g. en-US)')

export const settingsErrors = {} as const

export const settingsContract = {
  'app-info': spec<AppInfo>()(none, 'public'),
  'status-get': spec<StatusInfo>()(none, 'session'),
  'settings-set': spec<Record<string, number | string>>()(
    z
      .object({
        confirm_threshold: Amount.optional(),
        payout_confirm_threshold: Amount.optional(),
        cancel_approval_threshold: Amount.optional(),
        max_sale_amount: Amount.optional(),
        over_short_tolerance: Amount.max(100_000, 'at most 1000.00').optional(),
        commission_sales_bps: Bps.optional(),
        commission_cashing_bps: Bps.optional(),
        lottery_week_start: z.number().int().min(1).max(7).optional(),
        business_day_start_hour: z.number().int().min(0).max(12).optional(),
        outbox_retention_days: z
          .number()
          .int('whole days')
          .min(1, 'keep records central has for at least 1 day')
          .max(365, 'keep records central has for at most 365 days')
          .optional(),
        locale: Locale.optional(),
        idle_lock_minutes: z
          .number()
          .int('whole minutes')
          .min(0, 'at least 0 (never)')
          .max(120, 'at most 120 minutes')
          .optional(),
      })
      .strict()
      .refine((v) => Object.keys(v).length > 0, 'nothing to change'),
    'settings.manage',
  ),
} as const

export interface SettingsEvents {
  'status-changed': StatusInfo
}
