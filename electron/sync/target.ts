import type { Document } from 'bson'

/**
 * The slice of the MongoDB driver the sync engine uses. The official driver's
 * `Db` satisfies it structurally; the in-memory stand-in in tests implements
 * exactly these methods, so the same engine code runs against both.
 */
export interface TargetCursor {
  sort(spec: Record<string, 1 | -1>): TargetCursor
  limit(n: number): TargetCursor
  toArray(): Promise<Document[]>
}

export interface TargetCollection {
  insertMany(docs: Document[], options: { ordered: false }): Promise<{ insertedCount: number }>
  findOne(filter: Document): Promise<Document | null>
  find(filter: Document): TargetCursor
  updateOne(filter: Document, update: Document): Promise<{ matchedCount: number; modifiedCount: number }>
  createIndex(spec: Record<string, 1 | -1>, options?: { unique?: boolean; name?: string }): Promise<string>
}

export interface TargetDb {
  collection(name: string): TargetCollection
  /** Only provisioning uses these; a terminal never creates anything. */
  createCollection?(name: string, options?: Document): Promise<unknown>
  command?(cmd: Document): Promise<Document>
  listCollections?(filter?: Document): { toArray(): Promise<Document[]> }
}

/** A live connection: the engine closes it when it goes offline or stops. */
export interface TargetConnection {
  db: TargetDb
  close(): Promise<void>
}

export type Connect = () => Promise<TargetConnection>

/** Collections the terminal pushes to; each has a unique index wherever idempotency depends on one. */
export const PUSHED_COLLECTIONS = [
  'tickets',
  'sales',
  'inventory_movements',
  'audit_logs',
  'winning_claims',
  'cancellations',
  'shifts',
  'shift_movements',
  'reports',
  'inventory_adjustments',
  'notifications',
  'products',
  'suppliers',
  'inventory_transactions',
  'packs',
  'pack_events',
  'budgets',
  'budget_items',
  'budget_transactions',
  'users',
] as const
export type PushedCollection = (typeof PUSHED_COLLECTIONS)[number]

// winning_claims: payouts central knows of (another terminal, the lottery office), so validation can say "already paid".
// suppliers and products: the chain's merchandise catalogue (no store_id), suppliers first so a product finds its supplier.
// budgets and budget_items: a store's budgets head office set (this store's only; items carry the store_id too),
// budgets first so an item finds its budget.
export const CATALOG_COLLECTIONS = [
  'stores',
  'lotteries',
  'users',
  'draw_results',
  'inventory',
  'winning_claims',
  'suppliers',
  'products',
  'budgets',
  'budget_items',
] as const
export type CatalogCollection = (typeof CATALOG_COLLECTIONS)[number]

/**
 * The timestamp a collection's pull checkpoint reads: updated_at, except products, whose seed documents carry
 * last_updated (and no updated_at). The pull sorts and resumes on (this field, _id).
 */
export const CHECKPOINT_FIELD: { [C in CatalogCollection]: 'updated_at' | 'last_updated' } = {
  stores: 'updated_at',
  lotteries: 'updated_at',
  users: 'updated_at',
  draw_results: 'updated_at',
  inventory: 'updated_at',
  winning_claims: 'updated_at',
  suppliers: 'updated_at',
  products: 'last_updated',
  budgets: 'updated_at',
  budget_items: 'updated_at',
}
