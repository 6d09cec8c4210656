import { stmt } from '../core/deps'
import type { ReadDB, WriteDB } from '../store/db'

export interface SettingsMap {
  confirm_threshold: number
  payout_confirm_threshold: number
  cancel_approval_threshold: number
  max_sale_amount: number
  /** The cash over/short a closing count may show without a manager's sign-off (minor units, either way). */
  over_short_tolerance: number
  /** The lottery's commissions to the store, in basis points: on net sales, and on prizes cashed. */
  commission_sales_bps: number
  commission_cashing_bps: number
  /** The lottery's settlement week starts on this ISO weekday (7: Sunday). */
  lottery_week_start: number
  /** The business day starts at this local hour (0: midnight). */
  business_day_start_hour: number
  /** Days an outbox row is kept after central acknowledged it (bounded data: electron/maintenance/prune.ts). */
  outbox_retention_days: number
  /** BCP 47 tag for the store's numbers and dates (reports, their files, paper). */
  locale: string
  /** Minutes without a key, tap or scan before the screen locks itself (0: never). Never during a sale. */
  idle_lock_minutes: number
  printer: import('../../shared/contract').PrinterConfig | null
}

export const defaultSettings: SettingsMap = {
  confirm_threshold: 5000,
  payout_confirm_threshold: 10000,
  cancel_approval_threshold: 2000,
  max_sale_amount: 20000,
  over_short_tolerance: 200,
  commission_sales_bps: 500,
  commission_cashing_bps: 100,
  lottery_week_start: 7,
  business_day_start_hour: 0,
  outbox_retention_days: 30,
  locale: 'en-US',
  idle_lock_minutes: 5,
  printer: null,
}

// Read on every sale; written rarely, and only through setSetting in this process.
const cache = new WeakMap<object, Map<string, unknown>>()

export function getSetting<K extends keyof SettingsMap>(db: ReadDB, key: K): SettingsMap[K] {
  let values = cache.get(db)
  if (!values) cache.set(db, (values = new Map()))
  if (values.has(key)) return values.get(key) as SettingsMap[K]
  const row = stmt(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined
  const value = row ? (JSON.parse(row.value) as SettingsMap[K]) : defaultSettings[key]
  values.set(key, value)
  return value
}

export function setSetting<K extends keyof SettingsMap>(db: WriteDB, key: K, value: SettingsMap[K]): void {
  // Dropped, not replaced: if the surrounding transaction rolls back, the next read sees the database.
  cache.get(db)?.delete(key)
  stmt(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    key,
    JSON.stringify(value),
  )
}

/**
 * Values other domains keep in the settings table under their own key (the sealed central connection):
 * JSON, read and written only through here, so the table has one writer.
 */
export function getStoredValue<T>(db: ReadDB, key: string): T | null {
  const row = stmt(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined
  return row ? (JSON.parse(row.value) as T) : null
}

export function setStoredValue(db: WriteDB, key: string, value: unknown): void {
  cache.get(db)?.delete(key as keyof SettingsMap)
  stmt(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    key,
    JSON.stringify(value),
  )
}

export function deleteStoredValue(db: WriteDB, key: string): void {
  cache.get(db)?.delete(key as keyof SettingsMap)
  stmt(db, 'DELETE FROM settings WHERE key = ?').run(key)
}
