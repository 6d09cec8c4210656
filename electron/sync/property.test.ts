import fc from 'fast-check'
import { ObjectId, type Document } from 'bson'
import { describe, expect, it } from 'vitest'
import { PosError } from '../../shared/errors'
import { plain, sameDocument, toCentral } from './convert'
import { pullCatalog } from './pull'
import { pushOutbox } from './push'
import { syncCounts } from './repo'
import { presented } from '../../tests/support/backend'
import { openKit, type Kit } from './test-kit'

type Step =
  | { kind: 'sell'; code: 'PICK3' | 'LOTTO' | 'KENO'; quantity: number }
  | { kind: 'sync' }
  | { kind: 'fault'; afterWrites: number; when: 'before' | 'after' | 'partial' }
  | { kind: 'offline' }
  | { kind: 'restart' }
  | { kind: 'cancel' }

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('sell' as const),
      code: fc.constantFrom('PICK3', 'LOTTO', 'KENO'),
      quantity: fc.integer({ min: 1, max: 4 }),
    }),
    weight: 5,
  },
  { arbitrary: fc.constant({ kind: 'sync' as const }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('fault' as const),
      afterWrites: fc.integer({ min: 0, max: 6 }),
      when: fc.constantFrom('before', 'after', 'partial'),
    }),
    weight: 3,
  },
  { arbitrary: fc.constant({ kind: 'offline' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'restart' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'cancel' as const }), weight: 1 },
)

async function play(k: Kit, steps: Step[]) {
  for (const s of steps) {
    if (s.kind === 'sell') {
      try {
        await k.sell(s.code, s.quantity)
      } catch (err) {
        if (!(err instanceof PosError && err.code === 'OUT_OF_STOCK')) throw err
      }
    } else if (s.kind === 'fault') {
      k.t.faulty.injectFault(s.afterWrites, s.when)
      await k.engine({ batchSize: 7 }).syncNow()
    } else if (s.kind === 'offline') {
      k.t.faulty.offline = true
      await k.engine().syncNow()
      k.t.faulty.offline = false
    } else if (s.kind === 'cancel') {
      // A cancellation queues a positive stock movement and a field update of an already queued ticket.
      const t = k.b.ctx.db
        .prepare(
          "SELECT _id FROM tickets WHERE status = 'sold' AND lottery_id = ? ORDER BY purchase_datetime DESC, _id DESC LIMIT 1",
        )
        .get(k.b.gameId('PICK3')) as { _id: string } | undefined
      if (t) {
        try {
          await k.b.call(k.session, 'ticket-cancel', { input: presented(k.b, t._id), reason: 'customer changed mind' })
        } catch (err) {
          if (!(err instanceof PosError)) throw err
        }
      }
    } else if (s.kind === 'restart') await k.restart()
    else await k.engine({ batchSize: 7 }).syncNow()
  }
  k.t.faulty.clearFaults()
  k.t.faulty.offline = false
}

