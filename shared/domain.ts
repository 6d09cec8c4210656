import { z } from 'zod'

/** Local ids are MongoDB ObjectIds as 24 hex characters, made on the terminal. */
export const Id = z.string().regex(/^[0-9a-f]{24}$/, 'must be an id')
export type Id = z.infer<typeof Id>

export const Roles = ['admin', 'manager', 'staff'] as const
export type Role = (typeof Roles)[number]

export const PaymentMethods = ['cash', 'card', 'wallet'] as const
export const PaymentMethod = z.enum(PaymentMethods)
export type PaymentMethod = z.infer<typeof PaymentMethod>

export const TicketStatuses = ['sold', 'cancelled', 'won'] as const
export type TicketStatus = (typeof TicketStatuses)[number]

export const PrintStatuses = ['pending', 'printing', 'printed', 'failed'] as const
export type PrintStatus = (typeof PrintStatuses)[number]

/**
 * Permissions are checked in the backend dispatcher. A role grants a default
 * set; a user's `permissions` array (seed field) adds to it.
 */
export const Permissions = [
  'sale.create',
  'ticket.reprint',
  'ticket.validate',
  'ticket.payout',
  'ticket.cancel',
  'printer.configure',
  'settings.manage',
  'audit.verify',
  'sync.configure',
  'clock.acknowledge',
] as const
export type Permission = (typeof Permissions)[number]

export const RolePermissions: Record<Role, readonly Permission[]> = {
  staff: ['sale.create', 'ticket.reprint', 'ticket.validate', 'ticket.payout', 'ticket.cancel'],
  // Everything the terminal offers today; admin-only permissions arrive with user management.
  manager: Permissions,
  admin: Permissions,
}

export interface DeviceInfo {
  device_id: string
  pos_version: string
}

export interface PrizeLevel {
  prize_level: string
  amount: number
  /** How many of the player's numbers must match the draw for this level. */
  matches?: number
}

export interface Game {
  _id: Id
  name: string
  code: string
  ticket_price: number
  status: 'active' | 'inactive'
  draw_time: string
  draw_days: number[]
  sales_cutoff_minutes: number
  cancellable: boolean
  cancel_window_minutes: number
  pick_count: number
  pick_min: number
  pick_max: number
  max_tickets_per_sale: number
  hotkey: string
  /** The cashier must confirm the player's age before selling this game. */
  age_check: boolean
  claim_period_days: number
  prize_structure: PrizeLevel[]
  /** Computed for "now": the draw the next sale goes to, and stock left. */
  next_draw: string | null
  remaining_stock: number
}

/** A ticket as the UI sees it: never its validation code, which reaches paper only. */
export interface TicketView {
  _id: Id
  ticket_number: string
  lottery_id: Id
  game_name: string
  game_code: string
  sale_id: Id
  status: TicketStatus
  draw_date: string
  numbers: number[]
  quick_pick: boolean
  price: number
  purchase_datetime: string
  print_status: PrintStatus
  print_error: string | null
  print_count: number
}

export interface SaleLineView {
  _id: Id
  lottery_id: Id
  quantity: number
  price: number
  tax: number
  total_amount: number
}

export interface SaleResult {
  transaction_id: string
  payment_method: PaymentMethod
  sale_time: string
  sales: SaleLineView[]
  tickets: TicketView[]
  price: number
  tax: number
  total_amount: number
  /** True when this request id was already committed and is being replayed. */
  replayed: boolean
}

export interface SessionInfo {
  user: { _id: Id; name: string; role: Role; username: string }
  permissions: Permission[]
  locked: boolean
}

export interface PublicUser {
  _id: Id
  name: string
  role: Role
  username: string
}

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
}

export type PrinterState = 'not_configured' | 'unknown' | 'ready' | 'error'

export interface PrinterConfig {
  uri: string
  type: 'epson' | 'star'
  width: number
  timeout_ms: number
  status_check: boolean
}

export type SyncState = 'not_configured' | 'online' | 'offline' | 'error'

