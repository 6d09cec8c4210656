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
  /** Who this terminal is, its counter reservations and its vouched time, kept outside the database file. */
  identity: TerminalIdentity
  /** True when running on the embedded demo data (no provisioned terminal config). */
  demo: boolean
}

export const isoNow = (ctx: Pick<Deps, 'clock'>) => ctx.clock().toISOString()