async function assertConverged(k: Kit, initial: Map<string, number>) {
  const db = k.b.ctx.db
  const report = await k.engine().syncNow()
  expect(report.error).toBeNull()
  expect(db.prepare("SELECT status, COUNT(*) AS n FROM outbox WHERE status <> 'acked' GROUP BY status").all()).toEqual(
    [],
  )
  for (const c of ['tickets', 'sales', 'inventory_movements', 'audit_logs', 'cancellations']) {
    const central = await k.t.all(c)
    const local = (db.prepare(`SELECT _id FROM ${c} ORDER BY _id`).all() as { _id: string }[]).map((r) => r._id)
    // Exactly once: every local record, no extra, no duplicate.
    expect(central.map((d) => (d._id as ObjectId).toHexString()).sort(), c).toEqual(local)
  }
  const byId = new Map((await k.t.all('tickets')).map((d) => [(d._id as ObjectId).toHexString(), d]))
  for (const r of db.prepare('SELECT _id, status FROM tickets').all() as { _id: string; status: string }[]) {
    expect(byId.get(r._id)?.status, `ticket ${r._id}`).toBe(r.status)
  }
  // Each central ticket is its insert with its field updates applied in order, nothing else.
  const expectedTickets = new Map<string, Document>()
  const ticketRows = db
    .prepare("SELECT doc_id, op, payload FROM outbox WHERE collection = 'tickets' ORDER BY seq")
    .all() as {
    doc_id: string
    op: string
    payload: string
  }[]
  for (const r of ticketRows) {
    expectedTickets.set(r.doc_id, { ...expectedTickets.get(r.doc_id), ...toCentral(JSON.parse(r.payload)) })
  }
  for (const [id, expected] of expectedTickets) expect(sameDocument(byId.get(id) as Document, expected), id).toBe(true)
  // The pull copies central's figure back, so local == central alone could hide a double count:
  // both must equal the starting stock plus every movement this terminal recorded.
  const sold = new Map(
    (
      db
        .prepare('SELECT inventory_id, SUM(quantity_delta) AS d FROM inventory_movements GROUP BY inventory_id')
        .all() as { inventory_id: string; d: number }[]
    ).map((r) => [r.inventory_id, r.d]),
  )
  const expected = new Map([...initial].map(([id, n]) => [id, n + (sold.get(id) ?? 0)]))
  expect(await k.centralStock()).toEqual(expected)
  expect(k.localStock()).toEqual(expected)
  // The status bar's figures, kept by triggers through every push, failure and restart, equal a recount.
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n
  expect(syncCounts(db)).toEqual({
    pending: n("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'"),
    dead: n("SELECT COUNT(*) AS n FROM outbox WHERE status = 'dead'"),
    conflicts: n('SELECT COUNT(*) AS n FROM sync_conflicts'),
    rejects: n('SELECT COUNT(*) AS n FROM sync_pull_rejects'),
  })
}

// SYNC_PROPERTY_RUNS=200 for a longer hunt; the default keeps the suite to a few seconds.
const RUNS = Number(process.env.SYNC_PROPERTY_RUNS ?? 25)

describe('push under random sales, restarts and failures (fast-check)', () => {
  it(
    'leaves central with every local record exactly once and the same stock figures',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 14 }), async (steps) => {
          const k = await openKit('property')
          try {
            const initial = await k.centralStock()
            await play(k, steps)
            await assertConverged(k, initial)
          } finally {
            await k.close()
          }
        }),
        { numRuns: RUNS },
      )
    },
    20_000 + RUNS * 1_000,
  )
})

// ---- products and suppliers: local edits, central edits, pushes, pulls, faults and restarts ----

type CatalogueStep =
  | { kind: 'edit'; p: number; price: number }
  | { kind: 'add' }
  | { kind: 'discontinue'; p: number }
  | { kind: 'receive'; p: number; quantity: number }
  | { kind: 'supplier'; s: number }
  | {
      kind: 'central'
      p: number
      back: 0 | 1 | 2
      price: number
      status: 'in_stock' | 'out_of_stock' | 'discontinued'
      quantity: number
    }
  | { kind: 'central-add'; supplier: 0 | 1 | 2; quantity: number }
  | { kind: 'central-supplier'; s: number; back: 0 | 1 | 2 }
  | { kind: 'push' }
  | { kind: 'pull' }
  | { kind: 'sync' }
  | { kind: 'fault'; afterWrites: number; when: 'before' | 'after' | 'partial' }
  | { kind: 'offline' }
  | { kind: 'restart' }

const back = fc.constantFrom(0 as const, 1 as const, 2 as const)
const catalogueStep: fc.Arbitrary<CatalogueStep> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant('edit' as const), p: fc.nat(), price: fc.integer({ min: 1, max: 999 }) }),
    weight: 3,
  },
  { arbitrary: fc.constant({ kind: 'add' as const }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('discontinue' as const), p: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('receive' as const),
      p: fc.nat(),
      quantity: fc.integer({ min: 1, max: 9 }),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('supplier' as const), s: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('central' as const),
      p: fc.nat(),
      back,
      price: fc.integer({ min: 1, max: 999 }),
      status: fc.constantFrom('in_stock' as const, 'out_of_stock' as const, 'discontinued' as const),
      quantity: fc.integer({ min: 0, max: 50 }),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('central-add' as const),
      supplier: fc.constantFrom(0 as const, 1 as const, 2 as const),
      quantity: fc.integer({ min: 0, max: 9 }),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('central-supplier' as const), s: fc.nat(), back }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'push' as const }), weight: 2 },
  { arbitrary: fc.constant({ kind: 'pull' as const }), weight: 2 },
  { arbitrary: fc.constant({ kind: 'sync' as const }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('fault' as const),
      afterWrites: fc.integer({ min: 0, max: 4 }),
      when: fc.constantFrom('before' as const, 'after' as const, 'partial' as const),
    }),
    weight: 2,
  },
  { arbitrary: fc.constant({ kind: 'offline' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'restart' as const }), weight: 1 },
)

