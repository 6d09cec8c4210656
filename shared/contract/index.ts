import type { z } from 'zod'
import { eventNames } from '../names'
import { auditContract, auditErrors, auditPermissions } from './audit'
import { authContract, authErrors, authPermissions, type Role } from './auth'
import { catalogContract, catalogErrors, catalogPermissions } from './catalog'
import { claimContract, claimErrors, claimPermissions } from './claim'
import { clockContract, clockErrors, clockPermissions } from './clock'
import { coreErrors } from './core'
import { printingContract, printingErrors, printingPermissions } from './printing'
import { recoveryContract, recoveryErrors, recoveryPermissions } from './recovery'
import { saleContract, saleErrors, salePermissions, type SaleEvents } from './sale'
import { settingsContract, settingsErrors, settingsPermissions, type SettingsEvents } from './settings'
import { syncContract, syncErrors, syncPermissions } from './sync'
import { ticketContract, ticketErrors, ticketPermissions, type TicketEvents } from './ticket'
import { shiftContract, shiftErrors, shiftPermissions } from './shift'
import { stockContract, stockErrors, stockPermissions } from './stock'
import { productContract, productErrors, productPermissions } from './product'
import { diagnosticsContract, diagnosticsErrors, diagnosticsPermissions } from './diagnostics'
import { reportContract, reportErrors, reportPermissions, type ReportEvents } from './report'
import { budgetContract, budgetErrors, budgetPermissions } from './budget'

/**
 * The one contract between the UI and the backend, merged from one file per
 * domain (`shared/contract/<domain>.ts`: its schemas, views, permissions,
 * error codes and events), after Actual Budget's `Handlers = A & B & ...`.
 * Adding a domain: write its file, then add it to the four lists below; the
 * compiler refuses a handler, event or error code that two domains define.
 */
const domains = [
  authContract,
  catalogContract,
  saleContract,
  ticketContract,
  claimContract,
  printingContract,
  settingsContract,
  syncContract,
  auditContract,
  clockContract,
  recoveryContract,
  shiftContract,
  stockContract,
  productContract,
  diagnosticsContract,
  reportContract,
  budgetContract,
] as const

export const Permissions = [
  ...authPermissions,
  ...catalogPermissions,
  ...salePermissions,
  ...ticketPermissions,
  ...claimPermissions,
  ...printingPermissions,
  ...settingsPermissions,
  ...syncPermissions,
  ...auditPermissions,
  ...clockPermissions,
  ...recoveryPermissions,
  ...shiftPermissions,
  ...stockPermissions,
  ...productPermissions,
  ...diagnosticsPermissions,
  ...reportPermissions,
  ...budgetPermissions,
] as const
export type Permission = (typeof Permissions)[number]

/** Every permission the terminal checks, in a line a manager reads on the Users screen (the compiler wants all). */
export const PermissionInfo: Record<Permission, string> = {
  'user.manage': "Add, edit and deactivate the store's users and reset their PINs",
  'sale.create': 'Sell tickets, instant tickets and products at the counter',
  'ticket.reprint': 'Reprint a ticket that did not reach paper',
  'ticket.void': 'Void a ticket that never printed',
  'ticket.copy': "Print a copy of a ticket that already printed (approves a cashier's copy)",
  'ticket.validate': 'Check a ticket against the draw results',
  'ticket.payout': 'Pay a winning ticket from the drawer',
  'ticket.cancel': "Cancel a ticket within its game's window",
  'printer.configure': 'Choose and test the receipt printer',
  'settings.manage': "Change the store's limits, cash office and lock settings",
  'sync.configure': 'Set the central server connection',
  'audit.verify': 'Read and verify the audit trail',
  'clock.acknowledge': 'Accept a corrected clock after a time jump',
  'shift.open': 'Open a shift with a counted float',
  'shift.move': 'Record pay ins, pay outs and drops in a shift',
  'shift.close': 'Count and close their own shift',
  'shift.close_any': "Count, sign off and close anyone's shift",
  'drawer.open': 'Open the cash drawer without a sale',
  'report.shift': "See X reports and every shift's Z",
  'report.day': 'Close the day and see the day report and the lottery settlement',
  'stock.manage': 'Restock, adjust stock and see stock levels',
  'notify.read': "Read the store's alerts",
  'pack.receive': 'Receive and activate instant packs',
  'pack.manage': 'Settle, return or report instant packs',
  'product.manage': 'Add and edit products, suppliers and purchases',
  'diagnostics.export': "Export this terminal's diagnostics",
  view_reports: "See the store's reports and export them",
  create_budget: 'Plan budgets, record their transactions and export them',
}

