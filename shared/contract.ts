import { z } from 'zod'
import {
  Id,
  PaymentMethod,
  type AppInfo,
  type AuditVerifyResult,
  type ClockView,
  type RecoveryStatus,
  type RestoreResult,
  type CancelResult,
  type DrawResultView,
  type PayoutResult,
  type ValidationResult,
  type Game,
  type Permission,
  type PrinterConfig,
  type PublicUser,
  type SaleResult,
  type SessionInfo,
  type SyncConfigView,
  type SyncIssuesView,
  type SyncRunView,
  type SyncStatusView,
  type StatusInfo,
  type TicketView,
} from './domain'
import { eventNames } from './names'

/**
 * The one contract between the UI and the backend. Each handler names its
 * argument schema (validated in the main process), who may call it, and its
 * result type. `public`: no login needed; `session`: any unlocked session;
 * otherwise the named permission.
 */
export type Access = 'public' | 'session' | Permission

interface Spec<A extends z.ZodType, R> {
  args: A
  access: Access
  /** Phantom field carrying the result type; never set at run time. */
  result?: R
}

const spec =
  <R>() =>
  <A extends z.ZodType>(args: A, access: Access): Spec<A, R> => ({ args, access })
const none = z.object({}).strict()

const Amount = z.number().int().min(0).max(100_000_000)

export const Pin = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits')

/** A scan (26 digits) or a typed ticket number and validation code, in one string. */
const TicketInput = z.string().max(80, 'that is too long for a ticket number')

export const SaleLine = z
  .object({
    lotteryId: Id,
    quantity: z.number().int().min(1, 'quantity must be at least 1').max(100, 'quantity is at most 100'),
    /** One entry per ticket: the player's own numbers, or null for a quick pick. Omitted: all quick picks. */
    picks: z.array(z.array(z.number().int()).nullable()).optional(),
  })
  .strict()
export type SaleLine = z.infer<typeof SaleLine>

export const PrinterConfigInput = z
  .object({
    uri: z
      .string()
      .trim()
      .min(1, 'enter a printer address')
      .max(300)
      .refine((v) => /^(tcp:\/\/[^\s:/]+:\d{1,5}|printer:.+|file:.+|\/.+|\\\\.+)$/.test(v), {
        message: 'use tcp://host:port, printer:NAME, or a device path',
      })
      .superRefine((v, ctx) => {
        const port = /^tcp:\/\/[^\s:/]+:(\d{1,5})$/.exec(v)?.[1]
        if (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535))
          ctx.addIssue({
            code: 'custom',
            message: `Port ${Number(port)} is not a network port: use 1 to 65535 (usually 9100). Nothing was saved.`,
          })
      }),
    type: z.enum(['epson', 'star']).default('epson'),
    width: z.number().int().min(32).max(64).default(42),
    timeout_ms: z.number().int().min(200).max(30000).default(3000),
    status_check: z.boolean().default(true),
  })
  .strict()