type Catalogued = 'products' | 'suppliers'
const STAMP: Record<Catalogued, 'last_updated' | 'updated_at'> = { products: 'last_updated', suppliers: 'updated_at' }

/** The fields the conflict rule is about, in one form whether read from SQLite or from central. */
function catalogue(collection: Catalogued, r: Record<string, unknown>, local: boolean): Record<string, unknown> {
  if (collection === 'suppliers') {
    const { name, contact_name, contact_email, contact_phone, address, payment_terms, status } = r
    return { name, contact_name, contact_email, contact_phone, address, payment_terms, status }
  }
  return {
    product_name: r.product_name,
    sku: r.sku,
    barcode: r.barcode ?? null,
    category: r.category,
    description: r.description,
    price: r.price,
    supplier_id: r.supplier_id ?? null,
    location: r.location,
    tags: local ? JSON.parse(r.tags as string) : r.tags,
    image_url: r.image_url ?? null,
    age_check: local ? r.age_check === 1 : r.age_check === true,
    discontinued: r.status === 'discontinued',
  }
}

/** One version of a document: what it was at one timestamp, made here or on central. */
interface Version {
  t: number
  central: boolean
  fields: Record<string, unknown>
  /**
   * A local discontinue: its push sets only the status and the stamp, so over a central edit this terminal
   * refused as older, central's document becomes that edit, discontinued, at the discontinue's time.
   */
  patch?: true
}

interface Tracked {
  collection: Catalogued
  id: string
  /** Every local version, and every central version some pull of this terminal read. */
  versions: Version[]
  /** A central version no pull has read yet, with central's document as it was written. */
  unread: { v: Version; doc: Document } | null
  /** Products: the quantity the first pull took from central (0 for one made here), and what was received since. */
  firstQuantity: number | null
  received: number
}

/**
 * Plays the steps and keeps, for each product and supplier, every version the terminal could know: its own
 * edits, and central's documents that a pull read. A central edit that a push replaced before any pull read
 * it (the push of a local edit is a plain field update: see the known gap in products-pull.test.ts) never
 * reached this terminal and is not a version here.
 */
class CatalogueModel {
  docs = new Map<string, Tracked>()
  centralClock: Record<Catalogued, number> = { products: 0, suppliers: 0 }
  counter = 0
  manager = ''
  localSupplier = ''
  centralSupplier = ''
  constructor(readonly k: Kit) {}

