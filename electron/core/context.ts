import { selfStatus } from '../device/repo'
import { PosError } from '../../shared/errors'
import type { Deps } from './deps'
import type { EventBus } from './events'
import type { SelfDevice } from '../device/repo'
import type { SessionStore } from '../auth/sessions'
import type { Keystore } from '../device/keystore'
import type { TerminalIdentity } from '../device/identity'

export interface StoreRow {
  _id: string
  name: string
  store_number: number
  location: string
  currency: string
  timezone: string
  tax_rate_bps: number
  payout_limit: number
  status: 'active' | 'suspended'
}

/**
 * A store central has suspended stops moving money: no sale, payout, cancellation or copy. Logins, reports
 * and sync go on, so the store can see why and central can lift it.
 */
export function assertStoreOpen(ctx: Pick<Ctx, 'store' | 'db'>): void {
  // IT disabled this terminal on central: the same stop, for one till.
  if (selfStatus(ctx.db) === 'disabled')
    throw new PosError(
      'DEVICE_DISABLED',
      'This terminal was disabled by central (IT): selling, paying winners and cancelling are stopped. Logins, reports and sync go on. Call IT.',
    )
  if (ctx.store.status === 'suspended')
    throw new PosError(
      'STORE_SUSPENDED',
      'This store is suspended by central: selling, paying winners and cancelling are stopped. Logins, reports and sync go on. Call head office.',
    )
}

/** What every domain module is given: injected deps plus this terminal's identity. */
export interface Ctx extends Deps {
  device: SelfDevice
  store: StoreRow
  events: EventBus
  /** Logged-in sessions, shared by auth (which writes them) and the dispatcher (which reads them). */
  sessions: SessionStore
  /** Secrets kept outside the database file (audit key, PIN pepper). */
  keys: Keystore
  /** The read-only connection: read paths that need not see their own call's writes use it. */
  read: import('../store/db').ReadDB
  /** Who this terminal is, its counter reservations and its vouched time, kept outside the database file. */
  identity: TerminalIdentity
  /** True when running on the embedded demo data (no provisioned terminal config). */
  demo: boolean
}

export const isoNow = (ctx: Pick<Deps, 'clock'>) => ctx.clock().toISOString()
