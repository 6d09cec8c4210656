import { EJSON, type Document } from 'bson'
import { inTransaction, type WriteDB } from '../store/db'
import { catalogChanged } from '../catalog/repo'
import { applyCatalog, catalogSchemas, type Applied } from './catalog'
import { oid, plain } from './convert'
import { clearPullReject, getCheckpoint, recordPullReject, setCheckpoint, type Checkpoint } from './repo'
import { CATALOG_COLLECTIONS, CHECKPOINT_FIELD, type CatalogCollection, type TargetDb } from './target'

export interface PullDeps {
  db: WriteDB
  target: TargetDb
  clock: () => Date
  storeId: string
  /** Where a collection is read from: the per-store view a least-privilege terminal user may read, or the collection itself. */
  readName?: (collection: string) => string
  batchSize?: number
}

export interface PullResult {
  applied: number
  /** Valid central documents older than this terminal's row, left as they are (products and suppliers). */
  kept: number
  rejected: { collection: string; doc_id: string; reason: string }[]
}

/**
 * Stores first, then games, so users, draws and stock that refer to them find them; suppliers before
 * products, so a product finds its supplier.
 */
export const PULL_ORDER: CatalogCollection[] = [...CATALOG_COLLECTIONS]

// Games, results, suppliers and products are the chain's catalogue (no store_id): the whole collection is read.
function scope(collection: CatalogCollection, storeId: string): Document {
  if (collection === 'stores') return { _id: oid(storeId) }
  if (
    collection === 'users' ||
    collection === 'inventory' ||
    collection === 'winning_claims' ||
    collection === 'budgets' ||
    collection === 'budget_items'
  )
    return { store_id: oid(storeId) }
  return {}
}

// The checkpoint keeps the last _id as canonical Extended JSON, so an _id of any BSON type round-trips exactly.
const idToText = (id: unknown) => EJSON.stringify(id as Document, { relaxed: false })
const idFromText = (text: string) => EJSON.parse(text, { relaxed: false }) as unknown

/** After the checkpoint, on `field` (CHECKPOINT_FIELD: updated_at, or products' last_updated); the row keeps it as updated_at. */
export function checkpointFilter(cp: Checkpoint | null, field: string = 'updated_at'): Document {
  if (!cp) return { [field]: { $gte: new Date(0) } }
  const t = new Date(cp.updated_at)
  return { $or: [{ [field]: { $gt: t } }, { [field]: t, _id: { $gt: idFromText(cp.last_id) } }] }
}

/**
 * Pulls each catalogue collection after its (updated_at, _id) checkpoint (products: last_updated).
 * Central's timestamps are Dates; a document whose timestamp is anything else is not matched.
 * Every batch is applied in ONE local transaction with its checkpoint, so a
 * crash re-pulls at most that batch. A document that fails validation or a
 * local constraint is skipped and reported; the checkpoint still moves past
 * it, or one bad document would block the catalogue forever.
 */
export async function pullCatalog(deps: PullDeps): Promise<PullResult> {
  const result: PullResult = { applied: 0, kept: 0, rejected: [] }
  const limit = deps.batchSize ?? 500
  for (const collection of PULL_ORDER) {
    const source = deps.readName?.(collection) ?? collection
    const field = CHECKPOINT_FIELD[collection]
    for (;;) {
      const filter = {
        $and: [scope(collection, deps.storeId), checkpointFilter(getCheckpoint(deps.db, collection), field)],
      }
      const docs = await deps.target
        .collection(source)
        .find(filter)
        .sort({ [field]: 1, _id: 1 })
        .limit(limit)
        .toArray()
      if (docs.length === 0) break
      applyBatch(deps, collection, docs, result)
      if (docs.length < limit) break
    }
  }
  return result
}

function applyBatch(deps: PullDeps, collection: CatalogCollection, docs: Document[], result: PullResult) {
  const now = deps.clock().toISOString()
  const schema = catalogSchemas[collection]
  const apply = applyCatalog[collection] as (db: WriteDB, d: unknown) => Applied
  // Whatever happened (committed, rolled back, a document dropped by its savepoint), the in-memory store and
  // game rows are read again from what is now in the file.
  try {
    applyInTransaction(deps, collection, docs, result, apply, schema, now)
  } finally {
    catalogChanged(deps.db)
  }
}

function applyInTransaction(
  deps: PullDeps,
  collection: CatalogCollection,
  docs: Document[],
  result: PullResult,
  apply: (db: WriteDB, d: unknown) => Applied,
  schema: (typeof catalogSchemas)[CatalogCollection],
  now: string,
) {
  inTransaction(deps.db, () => {
    for (const raw of docs) {
      const docId = String(plain(raw._id))
      const parsed = schema.safeParse(plain(raw))
      let reason: string | null = null
      let outcome: Applied = undefined
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        reason = `${issue.path.join('.') || 'document'}: ${issue.message}`
      } else {
        try {
          // A savepoint per document: a constraint failure drops that document, not the batch.
          outcome = deps.db.transaction(() => apply(deps.db, parsed.data))()
        } catch (err) {
          reason = err instanceof Error ? err.message : String(err)
        }
      }
      if (reason) {
        recordPullReject(deps.db, { collection, doc_id: docId, reason, seen_at: now })
        result.rejected.push({ collection, doc_id: docId, reason })
      } else {
        clearPullReject(deps.db, collection, docId)
        if (outcome === 'kept') result.kept++
        else result.applied++
      }
    }
    const last = docs[docs.length - 1]
    setCheckpoint(
      deps.db,
      collection,
      { updated_at: (last[CHECKPOINT_FIELD[collection]] as Date).toISOString(), last_id: idToText(last._id) },
      now,
    )
  })
}
