import { z } from 'zod'
import { plainTextOf, ProductStatuses, RetailBarcode, Roles, Sku } from '../../shared/contract'
import { isCentralVerifier, pepperVerifier, pinPepperOf, verifierSalt } from '../auth/pin'
import {
  activeAdminCount,
  getUser,
  seenCentralPin,
  setUserStatusOnly,
  takeCentralPin,
  type UserRow,
} from '../auth/repo'
import { objectIdHex } from '../core/deps'
import { insertNotification } from '../notify/repo'
import { undeliveredDecrementOf } from '../outbox/repo'
import { userEditPending } from './repo'
import { stmt } from '../core/deps'
import {
  clashOf,
  productById,
  supplierById,
  supplierByName,
  upsertProduct,
  upsertSupplier,
  type ProductRow,
} from '../product/repo'
import type { WriteDB } from '../store/db'
import type { CatalogCollection } from './target'
import { BUDGET_CATEGORIES } from '../../shared/contract'
import { businessDay } from '../../shared/cash'
import { budgetById, itemById } from '../budget/repo'

const hex = z.string().regex(/^[0-9a-f]{24}$/, 'an ObjectId')
// Every instant is stored in one form (UTC, milliseconds, Z): draws are matched to tickets as text, so a
// result sent as 13:00-05:00 must read exactly as the 18:00Z its tickets carry.
const iso = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T/, 'a date')
  .refine((v) => !Number.isNaN(Date.parse(v)), 'a date')
  .transform((v) => new Date(Date.parse(v)).toISOString())
const money = z.number().int().nonnegative()
// Money on central is integer minor units, as everywhere in this project: the seed's 25.99 is 2599.
const minor = z.number().int('whole minor units (25.99 is 2599)').nonnegative()
const opt = <T extends z.ZodType>(t: T) => t.nullable().optional()
/**
 * A name the counter, the paper and the reports show: central's are kept to the rule the terminal's own forms
 * keep (shared/contract/core.ts) by taking out what it refuses, so a name sent with a direction override or
 * invisible characters is never shown reversed or blank. Cleaned, not refused: refusing a store's or a user's
 * document over its name would also refuse the suspension or the deactivation it carries. Nothing visible
 * left reads "?".
 */
const clean = (s: string) => plainTextOf(s) || '?'
const shownName = z.string().min(1).transform(clean)

// Seed fields are required; fields only terminals need (pick rules, tax) are
// optional because central may not carry them for an existing row.
const base = { _id: hex, created_at: iso, updated_at: iso, deleted_at: opt(iso) }