  row(collection: Catalogued, id: string) {
    return this.k.b.ctx.db.prepare(`SELECT * FROM ${collection} WHERE _id = ?`).get(id) as
      Record<string, unknown> | undefined
  }
  track(collection: Catalogued, id: string, firstQuantity: number | null): Tracked {
    let d = this.docs.get(id)
    if (!d) this.docs.set(id, (d = { collection, id, versions: [], unread: null, firstQuantity, received: 0 }))
    return d
  }
  /** After a local edit: the row as it now is, a version at its own timestamp. */
  localVersion(collection: Catalogued, id: string, patch = false) {
    const r = this.row(collection, id)!
    this.track(collection, id, collection === 'products' ? 0 : null).versions.push({
      t: Date.parse(r[STAMP[collection]] as string),
      central: false,
      fields: catalogue(collection, r, true),
      ...(patch ? { patch: true as const } : {}),
    })
  }
  local(collection: Catalogued): string[] {
    return (this.k.b.ctx.db.prepare(`SELECT _id FROM ${collection} ORDER BY _id`).all() as { _id: string }[]).map(
      (r) => r._id,
    )
  }
  /**
   * Central's timestamps only move forward (the pull's checkpoint relies on it), but may equal or trail the
   * terminal's clock by a second or two: a tie with a local edit, or an older document, is possible.
   */
  async centralStamp(collection: Catalogued, backSeconds: number): Promise<Date> {
    for (const d of await this.k.t.all(collection)) {
      const v = d[STAMP[collection]]
      if (v instanceof Date) this.centralClock[collection] = Math.max(this.centralClock[collection], v.getTime())
    }
    const t = Math.max(this.k.b.clock().getTime() - backSeconds * 1000, this.centralClock[collection] + 1)
    this.centralClock[collection] = t
    return new Date(t)
  }
  async centralWrite(collection: Catalogued, id: string, t: Date, write: () => Promise<unknown>) {
    await write()
    const doc = (await this.k.t.db.collection(collection).findOne({ _id: ObjectId.createFromHexString(id) }))!
    const d = this.track(collection, id, null)
    d.unread = {
      v: { t: t.getTime(), central: true, fields: catalogue(collection, plain(doc) as Record<string, unknown>, false) },
      doc,
    }
  }
  /**
   * After anything that may have pushed, for each central version no pull has read yet: a push that set the
   * document's timestamp to text (a product edit here) took it out of any pull's reach; one that left a Date
   * (a stock move's quantity and status, which carry no timestamp; a supplier edit here, whose updated_at is a
   * Date) left central's document, as it now is, for the next pull.
   */
  async afterPush() {
    for (const d of this.docs.values()) {
      // A discontinue that reached central merged into central's document there: a version for the next pull.
      const mine = d.versions.filter((v) => !v.central).at(-1)
      if (d.unread || !mine?.patch) continue
      const doc = await this.k.t.db.collection(d.collection).findOne({ _id: ObjectId.createFromHexString(d.id) })
      const t = doc?.[STAMP[d.collection]]
      if (doc && t instanceof Date && t.getTime() === mine.t)
        d.unread = {
          v: { t: mine.t, central: true, fields: catalogue(d.collection, plain(doc) as Record<string, unknown>, false) },
          doc,
        }
    }
    for (const d of this.docs.values()) {
      if (!d.unread) continue
      const doc = await this.k.t.db.collection(d.collection).findOne({ _id: ObjectId.createFromHexString(d.id) })
      const t = doc?.[STAMP[d.collection]]
      // Text and a Date of the same instant are one document to sameDocument, not to a pull's query.
      if (doc && t instanceof Date && sameDocument(doc, d.unread.doc)) continue
      d.unread =
        doc && t instanceof Date
          ? {
              v: {
                t: t.getTime(),
                central: true,
                fields: catalogue(d.collection, plain(doc) as Record<string, unknown>, false),
              },
              doc,
            }
          : null
    }
  }
  /** After a pull that ran to its end: it read every central version still there. */
  async afterPull() {
    for (const d of this.docs.values()) {
      if (d.unread) d.versions.push(d.unread.v)
      d.unread = null
      if (d.collection === 'products' && d.firstQuantity === null) {
        const r = this.row('products', d.id)
        if (!r) continue
        // New to the terminal: it starts at 0 here (central's quantity is no store's count).
        expect(r.quantity, `first quantity of ${d.id}`).toBe(0)
        d.firstQuantity = 0
      }
    }
  }
  pick(collection: Catalogued, n: number): string | null {
    const ids = this.local(collection)
    return ids.length ? ids[n % ids.length] : null
  }
  /**
   * A document central may edit: one it created, or one this terminal's insert of is acknowledged. (Central
   * editing a document whose insert landed but whose acknowledgement was lost turns the retried insert into a
   * conflict: a known gap of the push, see products-pull.test.ts.)
   */
  async onCentral(collection: Catalogued, n: number): Promise<string | null> {
    const unacked = this.k.b.ctx.db.prepare(
      "SELECT 1 FROM outbox WHERE collection = ? AND doc_id = ? AND op = 'insert' AND status <> 'acked'",
    )
    const ids = (await this.k.t.all(collection))
      .map((d) => (d._id as ObjectId).toHexString())
      .filter((id) => !unacked.get(collection, id))
      .sort()
    return ids.length ? ids[n % ids.length] : null
  }