export const CentralInput = z
  .object({
    uri: z
      .string()
      .trim()
      .max(2000)
      .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'a MongoDB address starts with mongodb:// or mongodb+srv://'),
    db_name: z
      .string()
      .trim()
      .regex(/^[^/\\. "$*<>:|?]{1,63}$/, 'a database name has 1 to 63 characters and no spaces or . / \\ " $'),
    username: z.string().trim().max(200).default(''),
    password: z.string().max(1000).default(''),
  })
  .strict()

export const contract = {
  'app-info': spec<AppInfo>()(none, 'public'),
  'auth-users': spec<PublicUser[]>()(none, 'public'),
  'auth-session': spec<SessionInfo | null>()(none, 'public'),
  'auth-login': spec<SessionInfo>()(z.object({ userId: Id, pin: Pin }).strict(), 'public'),
  'auth-logout': spec<null>()(none, 'public'),
  'auth-lock': spec<null>()(none, 'session'),
  /** Unlocking is the one call a locked session may make. */
  'auth-unlock': spec<SessionInfo>()(z.object({ pin: Pin }).strict(), 'public'),
  'game-list': spec<Game[]>()(none, 'session'),
  'sale-create': spec<SaleResult>()(
    z
      .object({
        requestId: z.string().uuid('requestId must be a UUID'),
        lines: z.array(SaleLine).min(1, 'the cart is empty').max(20, 'at most 20 lines in one sale'),
        paymentMethod: PaymentMethod,
        confirmed: z.boolean().default(false),
        /** The cashier confirmed the player's age (games with age_check). */
        ageConfirmed: z.boolean().default(false),
        /** The total the cashier saw: a price changed by central since then refuses the sale, writing nothing. */
        expectedTotal: z.number().int().min(0).optional(),
      })
      .strict(),
    'sale.create',
  ),
  'ticket-recent': spec<TicketView[]>()(
    z.object({ limit: z.number().int().min(1).max(200).default(20) }).strict(),
    'session',
  ),
  'ticket-preview': spec<{ svg: string; reprint: boolean }>()(
    z.object({ ticketId: Id, reprint: z.boolean().default(false) }).strict(),
    'session',
  ),
  'ticket-reprint': spec<TicketView>()(z.object({ ticketId: Id }).strict(), 'ticket.reprint'),
  'printer-get': spec<PrinterConfig | null>()(none, 'session'),
  'printer-set': spec<PrinterConfig>()(PrinterConfigInput, 'printer.configure'),
  'printer-test': spec<{ printed: true; bytes: number }>()(none, 'printer.configure'),
  'status-get': spec<StatusInfo>()(none, 'session'),
  'settings-set': spec<Record<string, number>>()(
    z
      .object({
        confirm_threshold: Amount.optional(),
        payout_confirm_threshold: Amount.optional(),
        cancel_approval_threshold: Amount.optional(),
        max_sale_amount: Amount.optional(),
      })
      .strict()
      .refine((v) => Object.keys(v).length > 0, 'nothing to change'),
    'settings.manage',
  ),
  /** A scan (26 digits) or a typed ticket number and validation code, in one string. */
  'ticket-validate': spec<ValidationResult>()(z.object({ input: TicketInput }).strict(), 'ticket.validate'),
  /** Paying and cancelling need the presented ticket (scan, or number and code), checked in the same call. */
  'ticket-pay': spec<PayoutResult>()(
    z.object({ input: TicketInput, cashConfirmed: z.boolean().default(false) }).strict(),
    'ticket.payout',
  ),
  'ticket-cancel': spec<CancelResult>()(
    z
      .object({
        input: TicketInput,
        reason: z.string().trim().min(3, 'give a reason').max(200),
        approver: z.object({ userId: Id, pin: Pin }).strict().optional(),
      })
      .strict(),
    'ticket.cancel',
  ),
  'sync-status': spec<SyncStatusView>()(none, 'session'),
  'sync-configure': spec<SyncConfigView>()(CentralInput, 'sync.configure'),
  'sync-clear': spec<null>()(none, 'sync.configure'),
  'sync-now': spec<SyncRunView>()(none, 'session'),
  'sync-issues': spec<SyncIssuesView>()(none, 'sync.configure'),
  'draw-results': spec<DrawResultView[]>()(
    z.object({ limit: z.number().int().min(1).max(200).default(20) }).strict(),
    'session',
  ),
  'audit-verify': spec<AuditVerifyResult>()(none, 'audit.verify'),
  /** Whether the database needs restoring (and from which backups); answered even when it cannot be opened. */
  'recovery-status': spec<RecoveryStatus>()(none, 'public'),
  /** Restores a backup over a damaged or missing database; a manager of that backup approves with their PIN. */
  'recovery-restore': spec<RestoreResult>()(
    z
      .object({
        backup: z.string().regex(/^pos-\d{8}T\d{6}Z-[a-z0-9-]+\.sqlite$/, 'choose one of the listed backups'),
        userId: Id,
        pin: Pin,
      })
      .strict(),
    'public',
  ),
  /** A manager declares the computer's clock right after it was corrected backwards (audited). */
  'clock-acknowledge': spec<ClockView>()(
    z.object({ note: z.string().trim().min(3, 'say what was corrected').max(200) }).strict(),
    'clock.acknowledge',
  ),
} as const

export type Contract = typeof contract
export type HandlerName = keyof Contract
export type ArgsOf<K extends HandlerName> = z.input<Contract[K]['args']>
export type ParsedArgsOf<K extends HandlerName> = z.output<Contract[K]['args']>
export type ResultOf<K extends HandlerName> = Exclude<Contract[K]['result'], undefined>

/** Pushed from the backend to every window. */
export interface Events {
  'print-status': { ticketId: Id; status: TicketView['print_status']; error: string | null }
  'status-changed': StatusInfo
  'sale-committed': { transaction_id: string }
}
export type EventName = keyof Events

export const handlerNames = Object.keys(contract) as HandlerName[]
export { eventNames }
// The preload's list holds every event of the map and no other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const eventsMatch: Same<(typeof eventNames)[number], EventName> = true
void eventsMatch

export function isHandlerName(name: unknown): name is HandlerName {
  return typeof name === 'string' && Object.hasOwn(contract, name)
}