export const catalogSchemas = {
  stores: z.object({
    ...base,
    name: shownName,
    location: z.record(z.string(), z.unknown()).default({}),
    contact_person: opt(z.string()),
    contact_phone: opt(z.string()),
    store_type: z.enum(['retail', 'digital']),
    status: z.enum(['active', 'suspended']),
    currency: opt(z.string().length(3)),
    timezone: opt(z.string().min(1)),
    tax_rate_bps: opt(z.number().int().nonnegative()),
  }),
  lotteries: z.object({
    ...base,
    name: shownName,
    code: z.string().min(1),
    draw_time: z.string().regex(/^[0-2]\d:[0-5]\d$/),
    prize_structure: z.array(z.looseObject({ prize_level: z.string(), amount: money })),
    ticket_price: z.number().int().positive(),
    status: z.enum(['active', 'inactive']),
    created_by: opt(hex),
    draw_days: opt(z.array(z.number().int().min(1).max(7))),
    sales_cutoff_minutes: opt(z.number().int().nonnegative()),
    cancellable: opt(z.boolean()),
    cancel_window_minutes: opt(z.number().int().nonnegative()),
    pick_count: opt(z.number().int().positive()),
    pick_min: opt(z.number().int()),
    pick_max: opt(z.number().int()),
    max_tickets_per_sale: opt(z.number().int().positive()),
    hotkey: opt(z.string()),
    game_type: opt(z.enum(['draw', 'instant'])),
    game_number: opt(z.string().regex(/^\d{4}$/)),
    pack_size: opt(z.number().int().positive().max(999)),
  }),
  users: z.object({
    ...base,
    name: shownName,
    email: opt(z.string()),
    phone: opt(z.string()),
    role: z.enum(Roles),
    username: z.string().min(1),
    // Central's scrypt$N$salt$hash; absent when central has no PIN for the user (a terminal's export).
    password_hash: opt(z.string()),
    store_id: hex,
    status: z.enum(['active', 'inactive']),
    // Who set the status (a store's _id; none: head office): a store undoes only its own deactivation.
    status_by: opt(z.string()),
    last_login: opt(iso),
    permissions: z.array(z.string()).default([]),
    // A PIN a terminal set (sync/pin-handoff.ts): when, and whether it is a one-time one.
    must_change_pin: opt(z.boolean()),
    pin_set_at: opt(iso),
  }),
  draw_results: z.object({
    ...base,
    lottery_id: hex,
    draw_date: iso,
    winning_numbers: z.array(z.number().int()),
    status: z.string().min(1),
  }),
  winning_claims: z.object({
    ...base,
    ticket_number: z.string().regex(/^\d{18}$/, 'a ticket number'),
    lottery_id: hex,
    store_id: hex,
    draw_date: iso,
    prize_level: z.string().min(1),
    amount: z.number().int().positive(),
    status: z.literal('paid'),
  }),
  inventory: z.object({
    ...base,
    store_id: hex,
    lottery_id: hex,
    batch_number: z.string().min(1),
    total_stock: z.number().int().nonnegative(),
    remaining_stock: z.number().int(),
    reorder_threshold: z.number().int().nonnegative().default(0),
    restock_flag: z.boolean().default(false),
    last_restocked: opt(iso),
  }),
  // The chain's merchandise catalogue: no store_id. Seed fields are required (a missing count is 0); the
  // terminal's own additions (barcode, age_check) are optional.
  suppliers: z.object({
    ...base,
    name: shownName,
    contact_name: opt(z.string()),
    contact_email: opt(z.string()),
    contact_phone: opt(z.string()),
    address: opt(z.string()),
    status: z.enum(['active', 'inactive']),
    payment_terms: opt(z.string()),
  }),
  // The seed's products carry last_updated, not updated_at (and the pull's checkpoint reads it).
  products: z.object({
    _id: hex,
    created_at: opt(iso),
    last_updated: iso,
    deleted_at: opt(iso),
    product_name: shownName,
    sku: Sku,
    barcode: RetailBarcode.nullable().optional(),
    category: opt(z.string()),
    description: opt(z.string()),
    quantity: z.number().int().nonnegative().default(0),
    price: minor,
    supplier_id: hex.nullable().optional(),
    location: opt(z.string()),
    received_date: opt(iso),
    status: z.enum(ProductStatuses),
    tags: opt(z.array(z.string())),
    image_url: opt(z.string()),
    age_check: opt(z.boolean()),
  }),
  // A budget head office set for this store (its items follow); its figures are this terminal's to keep.
  budgets: z.object({
    ...base,
    store_id: hex,
    name: z.string().trim().min(1).max(80).transform(clean),
    description: opt(z.string().max(500)),
    start_date: iso,
    end_date: iso,
    total_budget: minor,
    status: z.enum(['open', 'closed']).default('open'),
    origin: opt(z.enum(['local', 'central'])),
  }),
  budget_items: z.object({
    ...base,
    store_id: hex,
    budget_id: hex,
    category: z.string().trim().min(1).max(60).transform(clean),
    kind: opt(z.enum(['expense', 'income'])),
    allocated_amount: minor,
  }),
} satisfies Record<CatalogCollection, z.ZodType>

type Doc<C extends CatalogCollection> = z.infer<(typeof catalogSchemas)[C]>
/** 'kept': a valid document older than this terminal's row, left alone (it is not a reject). */
export type Applied = void | 'kept'

const json = (v: unknown) => JSON.stringify(v)
const bit = (b: boolean | null | undefined) => (b == null ? null : b ? 1 : 0)

