import type { Document } from 'bson'
import { oid } from './convert'
import { FLEET_COLLECTION, FLEET_CONTROLS } from './heartbeat'
import { CATALOG_COLLECTIONS, CHECKPOINT_FIELD, PUSHED_COLLECTIONS, type TargetDb } from './target'

interface IndexSpec {
  collection: string
  spec: Record<string, 1 | -1>
  unique?: boolean
}

/**
 * Unique where idempotency or identity depends on it: _id is always unique
 * (inserts and the movement ledger are keyed by the client id), a ticket
 * number is unique across the fleet, a game code and a username are unique.
 * The (updated_at, _id) indexes serve the pull's checkpoint query (products: last_updated, their seed field).
 */
export const INDEXES: IndexSpec[] = [
  { collection: 'tickets', spec: { ticket_number: 1 }, unique: true },
  { collection: 'tickets', spec: { store_id: 1, purchase_datetime: 1 } },
  { collection: 'sales', spec: { store_id: 1, sale_time: 1 } },
  { collection: 'sales', spec: { transaction_id: 1 } },
  { collection: 'inventory_movements', spec: { inventory_id: 1, created_at: 1 } },
  { collection: 'audit_logs', spec: { device_info: 1, seq: 1 } },
  // One payout per ticket and one cancellation per ticket across the fleet: a second terminal's attempt
  // reaches central as a duplicate key on another _id, which the engine keeps and shows as a conflict.
  { collection: 'winning_claims', spec: { ticket_number: 1 }, unique: true },
  { collection: 'cancellations', spec: { ticket_id: 1 }, unique: true },
  // A terminal's shift numbers and Z numbers are its own sequences: unique per device.
  { collection: 'shifts', spec: { device_id: 1, shift_number: 1 }, unique: true },
  { collection: 'shifts', spec: { store_id: 1, business_day: 1 } },
  { collection: 'shift_movements', spec: { shift_id: 1 } },
  { collection: 'reports', spec: { store_id: 1, report_type: 1, created_at: 1 } },
  { collection: 'reports', spec: { device_id: 1, kind: 1, z_number: 1 } },
  { collection: 'inventory_adjustments', spec: { inventory_id: 1, adjustment_date: 1 } },
  { collection: 'notifications', spec: { user_id: 1, is_read: 1, created_at: 1 } },
  { collection: 'products', spec: { sku: 1 }, unique: true },
  { collection: 'packs', spec: { lottery_id: 1, pack_number: 1 }, unique: true },
  { collection: 'pack_events', spec: { pack_id: 1, created_at: 1 } },
  { collection: 'inventory_transactions', spec: { reference_number: 1, product_id: 1 } },
  { collection: 'budgets', spec: { store_id: 1, start_date: 1 } },
  { collection: 'budget_items', spec: { budget_id: 1 } },
  { collection: 'budget_transactions', spec: { budget_item_id: 1, transaction_date: 1 } },
  { collection: 'lotteries', spec: { code: 1 }, unique: true },
  { collection: 'users', spec: { username: 1 }, unique: true },
  { collection: 'inventory', spec: { store_id: 1, lottery_id: 1, batch_number: 1 }, unique: true },
  ...CATALOG_COLLECTIONS.map((collection) => ({
    collection,
    spec: { [CHECKPOINT_FIELD[collection]]: 1 as const, _id: 1 as const },
  })),
  { collection: 'users', spec: { store_id: 1, updated_at: 1, _id: 1 } },
  // The fleet: one document per terminal, found by its device id; the fleet view lists a store's.
  { collection: FLEET_COLLECTION, spec: { device_id: 1 }, unique: true },
  { collection: FLEET_COLLECTION, spec: { store_id: 1, terminal_number: 1 } },
  { collection: FLEET_CONTROLS, spec: { device_id: 1 }, unique: true },
  { collection: 'inventory', spec: { store_id: 1, updated_at: 1, _id: 1 } },
]

/** Collections a terminal may only see its own store's part of, through a read-only view. */
export const STORE_SCOPED = [
  'stores',
  'users',
  'inventory',
  'tickets',
  'sales',
  'inventory_movements',
  'winning_claims',
  'cancellations',
  'shifts',
  'shift_movements',
  'reports',
  'pos_device_controls',
  'budgets',
  'budget_items',
] as const

export const storeViewName = (collection: string, storeId: string) => `store_${storeId}_${collection}`

/** The engine's readName for a least-privilege terminal: store-scoped reads go through its views. */
export function storeViewReader(storeId: string): (collection: string) => string {
  const scoped = new Set<string>(STORE_SCOPED)
  return (collection) => (scoped.has(collection) ? storeViewName(collection, storeId) : collection)
}

export const TERMINAL_ROLE = 'posTerminal'
export const storeRoleName = (storeId: string) => `${TERMINAL_ROLE}_${storeId}`

/**
 * Insert on what terminals push, update on tickets (status after a payout or
 * cancellation) and on inventory (the guarded decrement), find on the shared
 * catalogue (games, results, suppliers and products: no store_id, read whole);
 * every read of store data goes through that store's views, granted by the
 * per-store role.
 */
