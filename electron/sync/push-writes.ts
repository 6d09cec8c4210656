import type { Document } from 'bson'
import { oid, plain, sameDocument, toCentral } from './convert'
import { applyDecrements } from './decrement'
import { classifyError } from './errors'
import type { OutboxRow } from './repo'
import type { TargetDb } from './target'
import { DUPLICATE_KEY, writeFailures } from './write-errors'

/** What central said about each row of a batch; written locally in one transaction. */
export class Outcomes {
  ok: OutboxRow[] = []
  dead: { row: OutboxRow; code: number | null; reason: string }[] = []
  conflicts: { row: OutboxRow; central: unknown; reason: string }[] = []
  get size() {
    return this.ok.length + this.dead.length + this.conflicts.length
  }
}

/** Rows of one collection and op with their central documents, converted ahead of sending. */
export interface Group {
  rows: OutboxRow[]
  docs: Document[]
}

const OP_ORDER = { insert: 0, inventory_decrement: 1, update: 2 } as const

/**
 * The catalogue a terminal may also edit, and the timestamp its conflict rule compares (sync/catalog.ts): a
 * local edit reaches central only over an older document (central wins a tie), and a document central
 * edited since is the newer version, not a conflict. Stock moves carry no timestamp and always apply.
 */
const EDITED_CATALOGUE: Partial<Record<string, string>> = { products: 'last_updated', suppliers: 'updated_at' }

/**
 * Documents this terminal owns the definition of (a budget it made, and its items): central's copy is what
 * this terminal pushed. An insert that reached central before, edited there since, is put back as ours (the
 * later updates in the outbox follow it), never left as a conflict (docs/decisions.md, budgets).
 */
const OWNED = new Set(['budgets', 'budget_items'])

/** Central's document is at least as new as ours (by the catalogue's timestamp): ours is superseded. */
function supersededBy(collection: string, stored: Document, doc: Document): boolean {
  const field = EDITED_CATALOGUE[collection]
  if (!field || doc[field] === undefined || stored[field] === undefined) return false
  return new Date(stored[field] as Date).getTime() >= new Date(doc[field] as Date).getTime()
}

/**
 * One driver call per collection and op per batch. Inserts are independent
 * of each other on central, so a batch may send all its tickets in one
 * insertMany even though they interleave with sales in seq order; what does
 * depend on order keeps it: decrements stay in seq order (the stock marker
 * relies on it), and field updates run last, in seq order, after any insert
 * of the same batch they could refer to.
 */
export function groupBatch(
  rows: OutboxRow[],
  expand: (row: OutboxRow, payload: Record<string, unknown>) => Record<string, unknown> = (_r, p) => p,
): Group[] {
  const byKey = new Map<string, Group>()
  for (const r of rows) {
    const key = `${OP_ORDER[r.op]}:${r.collection}`
    let g = byKey.get(key)
    if (!g) byKey.set(key, (g = { rows: [], docs: [] }))
    g.rows.push(r)
    g.docs.push(toCentral(expand(r, JSON.parse(r.payload) as Record<string, unknown>)))
  }
  return [...byKey.entries()].sort((a, b) => a[0].charCodeAt(0) - b[0].charCodeAt(0)).map(([, g]) => g)
}

export interface WriteContext {
  target: TargetDb
  streamId: string
  readName: (collection: string) => string
  /** The $set fields of this document's later, still pending 'update' rows, in seq order. */
  laterUpdates: (row: OutboxRow) => Document[]
}

/**
 * Central may already show a later field update of this document when the
 * terminal stopped after central applied both but before it recorded either
 * (they commit together locally). Equal to the insert, or to the insert with
 * a prefix of those pending updates applied, is "already applied".
 */
function matchesAnyPrefix(stored: Document, doc: Document, updates: Document[], stampedByCentral: boolean): boolean {
  if (stampedByCentral) {
    const { updated_at: _s, ...s } = stored
    const { updated_at: _d, ...d } = doc
    return matchesAnyPrefix(s, d, updates, false)
  }
  if (sameDocument(stored, doc)) return true
  let expected = doc
  for (const set of updates) {
    expected = { ...expected, ...set }
    if (sameDocument(stored, expected)) return true
  }
  return false
}

export async function writeGroup(ctx: WriteContext, g: Group, out: Outcomes): Promise<void> {
  const op = g.rows[0].op
  if (op === 'insert') return insertGroup(ctx, g, out)
  if (op === 'inventory_decrement') {
    const ledger = new Outcomes()
    await insertGroup(ctx, g, ledger)
    out.dead.push(...ledger.dead)
    out.conflicts.push(...ledger.conflicts)
    return applyDecrements(ctx.target, ctx.streamId, ledger.ok, out, ctx.readName('inventory'))
  }
  for (let i = 0; i < g.rows.length; i++) await updateOne(ctx.target, g.rows[i], g.docs[i], out)
}

/**
 * Unordered insertMany with the client _id. A duplicate key is "already
 * applied" only when the stored document equals ours; anything else there is
 * a conflict, kept and shown.
 */