/** Runs an UPDATE; when no row matched, the INSERT. Central wins for every field it sends. */
function upsert(db: WriteDB, update: string, insert: (() => void) | null, params: Record<string, unknown>): void {
  if (stmt(db, update).run(params).changes > 0) return
  if (!insert) throw new Error('no such row on this terminal')
  insert()
}

/** Later than or equal to the local row's timestamp: central's document replaces the local catalogue fields. */
const centralWins = (central: string, local: string) => Date.parse(central) >= Date.parse(local)

/** The store's business day holding an instant (its timezone and start hour, as this terminal keeps them). */
function storeDay(db: WriteDB, storeId: string, iso: string): string {
  const store = stmt(db, 'SELECT timezone FROM stores WHERE _id = ?').get(storeId) as { timezone: string } | undefined
  if (!store) throw new Error("store_id: not this terminal's store")
  const row = stmt(db, "SELECT value FROM settings WHERE key = 'business_day_start_hour'").get() as
    { value: string } | undefined
  return businessDay(new Date(iso), store.timezone, row ? Number(JSON.parse(row.value)) : 0)
}

/**
 * Central took the store's last active admin away (deactivated or given another role), which no terminal may do:
 * the managers hear of it (compliance), since nobody here can now change a manager.
 */
function noAdminLeft(db: WriteDB, was: Pick<UserRow, 'role' | 'status' | 'store_id' | 'name'>, at: string): void {
  if (was.role !== 'admin' || was.status !== 'active' || activeAdminCount(db, was.store_id) > 0) return
  insertNotification(db, {
    _id: objectIdHex(),
    user_id: null,
    title: 'No active admin at this store',
    message: `Central removed ${was.name}, the store's last active admin. Managers cannot be changed here until head office names one.`,
    type: 'compliance',
    created_at: at,
  })
}