export function terminalRole(dbName: string): Document {
  const on = (collection: string, actions: string[]) => ({ resource: { db: dbName, collection }, actions })
  return {
    createRole: TERMINAL_ROLE,
    privileges: [
      // Audit entries carry no store id to scope a view on, so their duplicate check reads the collection.
      ...PUSHED_COLLECTIONS.map((c) =>
        on(
          c,
          c === 'audit_logs'
            ? ['insert', 'find']
            : c === 'tickets' ||
                c === 'shifts' ||
                c === 'notifications' ||
                c === 'inventory_transactions' ||
                c === 'packs' ||
                c === 'budgets' ||
                c === 'budget_items' ||
                c === 'users'
              ? ['insert', 'update']
              : c === 'products' || c === 'suppliers'
                ? ['insert', 'update', 'find']
                : ['insert'],
        ),
      ),
      // Its own heartbeat document. Central's word on it (pos_device_controls) it only reads, through its store's view.
      on(FLEET_COLLECTION, ['insert', 'update']),
      // A batch received at the counter is inserted (empty: its restock movement fills it, as every change does).
      on('inventory', ['insert', 'update']),
      on('lotteries', ['find']),
      on('draw_results', ['find']),
    ],
    roles: [],
  }
}

export function storeRole(dbName: string, storeId: string): Document {
  return {
    createRole: storeRoleName(storeId),
    privileges: STORE_SCOPED.map((c) => ({
      resource: { db: dbName, collection: storeViewName(c, storeId) },
      actions: ['find'],
    })),
    roles: [{ role: TERMINAL_ROLE, db: dbName }],
  }
}

export function createUserCommand(dbName: string, storeId: string, user = `pos-${storeId.slice(-6)}-01`): string {
  return `db.getSiblingDB('${dbName}').createUser({ user: '${user}', pwd: passwordPrompt(), roles: [{ role: '${storeRoleName(storeId)}', db: '${dbName}' }] })`
}

export interface ProvisionReport {
  collections: string[]
  indexes: string[]
  views: string[]
  roles: { name: string; result: string }[]
  createUser: string[]
}

const codeOf = (err: unknown) => (err as { code?: number }).code

/** Idempotent: run it again after adding a store, or after an upgrade adds an index. */
export async function provisionCentral(
  db: TargetDb,
  opts: { dbName: string; storeIds: string[] },
): Promise<ProvisionReport> {
  const report: ProvisionReport = { collections: [], indexes: [], views: [], roles: [], createUser: [] }
  const all = [...new Set<string>([...PUSHED_COLLECTIONS, ...CATALOG_COLLECTIONS, FLEET_COLLECTION, FLEET_CONTROLS])]
  const existing = new Set((await db.listCollections?.().toArray())?.map((c) => c.name as string) ?? [])
  for (const name of all) {
    if (!existing.has(name)) await ignore(48, () => db.createCollection?.(name))
    report.collections.push(name)
  }
  for (const ix of INDEXES)
    report.indexes.push(
      `${ix.collection}.${await db.collection(ix.collection).createIndex(ix.spec, { unique: ix.unique })}`,
    )
  for (const storeId of opts.storeIds) {
    for (const c of STORE_SCOPED) {
      const name = storeViewName(c, storeId)
      const match = c === 'stores' ? { _id: oid(storeId) } : { store_id: oid(storeId) }
      if (!existing.has(name))
        await ignore(48, () => db.createCollection?.(name, { viewOn: c, pipeline: [{ $match: match }] }))
      report.views.push(name)
    }
  }
  const roles = [terminalRole(opts.dbName), ...opts.storeIds.map((s) => storeRole(opts.dbName, s))]
  for (const role of roles)
    report.roles.push({ name: role.createRole as string, result: await upsertRole(db, role, opts.dbName) })
  report.createUser = opts.storeIds.map((s) => createUserCommand(opts.dbName, s))
  return report
}

/**
 * The MongoDB stand-in's own refusal of a command it does not model (CommandNotSupported, marked
 * `standin: true`, naming the command; see tests/support/mongo-standin-refuse.ts). A real server never
 * marks an error so: its CommandNotSupported, like any other refusal, is a real failure.
 */
export function isStandinUnsupported(err: unknown, command: string): boolean {
  const e = err as { code?: unknown; codeName?: unknown; standin?: unknown; unsupportedCommand?: unknown } | null
  return (
    e?.code === 115 && e.codeName === 'CommandNotSupported' && e.standin === true && e.unsupportedCommand === command
  )
}

/**
 * Creates the role, or updates it when it exists. Only the stand-in's known gap (no users or roles) is
 * reported as skipped; any other failure throws, since without the role no terminal user can be made.
 */
async function upsertRole(db: TargetDb, role: Document, dbName: string): Promise<string> {
  const name = role.createRole as string
  const failed = (verb: string, err: unknown) =>
    new Error(
      `could not ${verb} the role ${name} in ${dbName}: ${(err as Error).message ?? String(err)}. ` +
        `The terminals' least-privilege role does not exist or is out of date, so their users cannot be created. ` +
        `Run central:provision as a user allowed to manage roles (userAdmin on ${dbName}); ` +
        `collections, indexes and views are in place and running it again is safe.`,
      { cause: err },
    )
  if (!db.command) throw failed('create', new Error('this connection cannot run commands'))
  try {
    await db.command(role)
    return 'created'
  } catch (err) {
    if (isStandinUnsupported(err, 'createRole')) return `skipped: ${(err as Error).message}`
    if (codeOf(err) !== 51002) throw failed('create', err)
  }
  const { createRole, ...rest } = role
  try {
    await db.command({ updateRole: createRole, ...rest })
    return 'updated'
  } catch (err) {
    throw failed('update', err)
  }
}

async function ignore(code: number, fn: () => Promise<unknown> | undefined) {
  try {
    await fn()
  } catch (err) {
    if (codeOf(err) !== code) throw err
  }
}