  async addLocal() {
    const n = ++this.counter
    const p = await this.k.b.call(this.manager, 'product-save', {
      product: {
        product_name: `Local ${n}`,
        sku: `L-${n}`,
        price: 100 + n,
        supplier_id: n % 2 ? this.localSupplier : null,
        tags: ['here'],
      },
    })
    this.localVersion('products', p._id)
  }
  async addCentral(supplier: string | null, quantity: number) {
    const n = ++this.counter
    const t = await this.centralStamp('products', 1)
    const id = new ObjectId()
    await this.centralWrite('products', id.toHexString(), t, () =>
      this.k.t.db.collection('products').insertMany(
        [
          {
            _id: id,
            product_name: `Central ${n}`,
            sku: `C-${n}`,
            barcode: null,
            category: 'Office',
            description: '',
            quantity,
            price: 200 + n,
            supplier_id: supplier ? ObjectId.createFromHexString(supplier) : null,
            location: 'A1',
            received_date: null,
            last_updated: t,
            status: 'in_stock',
            tags: ['central'],
            image_url: null,
            age_check: n % 3 === 0,
            created_at: t,
          },
        ],
        { ordered: false },
      ),
    )
  }

  async play(steps: CatalogueStep[]) {
    for (const s of steps) await this.step(s)
    this.k.t.faulty.clearFaults()
    this.k.t.faulty.offline = false
  }

  async step(s: CatalogueStep) {
    const { k } = this
    k.b.clock.advance(1000)
    const sync = async (batchSize?: number) => {
      const report = await k.engine({ batchSize }).syncNow()
      await this.afterPush()
      if (report.error === null) await this.afterPull()
      return report
    }
    switch (s.kind) {
      case 'edit': {
        const id = this.pick('products', s.p)
        if (!id) return
        const r = this.row('products', id)!
        await k.b.call(this.manager, 'product-save', {
          id,
          product: {
            product_name: `Edited ${++this.counter}`,
            sku: r.sku as string,
            barcode: r.barcode as string | null,
            category: r.category as string,
            description: r.description as string,
            price: s.price,
            supplier_id: r.supplier_id as string | null,
            location: r.location as string,
            tags: [...(JSON.parse(r.tags as string) as string[]), 'edited'].slice(-3),
            image_url: r.image_url as string | null,
            age_check: r.age_check === 1,
          },
        })
        return this.localVersion('products', id)
      }
      case 'add':
        return this.addLocal()
      case 'discontinue': {
        const id = this.pick('products', s.p)
        if (!id) return
        await k.b.call(this.manager, 'product-discontinue', { id })
        return this.localVersion('products', id, true)
      }
      case 'receive': {
        const id = this.pick('products', s.p)
        if (!id) return
        const reference = `R-${++this.counter}`
        await k.b.call(this.manager, 'purchase-create', {
          supplierId: this.localSupplier,
          reference,
          lines: [{ productId: id, quantity: s.quantity, unitPrice: 50 }],
        })
        await k.b.call(this.manager, 'purchase-receive', { reference })
        // A stock move, not a catalogue edit: last_updated stays, so it is no new version.
        this.track('products', id, null).received += s.quantity
        return
      }
      case 'supplier': {
        const id = this.pick('suppliers', s.s)
        if (!id) return
        const r = this.row('suppliers', id)!
        await k.b.call(this.manager, 'supplier-save', {
          id,
          supplier: {
            name: r.name as string,
            contact_name: r.contact_name as string | null,
            contact_email: r.contact_email as string | null,
            contact_phone: r.contact_phone as string | null,
            address: r.address as string | null,
            payment_terms: `Net ${++this.counter}`,
          },
        })
        return this.localVersion('suppliers', id)
      }
      case 'central': {
        const id = await this.onCentral('products', s.p)
        if (!id) return
        const t = await this.centralStamp('products', s.back)
        return this.centralWrite('products', id, t, () =>
          k.t.db.collection('products').updateOne(
            { _id: ObjectId.createFromHexString(id) },
            {
              $set: {
                product_name: `Office ${++this.counter}`,
                price: s.price,
                status: s.status,
                // Another store's count, or none: never this terminal's.
                quantity: s.quantity,
                last_updated: t,
              },
            },
          ),
        )
      }
      case 'central-add':
        return this.addCentral([null, this.localSupplier, this.centralSupplier][s.supplier], s.quantity)
      case 'central-supplier': {
        const id = await this.onCentral('suppliers', s.s)
        if (!id) return
        const t = await this.centralStamp('suppliers', s.back)
        return this.centralWrite('suppliers', id, t, () =>
          k.t.db
            .collection('suppliers')
            .updateOne(
              { _id: ObjectId.createFromHexString(id) },
              { $set: { contact_name: `Office ${++this.counter}`, payment_terms: 'Net 7', updated_at: t } },
            ),
        )
      }
      case 'push':
        await pushOutbox({
          db: k.b.ctx.db,
          target: k.t.faulty,
          clock: k.b.clock,
          streamId: k.b.ctx.device._id,
          batchSize: 3,
        }).catch(() => {})
        return this.afterPush()
      case 'pull':
        await pullCatalog({ db: k.b.ctx.db, target: k.t.faulty, clock: k.b.clock, storeId: k.b.ctx.store._id })
        return this.afterPull()
      case 'sync':
        await sync(3)
        return
      case 'fault':
        k.t.faulty.injectFault(s.afterWrites, s.when)
        await sync(3)
        return
      case 'offline':
        k.t.faulty.offline = true
        await k.engine().syncNow()
        k.t.faulty.offline = false
        return
      case 'restart':
        await k.restart()
        this.manager = await k.b.login('maria')
    }
  }