export const applyCatalog: { [C in CatalogCollection]: (db: WriteDB, d: Doc<C>) => Applied } = {
  stores(db, d) {
    // Only this terminal's own store is pulled, and it always exists locally (its number is in ticket numbers).
    upsert(
      db,
      `UPDATE stores SET name = @name, location = @location, contact_person = @contact_person, contact_phone = @contact_phone,
         store_type = @store_type, status = @status, currency = COALESCE(@currency, currency), timezone = COALESCE(@timezone, timezone),
         tax_rate_bps = COALESCE(@tax_rate_bps, tax_rate_bps), updated_at = @updated_at WHERE _id = @_id`,
      null,
      {
        ...d,
        location: json(d.location),
        contact_person: d.contact_person ?? null,
        contact_phone: d.contact_phone ?? null,
        status: d.deleted_at ? 'suspended' : d.status,
        currency: d.currency ?? null,
        timezone: d.timezone ?? null,
        tax_rate_bps: d.tax_rate_bps ?? null,
      },
    )
  },
  lotteries(db, d) {
    const p = {
      _id: d._id,
      name: d.name,
      code: d.code,
      draw_time: d.draw_time,
      prize_structure: json(d.prize_structure),
      ticket_price: d.ticket_price,
      status: d.deleted_at ? 'inactive' : d.status,
      created_by: d.created_by ?? null,
      created_at: d.created_at,
      updated_at: d.updated_at,
      draw_days: d.draw_days ? json(d.draw_days) : null,
      sales_cutoff_minutes: d.sales_cutoff_minutes ?? null,
      cancellable: bit(d.cancellable),
      cancel_window_minutes: d.cancel_window_minutes ?? null,
      pick_count: d.pick_count ?? null,
      pick_min: d.pick_min ?? null,
      pick_max: d.pick_max ?? null,
      max_tickets_per_sale: d.max_tickets_per_sale ?? null,
      hotkey: d.hotkey ?? null,
      game_type: d.game_type ?? null,
      game_number: d.game_number ?? null,
      pack_size: d.pack_size ?? null,
    }
    const extras = [
      'draw_days',
      'sales_cutoff_minutes',
      'cancellable',
      'cancel_window_minutes',
      'pick_count',
      'pick_min',
      'pick_max',
      'max_tickets_per_sale',
      'hotkey',
      'game_type',
      'game_number',
      'pack_size',
    ] as const
    upsert(
      db,
      `UPDATE lotteries SET name = @name, code = @code, draw_time = @draw_time, prize_structure = @prize_structure,
         ticket_price = @ticket_price, status = @status, created_by = @created_by, updated_at = @updated_at,
         ${extras.map((k) => `${k} = COALESCE(@${k}, ${k})`).join(', ')} WHERE _id = @_id`,
      () => {
        if (p.draw_days === null || p.pick_count === null || p.pick_min === null || p.pick_max === null) {
          throw new Error('a new game needs draw_days, pick_count, pick_min and pick_max')
        }
        stmt(
          db,
          `INSERT INTO lotteries (_id, name, code, draw_time, prize_structure, ticket_price, status, created_by, created_at, updated_at,
             draw_days, sales_cutoff_minutes, cancellable, cancel_window_minutes, pick_count, pick_min, pick_max, max_tickets_per_sale, hotkey,
             game_type, game_number, pack_size)
           VALUES (@_id, @name, @code, @draw_time, @prize_structure, @ticket_price, @status, @created_by, @created_at, @updated_at,
             @draw_days, COALESCE(@sales_cutoff_minutes, 0), COALESCE(@cancellable, 0), COALESCE(@cancel_window_minutes, 0),
             @pick_count, @pick_min, @pick_max, COALESCE(@max_tickets_per_sale, 100), COALESCE(@hotkey, ''),
             COALESCE(@game_type, 'draw'), @game_number, @pack_size)`,
        ).run(p)
      },
      p,
    )
  },
  users(db, d) {
    // Conflict rule (decided, docs/decisions.md): central's document is followed unless an edit made here is still
    // on its way there (no clock decides); a deactivation from central always applies (a user head office removed
    // never logs in once the pull has arrived); the PIN has its own rule. Central's verifier becomes this terminal's peppered
    // one before it is written (no PIN needed; the plain form never reaches this table). It replaces the PIN
    // here only when it is a PIN central set anew (its salt is neither ours nor the one last taken from central)
    // and, while a PIN set here still waits to reach central, set no earlier than it; anything else (none, a
    // terminal's peppered form, a cost we do not accept) changes nothing. A user new here is refused until
    // central has a PIN for them.
    const local = getUser(db, d._id)
    const incoming = isCentralVerifier(d.password_hash) ? d.password_hash : null
    const salt = verifierSalt(incoming)
    const lastCentral = local ? (local.central_pin_salt ?? verifierSalt(local.password_hash)) : null
    const pinAt = d.pin_set_at ?? d.updated_at
    // Once central has ours (no form of it waiting here), a new one there came after it; while ours waits, the
    // later by its time wins.
    const newPin =
      incoming !== null &&
      (!local ||
        (salt !== lastCentral && (!local.pin_handoff || !local.pin_set_at || centralWins(pinAt, local.pin_set_at))))
    const verifier = newPin ? pepperVerifier(incoming, pinPepperOf(db)) : null
    const mustChange = d.must_change_pin ? 1 : 0
    const status = d.deleted_at ? 'inactive' : d.status
    if (local) {
      // Central's newer PIN replaces ours, and a form of ours still waiting to be sent is dropped.
      if (verifier) takeCentralPin(db, d._id, verifier, salt, mustChange)
      // A central PIN older than this terminal's own is seen, so a later pull carrying it again keeps ours.
      else if (incoming && salt !== lastCentral) seenCentralPin(db, d._id, salt)
      // An edit made here and not yet at central is newer than anything central sends (it is applied there as it
      // arrives); once central has it, central's document holds it too and is the one to follow.
      if (userEditPending(db, d._id)) {
        if (status === 'inactive' && local.status === 'active') {
          setUserStatusOnly(db, d._id, 'inactive')
          noAdminLeft(db, local, d.updated_at)
        }
        return 'kept'
      }
    }
    const p = {
      _id: d._id,
      name: d.name,
      email: d.email ?? null,
      phone: d.phone ?? null,
      role: d.role,
      username: d.username,
      password_hash: verifier,
      central_pin_salt: salt,
      must_change_pin: mustChange,
      store_id: d.store_id,
      status,
      last_login: d.last_login ?? null,
      permissions: json(d.permissions),
      created_at: d.created_at,
      updated_at: d.updated_at,
    }
    // Local lockout counters (failed_logins, locked_until, approve_*...) are terminal state, not catalogue: kept.
    upsert(
      db,
      `UPDATE users SET name = @name, email = @email, phone = @phone, role = @role, username = @username,
         store_id = @store_id, status = @status, last_login = COALESCE(@last_login, last_login),
         permissions = @permissions, updated_at = @updated_at WHERE _id = @_id`,
      () => {
        if (!p.password_hash)
          throw new Error('password_hash: central holds no usable PIN for this user (scrypt$N$salt$hash)')
        stmt(
          db,
          `INSERT INTO users (_id, name, email, phone, role, username, password_hash, store_id, status, last_login,
             permissions, created_at, updated_at, central_pin_salt, must_change_pin)
           VALUES (@_id, @name, @email, @phone, @role, @username, @password_hash, @store_id, @status, @last_login,
             @permissions, @created_at, @updated_at, @central_pin_salt, @must_change_pin)`,
        ).run(p)
      },
      p,
    )
    if (local) noAdminLeft(db, local, d.updated_at)
  },
  draw_results(db, d) {
    stmt(
      db,
      `INSERT INTO draw_results (_id, lottery_id, draw_date, winning_numbers, status, created_at, updated_at, deleted_at)
       VALUES (@_id, @lottery_id, @draw_date, @winning_numbers, @status, @created_at, @updated_at, @deleted_at)
       ON CONFLICT(_id) DO UPDATE SET lottery_id = excluded.lottery_id, draw_date = excluded.draw_date,
         winning_numbers = excluded.winning_numbers, status = excluded.status, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at`,
    ).run({ ...d, winning_numbers: json(d.winning_numbers), deleted_at: d.deleted_at ?? null })
  },
  winning_claims(db, d) {
    // This terminal's own payouts come back with the same _id and are left as they are; one central
    // reports from elsewhere becomes a 'central' claim, which validation answers as already paid.
    stmt(
      db,
      `INSERT INTO winning_claims (_id, ticket_id, ticket_number, lottery_id, store_id, user_id, draw_date, prize_level, amount, status,
         device_info, source, created_at, updated_at)
       VALUES (@_id, NULL, @ticket_number, @lottery_id, @store_id, NULL, @draw_date, @prize_level, @amount, 'paid', '{}', 'central',
         @created_at, @updated_at)
       ON CONFLICT DO NOTHING`,
    ).run({
      _id: d._id,
      ticket_number: d.ticket_number,
      lottery_id: d.lottery_id,
      store_id: d.store_id,
      draw_date: d.draw_date,
      prize_level: d.prize_level,
      amount: d.amount,
      created_at: d.created_at,
      updated_at: d.updated_at,
    })
  },
  inventory(db, d) {
    // Central's figure already holds every decrement it acknowledged; the ones
    // still queued here (or dead-lettered) are added back, so a pull never
    // un-sells a ticket sold since the last push.
    const unsent = undeliveredDecrementOf(db, d._id)
    const remaining = d.deleted_at ? 0 : Math.min(d.total_stock, Math.max(0, d.remaining_stock + unsent))
    const p = {
      _id: d._id,
      store_id: d.store_id,
      lottery_id: d.lottery_id,
      batch_number: d.batch_number,
      total_stock: d.total_stock,
      remaining_stock: remaining,
      reorder_threshold: d.reorder_threshold,
      restock_flag: d.restock_flag ? 1 : 0,
      last_restocked: d.last_restocked ?? null,
      created_at: d.created_at,
      updated_at: d.updated_at,
      deleted_at: d.deleted_at ?? null,
    }
    upsert(
      db,
      `UPDATE inventory SET store_id = @store_id, lottery_id = @lottery_id, batch_number = @batch_number, total_stock = @total_stock,
         remaining_stock = @remaining_stock, reorder_threshold = @reorder_threshold, restock_flag = @restock_flag,
         last_restocked = @last_restocked, updated_at = @updated_at, deleted_at = @deleted_at WHERE _id = @_id`,
      () =>
        stmt(
          db,
          `INSERT INTO inventory (_id, store_id, lottery_id, batch_number, total_stock, remaining_stock, reorder_threshold, restock_flag,
             last_restocked, created_at, updated_at, deleted_at)
           VALUES (@_id, @store_id, @lottery_id, @batch_number, @total_stock, @remaining_stock, @reorder_threshold, @restock_flag,
             @last_restocked, @created_at, @updated_at, @deleted_at)`,
        ).run(p),
      p,
    )
  },
  budgets(db, d) {
    // Conflict rule (decided): whoever made a budget owns its definition. A budget this terminal made (origin
    // local here) is this terminal's: central's copy of it is what was pushed, never pulled back over it. One
    // central made is central's: its name, period, total and status replace what this terminal has (it cannot
    // edit them); the figures (actual, variance, forecast) are always computed here from the transactions.
    const local = budgetById(db, d._id)
    if (local?.origin === 'local') return 'kept'
    const first = storeDay(db, d.store_id, d.start_date)
    // The seed's end_date is the last moment (23:59:59): the day it falls in is the budget's last.
    const last = storeDay(db, d.store_id, new Date(Date.parse(d.end_date) - 1).toISOString())
    if (last < first) throw new Error('end_date: before start_date')
    upsert(
      db,
      `UPDATE budgets SET name = @name, description = @description, start_day = @first, end_day = @last,
         start_date = @start_date, end_date = @end_date, total_budget = @total_budget, status = @status,
         closed_at = CASE WHEN @status = 'closed' THEN COALESCE(closed_at, @updated_at) END, updated_at = @updated_at
       WHERE _id = @_id`,
      () =>
        stmt(
          db,
          `INSERT INTO budgets (_id, store_id, name, description, start_day, end_day, start_date, end_date, total_budget,
             status, origin, created_by, created_at, updated_at, closed_at)
           VALUES (@_id, @store_id, @name, @description, @first, @last, @start_date, @end_date, @total_budget, @status,
             'central', NULL, @created_at, @updated_at, CASE WHEN @status = 'closed' THEN @updated_at END)`,
        ).run({ ...d, description: d.description ?? '', first, last }),
      { ...d, description: d.description ?? '', first, last },
    )
  },
  budget_items(db, d) {
    const budget = budgetById(db, d.budget_id)
    if (!budget) throw new Error('budget_id: no such budget on this terminal')
    if (budget.origin === 'local') return 'kept'
    const local = itemById(db, d._id)
    const kind = d.kind ?? BUDGET_CATEGORIES.find((c) => c.category === d.category)?.kind ?? 'expense'
    // An item already holding transactions keeps its kind: they were counted as it was.
    if (local && local.kind !== kind && local.actual_spent !== 0)
      throw new Error(`kind: ${local.category} has transactions as an ${local.kind}`)
    const params = { ...d, kind, now: d.updated_at }
    upsert(
      db,
      `UPDATE budget_items SET category = @category, kind = @kind, allocated_amount = @allocated_amount,
         variance = @allocated_amount - actual_spent, updated_at = @updated_at WHERE _id = @_id AND budget_id = @budget_id`,
      () =>
        stmt(
          db,
          `INSERT INTO budget_items (_id, budget_id, category, kind, allocated_amount, actual_spent, variance,
             forecasted_spend, forecast_over, created_at, updated_at)
           VALUES (@_id, @budget_id, @category, @kind, @allocated_amount, 0, @allocated_amount, 0, 0, @created_at,
             @updated_at)`,
        ).run(params),
      params,
    )
  },
  suppliers(db, d) {
    const local = supplierById(db, d._id) as (ReturnType<typeof supplierById> & { updated_at: string }) | null
    // Conflict rule (decided), per document by timestamp: central's supplier whose updated_at is later than or
    // EQUAL to the local row's replaces it (central wins a tie: the catalogue is central's authority); an older
    // one is skipped, since the local edit is newer and is on its way to central through the outbox.
    if (local && !centralWins(d.updated_at, local.updated_at)) return 'kept'
    const same = supplierByName(db, d.name)
    if (same && same._id !== d._id)
      throw new Error(`name: a supplier named ${same.name} already exists on this terminal (${same._id})`)
    // A field central does not send keeps this terminal's value; one it sends as null is cleared.
    const sent = <K extends 'contact_name' | 'contact_email' | 'contact_phone' | 'address' | 'payment_terms'>(k: K) =>
      d[k] !== undefined ? d[k] : (local?.[k] ?? null)
    upsertSupplier(db, {
      _id: d._id,
      name: d.name,
      contact_name: sent('contact_name'),
      contact_email: sent('contact_email'),
      contact_phone: sent('contact_phone'),
      address: sent('address'),
      status: d.deleted_at ? 'inactive' : d.status,
      payment_terms: sent('payment_terms'),
      created_at: local?.created_at ?? d.created_at,
      updated_at: d.updated_at,
    })
  },
  products(db, d) {
    const local = productById(db, d._id)
    // Conflict rule (decided), per document by timestamp: a central product whose last_updated is later than or
    // EQUAL to the local row's replaces the local catalogue fields (central wins a tie: the catalogue is central's
    // authority); an older one is skipped, since the local edit is newer and is on its way to central through the
    // outbox. Either way quantity (and received_date) is this store's own count, moved only by this terminal's
    // sales, purchases received and adjustments: a pull never overwrites it. Central's products are the chain's
    // catalogue (no store_id), so its quantity is no store's count: a product new here starts at 0 and its stock
    // arrives by a purchase received (docs/decisions.md).
    if (local && !centralWins(d.last_updated, local.last_updated)) return 'kept'
    const quantity = local ? local.quantity : 0
    // A field central does not send keeps this terminal's value (a new product: the default); null clears it.
    const keep = <K extends keyof ProductRow>(k: K, fallback: ProductRow[K]): ProductRow[K] =>
      local ? local[k] : fallback
    const row: ProductRow = {
      _id: d._id,
      product_name: d.product_name,
      sku: d.sku,
      barcode: d.barcode !== undefined ? d.barcode : keep('barcode', null),
      category: d.category ?? keep('category', ''),
      description: d.description ?? keep('description', ''),
      quantity,
      price: d.price,
      supplier_id: d.supplier_id !== undefined ? d.supplier_id : keep('supplier_id', null),
      location: d.location ?? keep('location', ''),
      received_date: local ? local.received_date : (d.received_date ?? null),
      last_updated: d.last_updated,
      // Discontinued from central applies; otherwise in or out of stock follows this terminal's quantity.
      status: d.deleted_at || d.status === 'discontinued' ? 'discontinued' : quantity > 0 ? 'in_stock' : 'out_of_stock',
      tags: d.tags ? json(d.tags) : keep('tags', '[]'),
      image_url: d.image_url !== undefined ? d.image_url : keep('image_url', null),
      age_check: d.age_check != null ? (d.age_check ? 1 : 0) : keep('age_check', 0),
      created_at: local?.created_at ?? d.created_at ?? d.last_updated,
    }
    // The unique indexes (products_by_sku, products_by_barcode) would refuse these too; said here in words.
    const clash = clashOf(db, row, row._id)
    if (clash)
      throw new Error(
        `${clash.field}: ${clash.field === 'sku' ? row.sku : row.barcode} already belongs to ${clash.product_name} on this terminal`,
      )
    if (row.supplier_id && !supplierById(db, row.supplier_id))
      throw new Error(`supplier_id: no supplier ${row.supplier_id} on this terminal (not on central, or rejected)`)
    upsertProduct(db, row)
  },
}