export interface StatusInfo {
  sync: {
    state: SyncState
    pending: number
    last_success: string | null
    last_error: string | null
  }
  printer: { state: PrinterState; uri: string | null; message: string | null; pending_prints: number }
  clock: ClockView
}

/** Why the terminal will not sell on its database, and the backups it can restore. */
export interface RecoveryStatus {
  needed: boolean
  kind: 'missing' | 'empty' | 'orphan_wal' | 'corrupt' | 'foreign' | 'in_use' | null
  message: string | null
  backups: { name: string; created_at: string; reason: string; size: number }[]
  /** Managers of the newest backup: with the live database unreadable, they approve the restore. */
  managers: { _id: Id; name: string; username: string }[]
  data_dir: string
}

export interface RestoreResult {
  backup: string
  set_aside: string | null
  ticket_seq: number
}

/** The computer's clock against the latest time the terminal trusts. */
export interface ClockView {
  now: string
  trusted: string | null
  source: 'audit' | 'central' | null
  /** Behind by more than the tolerance: sales, payouts and cancellations are refused. */
  behind: boolean
  behind_ms: number
}

export interface AuditVerifyResult {
  ok: boolean
  entries: number
  first_broken_seq: number | null
  reason: string | null
  /** Every entry that does not hold (the first 1,000), so one break cannot hide a later one. */
  broken: { seq: number; reason: string }[]
  broken_count: number
  /** Entries from before the chain was keyed (plain SHA-256); they may only start the chain. */
  unkeyed_entries: number
  head: { seq: number; hash: string } | null
  /** Against central's copy, when it was checked. */
  central?: {
    ok: boolean
    central_head: number
    local_head: number
    missing: number
    differ: number
    problems: string[]
  }
}

export const ValidationOutcomes = [
  'invalid_number',
  'other_store',
  'not_found',
  'code_wrong',
  'cancelled',
  'already_paid',
  'draw_pending',
  'not_winner',
  'expired',
  'sold_after_cutoff',
  'winner',
] as const
export type ValidationOutcome = (typeof ValidationOutcomes)[number]

export interface ValidationResult {
  outcome: ValidationOutcome
  /** What the cashier reads, in full. */
  message: string
  ticket: TicketView | null
  prize: { prize_level: string; amount: number } | null
  winning_numbers: number[] | null
  /** A winner the counter may pay (at or below the store's payout limit). */
  payable: boolean
  /** Paying needs the cashier to confirm they have the cash. */
  needs_cash_confirmation: boolean
}

export interface ReceiptResult {
  printed: boolean
  error: string | null
  svg: string
}

export interface PayoutResult {
  status: 'paid' | 'referred'
  reference: string
  amount: number
  prize_level: string
  ticket: TicketView
  receipt: ReceiptResult
}

export interface CancelResult {
  cancellation_id: string
  ticket: TicketView
  price: number
  tax: number
  total_amount: number
  receipt: ReceiptResult
}

export interface DrawResultView {
  _id: Id
  lottery_id: Id
  game_name: string
  game_code: string
  draw_date: string
  winning_numbers: number[]
  status: string
}

export interface SyncConfigView {
  /** The URI with any password removed. */
  uri: string
  db_name: string
  username: string
  /** False where the platform cannot encrypt stored credentials: the UI warns. */
  encrypted: boolean
}

export interface SyncStatusView {
  state: SyncState
  pending: number
  last_success: string | null
  last_error: string | null
  conflicts: number
  dead: number
  rejected: number
  next_attempt_at: string | null
  config: SyncConfigView | null
  /** Whether credentials saved now would be encrypted on this machine. */
  can_encrypt: boolean
}

export interface SyncRunView {
  ok: boolean
  pushed: number
  pulled: number
  error: string | null
}

export interface SyncIssuesView {
  conflicts: { seq: number; collection: string; doc_id: string; reason: string; detected_at: string }[]
  dead: { seq: number; collection: string; doc_id: string; reason: string; dead_at: string }[]
  rejected: { collection: string; doc_id: string; reason: string; seen_at: string }[]
}