const errorSets = [
  coreErrors,
  authErrors,
  catalogErrors,
  saleErrors,
  ticketErrors,
  claimErrors,
  printingErrors,
  settingsErrors,
  syncErrors,
  auditErrors,
  clockErrors,
  recoveryErrors,
  shiftErrors,
  stockErrors,
  productErrors,
  diagnosticsErrors,
  reportErrors,
  budgetErrors,
] as const

/** Pushed from the backend to every window. */
export interface Events extends TicketEvents, SettingsEvents, SaleEvents, ReportEvents {}

/** Events only a session holding the permission receives (the rest go to every logged-in, unlocked one). */
export const eventAccess: Partial<Record<keyof Events, Permission>> = { 'report-progress': 'view_reports' }

// ---- merging, with the checks that make two domains defining one name impossible ----

type Merge<L extends readonly object[]> = L extends readonly [infer H, ...infer R extends readonly object[]]
  ? H & Merge<R>
  : unknown
/** Names that appear in more than one member of the list. */
type Duplicates<L extends readonly object[], Seen extends PropertyKey = never> = L extends readonly [
  infer H,
  ...infer R extends readonly object[],
]
  ? Extract<keyof H, Seen> | Duplicates<R, Seen | keyof H>
  : never
type MustBeNever<T extends never> = T

export type Contract = Merge<typeof domains>
export type ErrorCodeMap = Merge<typeof errorSets>

// Compile-time: no handler and no error code is defined by two domains; no event by two event maps.
export type NoDuplicateHandlers = MustBeNever<Duplicates<typeof domains>>
export type NoDuplicateErrors = MustBeNever<Duplicates<typeof errorSets>>
export type NoDuplicateEvents = MustBeNever<Duplicates<[TicketEvents, SettingsEvents, SaleEvents, ReportEvents]>>

function combine<T extends readonly object[]>(parts: T, what: string): Merge<T> {
  const out: Record<string, unknown> = {}
  for (const part of parts) {
    for (const [k, v] of Object.entries(part)) {
      // Also at run time: a merge that silently replaced a handler would be a security bug.
      if (Object.hasOwn(out, k)) throw new Error(`${what} ${k} is defined twice`)
      out[k] = v
    }
  }
  return out as Merge<T>
}

export const contract: Contract = combine(domains, 'handler')
export const ErrorCodes: ErrorCodeMap = combine(errorSets, 'error code')

export type HandlerName = keyof Contract
export type ArgsOf<K extends HandlerName> = z.input<Contract[K]['args']>
export type ParsedArgsOf<K extends HandlerName> = z.output<Contract[K]['args']>
export type ResultOf<K extends HandlerName> = Exclude<Contract[K]['result'], undefined>
export type ErrorCode = ErrorCodeMap[keyof ErrorCodeMap]
export type EventName = keyof Events

/** `public`: no login needed; `session`: any unlocked session; otherwise the named permission. */
export type Access = 'public' | 'session' | Permission
// Compile-time: every handler's access is public, session or a permission some domain declares.
export type AccessIsKnown = MustBeNever<Exclude<Contract[HandlerName]['access'], Access>>

/**
 * Permissions are checked in the backend dispatcher. A role grants a default
 * set; a user's `permissions` array (seed field) adds to it.
 */
export const RolePermissions: Record<Role, readonly Permission[]> = {
  staff: [
    'sale.create',
    'ticket.reprint',
    'ticket.validate',
    'ticket.payout',
    'ticket.cancel',
    'shift.open',
    'shift.move',
    'shift.close',
    'pack.receive',
  ],
  manager: Permissions,
  admin: Permissions,
  // Sees the money, never moves it: no sale, no drawer, no shift.
  accountant: ['view_reports', 'create_budget', 'notify.read'],
}

export const handlerNames = Object.keys(contract) as HandlerName[]
export { eventNames }
// The preload's list holds every event of the map and no other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const eventsMatch: Same<(typeof eventNames)[number], EventName> = true
void eventsMatch

export function isHandlerName(name: unknown): name is HandlerName {
  return typeof name === 'string' && Object.hasOwn(contract, name)
}

export * from './audit'
export * from './budget'
export * from './auth'
export * from './catalog'
export * from './claim'
export * from './clock'
export * from './core'
export * from './printing'
export * from './recovery'
export * from './sale'
export * from './settings'
export * from './shift'
export * from './stock'
export * from './product'
export * from './diagnostics'
export * from './report'
export * from './sync'
export * from './ticket'