async function insertGroup(ctx: WriteContext, { rows, docs }: Group, out: Outcomes): Promise<void> {
  const collection = rows[0].collection
  let failures: ReturnType<typeof writeFailures> = []
  try {
    await ctx.target.collection(collection).insertMany(docs, { ordered: false })
  } catch (err) {
    failures = writeFailures(err)
    if (!failures) throw err
  }
  const failed = new Map(failures.map((f) => [f.index, f]))
  const dupIdx: number[] = []
  for (let i = 0; i < rows.length; i++) {
    const f = failed.get(i)
    if (!f) out.ok.push(rows[i])
    else if (f.code === DUPLICATE_KEY) dupIdx.push(i)
    else {
      const c = classifyError({ code: f.code, message: f.message })
      if (c.kind !== 'rejected') throw Object.assign(new Error(f.message), { code: f.code })
      out.dead.push({ row: rows[i], code: f.code, reason: `Central rejected it: ${f.message}` })
    }
  }
  if (dupIdx.length === 0) return
  const existing = await ctx.target
    .collection(ctx.readName(collection))
    .find({ _id: { $in: dupIdx.map((i) => docs[i]._id) } })
    .toArray()
  const byId = new Map(existing.map((d) => [String(plain(d._id)), d]))
  for (const i of dupIdx) {
    const stored = byId.get(String(plain(docs[i]._id)))
    // Our insert reached central before (its acknowledgement was lost), and central edited it since.
    if (
      stored &&
      (matchesAnyPrefix(stored, docs[i], ctx.laterUpdates(rows[i]), collection === 'users') ||
        supersededBy(collection, stored, docs[i]))
    )
      out.ok.push(rows[i])
    else if (stored && OWNED.has(collection)) {
      const { _id, ...fields } = docs[i]
      await ctx.target.collection(collection).updateOne({ _id }, { $set: fields })
      out.ok.push(rows[i])
    } else if (stored)
      out.conflicts.push({
        row: rows[i],
        // A user's PIN verifier is never copied into this terminal's conflict records.
        central: plain(collection === 'users' ? { ...stored, password_hash: undefined } : stored),
        reason: 'Central already holds a different document with this id.',
      })
    else {
      const msg = failed.get(i)!.message
      out.conflicts.push({
        row: rows[i],
        central: null,
        reason: `Another document on central has the same unique key: ${msg}`,
      })
    }
  }
}

/**
 * A field update ($set of the payload's fields): idempotent, and in-order push means its insert went first. A
 * catalogue edit applies only over an older document: central's newer one stands (the pull brings it here).
 */
async function updateOne(target: TargetDb, row: OutboxRow, doc: Document, out: Outcomes): Promise<void> {
  const { _id, ...fields } = doc
  const id = _id ?? oid(row.doc_id)
  if (row.collection === 'users') return setUserFields(target, row, id, fields, out)
  const field = EDITED_CATALOGUE[row.collection]
  const stamp = field ? fields[field] : undefined
  const filter =
    stamp === undefined
      ? { _id: id }
      : { _id: id, $or: [{ [field!]: { $lt: stamp } }, { [field!]: { $exists: false } }] }
  const r = await target.collection(row.collection).updateOne(filter, { $set: fields })
  if (r.matchedCount === 1) out.ok.push(row)
  else if (stamp !== undefined && (await target.collection(row.collection).findOne({ _id: id }))) out.ok.push(row)
  else out.dead.push({ row, code: null, reason: `${row.collection} ${row.doc_id} does not exist on central.` })
}

/**
 * A user's edit made here (only the fields it changed) or a PIN set here (sync/pin-handoff.ts). Applied as it
 * arrives: central is where the store's terminals meet, so the edit that reaches it last stands, field by
 * field, and no terminal's clock decides (their clocks differ). Central stamps updated_at itself
 * ($currentDate), so a change that arrives late is still after what the other terminals have pulled, and they
 * pull it. One write: a retry after a lost acknowledgement sets the same fields again.
 */
async function setUserFields(
  target: TargetDb,
  row: OutboxRow,
  id: unknown,
  fields: Document,
  out: Outcomes,
): Promise<void> {
  const { updated_at: _local, ...set } = fields
  // A PIN replaced here by a newer one from central before it went: nothing of it to send.
  if (set.pin_set_at !== undefined && set.password_hash === undefined) return void out.ok.push(row)
  // A deactivation or reactivation made here applies only over what the store itself decided: a user head
  // office deactivated stays so (status_by names who set the status; head office's documents carry none).
  const filter =
    set.status === undefined
      ? { _id: id }
      : set.status === 'inactive'
        ? { _id: id, status: { $ne: 'inactive' } }
        : { _id: id, $or: [{ status: 'active' }, { status_by: set.status_by }] }
  try {
    const users = target.collection('users')
    const r = await users.updateOne(filter, { $set: set, $currentDate: { updated_at: true } })
    if (r.matchedCount === 1) out.ok.push(row)
    else if (set.status === 'active' && (await users.findOne({ _id: id }))) {
      // Head office's deactivation stands: stamped again, so this terminal pulls it back over its reactivation.
      await users.updateOne({ _id: id }, { $currentDate: { updated_at: true } })
      out.ok.push(row)
    } else if (set.status === 'inactive' && (await users.findOne({ _id: id }))) out.ok.push(row)
    else out.dead.push({ row, code: null, reason: `users ${row.doc_id} does not exist on central.` })
  } catch (err) {
    // A username taken at another store (central's index is chain-wide): this edit can never apply.
    const code = (err as { code?: unknown }).code
    if (code !== DUPLICATE_KEY) throw err
    out.dead.push({ row, code, reason: `Central refused it: ${(err as Error).message}` })
  }
}