  async setUp() {
    const { k } = this
    this.manager = await k.b.login('maria')
    this.localSupplier = (await k.b.call(this.manager, 'supplier-save', { supplier: { name: 'Local supplier' } }))._id
    this.localVersion('suppliers', this.localSupplier)
    await this.addLocal()
    await this.addLocal()
    const id = new ObjectId()
    this.centralSupplier = id.toHexString()
    const t = await this.centralStamp('suppliers', 1)
    await this.centralWrite('suppliers', this.centralSupplier, t, () =>
      k.t.db.collection('suppliers').insertMany(
        [
          {
            _id: id,
            name: 'Central supplier',
            contact_name: null,
            contact_email: null,
            contact_phone: null,
            address: null,
            status: 'active',
            payment_terms: 'Net 30',
            created_at: t,
            updated_at: t,
          },
        ],
        { ordered: false },
      ),
    )
    await this.addCentral(this.centralSupplier, 5)
  }

  async assertConverged() {
    const { k } = this
    const db = k.b.ctx.db
    const report = await k.engine().syncNow()
    expect(report.error).toBeNull()
    await this.afterPush()
    await this.afterPull()
    expect(
      db.prepare("SELECT status, COUNT(*) AS n FROM outbox WHERE status <> 'acked' GROUP BY status").all(),
    ).toEqual([])
    expect(db.prepare('SELECT * FROM sync_pull_rejects').all()).toEqual([])
    // Every local record pushed exactly once: central holds each, and nothing else, once.
    for (const c of ['products', 'suppliers', 'inventory_transactions']) {
      const central = (await k.t.all(c)).map((d) => (d._id as ObjectId).toHexString()).sort()
      expect(central, c).toEqual(this.local(c as Catalogued))
    }
    for (const d of this.docs.values()) {
      // The latest version wins, central on a tie.
      const latest = d.versions.reduce((a, b) => (b.t > a.t || (b.t === a.t && b.central && !a.central) ? b : a))
      const r = this.row(d.collection, d.id)!
      expect(catalogue(d.collection, r, true), `${d.collection} ${d.id}`).toEqual(latest.fields)
      expect(Date.parse(r[STAMP[d.collection]] as string), `${d.collection} ${d.id} timestamp`).toBe(latest.t)
      if (d.collection !== 'products') continue
      // Quantity moved only by what this terminal received; status follows it unless discontinued.
      expect(r.quantity, `${d.id} quantity`).toBe(d.firstQuantity! + d.received)
      const quantity = r.quantity as number
      expect(r.status).toBe(latest.fields.discontinued ? 'discontinued' : quantity > 0 ? 'in_stock' : 'out_of_stock')
    }
  }
}

describe('products and suppliers under random local and central edits, restarts and failures (fast-check)', () => {
  const runs = Math.max(1, Math.round(RUNS * 0.6))
  it(
    'pushes every local edit once and ends with the latest version of each on the terminal, quantity its own',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(catalogueStep, { minLength: 3, maxLength: 16 }), async (steps) => {
          const k = await openKit('property-catalogue')
          try {
            const model = new CatalogueModel(k)
            await model.setUp()
            await model.play(steps)
            await model.assertConverged()
          } finally {
            await k.close()
          }
        }),
        { numRuns: runs },
      )
    },
    // A case usually takes half a second; one run on CI (2026-12-03) took past the old 35 s bound for its 15
    // cases without a failing assertion (a case waiting out a driver timeout, not found again in 60 local
    // cases): the time budget is wider, the property the same.
    60_000 + runs * 2_000,
  )
})
