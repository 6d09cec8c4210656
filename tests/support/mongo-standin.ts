import { deserialize, ObjectId, serialize, type Document } from 'bson'
import { find as mingoFind, Query, update as mingoUpdate } from 'mingo'
import { MongoBulkWriteError, MongoServerError, MongoServerSelectionError } from 'mongodb'
import { isObjectId } from '../../electron/sync/convert'
import type { TargetCollection, TargetConnection, TargetCursor, TargetDb } from '../../electron/sync/target'
import {
  checkFilter,
  checkKeys,
  checkOptions,
  checkProjection,
  checkUpdate,
  matchOfPipeline,
  unsupported,
  unsupportedCommand,
} from './mongo-standin-refuse'

/**
 * An in-memory stand-in for the MongoDB driver's Db/Collection, NOT MongoDB:
 * exactly the Collection methods the sync engine uses, with query and update
 * semantics from mingo, documents copied through BSON like the wire does,
 * unique indexes that raise the driver's own E11000 error classes, $match
 * views and a validator (code 121). Faults are injected by a wrapper that
 * works on any target (mongo-standin-target.ts). Options, operators, stages
 * and commands it does not model are refused with CommandNotSupported
 * (mongo-standin-refuse.ts), never silently ignored.
 */

/** The driver exports WriteError as a type only; this has its shape (getters over `err`). */
class WriteError {
  constructor(readonly err: { index: number; code: number; errmsg: string; errInfo: Document; op: Document }) {}
  get code() {
    return this.err.code
  }
  get index() {
    return this.err.index
  }
  get errmsg() {
    return this.err.errmsg
  }
  get errInfo() {
    return this.err.errInfo
  }
}

const copy = (d: Document): Document => deserialize(serialize(d))
const keyPart = (v: unknown): string =>
  isObjectId(v) ? `o${v.toHexString()}` : v instanceof Date ? `d${v.getTime()}` : JSON.stringify(v ?? null)
const getPath = (d: Document, path: string): unknown =>
  path.split('.').reduce<unknown>((o, k) => (o as Document | undefined)?.[k], d)

interface UniqueIndex {
  name: string
  keys: string[]
  entries: Map<string, unknown>
}

/** Options of find and findOne the stand-in models. */
export interface FindOptions {
  projection?: Document
}
const FIND_OPTIONS = ['projection'] as const

class StandinCursor implements TargetCursor {
  private sortSpec: Record<string, 1 | -1> | null = null
  private max = 0
  constructor(
    private readonly load: () => Document[],
    private readonly projection: Document | undefined,
  ) {}
  sort(spec: Record<string, 1 | -1>) {
    checkKeys(spec, 'sort')
    this.sortSpec = spec
    return this
  }
  limit(n: number) {
    if (!Number.isInteger(n) || n < 0) throw unsupported(`the limit ${n}`)
    this.max = n
    return this
  }
  async toArray() {
    let c = mingoFind(this.load(), {}, this.projection)
    if (this.sortSpec) c = c.sort(this.sortSpec)
    if (this.max) c = c.limit(this.max)
    return (c.all() as Document[]).map(copy)
  }
}

const INDEX_OPTIONS = ['unique', 'name'] as const

export class StandinCollection implements TargetCollection {
  readonly docs = new Map<string, Document>()
  readonly uniqueIndexes: UniqueIndex[] = []
  readonly plainIndexes: { name: string; spec: Record<string, 1 | -1> }[] = []
  validator: Document | null = null

  constructor(
    readonly server: StandinServer,
    readonly name: string,
  ) {}

  private dupError(idx: UniqueIndex | null, doc: Document): string {
    const keys = idx ? idx.keys : ['_id']
    const shown = keys.map((k) => `${k}: ${keyPart(getPath(doc, k))}`).join(', ')
    return `E11000 duplicate key error collection: ${this.server.dbName}.${this.name} index: ${idx?.name ?? '_id_'} dup key: { ${shown} }`
  }

  /** Inserts one document or returns why it cannot be. */
  private insertOne(doc: Document): { code: number; errmsg: string } | null {
    if (doc._id === undefined) doc = { _id: new ObjectId(), ...doc }
    const id = keyPart(doc._id)
    if (this.docs.has(id)) return { code: 11000, errmsg: this.dupError(null, doc) }
    if (this.validator && !new Query(this.validator, {}).test(doc)) {
      return { code: 121, errmsg: 'Document failed validation' }
    }
    const keyed = this.uniqueIndexes.map((ix) => ix.keys.map((k) => keyPart(getPath(doc, k))).join('|'))
    const clash = this.uniqueIndexes.findIndex((ix, i) => ix.entries.has(keyed[i]))
    if (clash >= 0) return { code: 11000, errmsg: this.dupError(this.uniqueIndexes[clash], doc) }
    this.uniqueIndexes.forEach((ix, i) => ix.entries.set(keyed[i], doc._id))
    this.docs.set(id, doc)
    return null
  }

  async insertMany(input: Document[], options: { ordered: false }) {
    checkOptions('insert', options, ['ordered'])
    this.server.checkOnline()
    const docs = input.map(copy)
    const writeErrors: WriteError[] = []
    const insertedIds: Record<number, unknown> = {}
    for (let i = 0; i < docs.length; i++) {
      const failed = this.insertOne(docs[i])
      if (failed) writeErrors.push(new WriteError({ index: i, ...failed, errInfo: {}, op: input[i] }))
      else insertedIds[i] = docs[i]._id
      if (failed && options.ordered !== false) break
    }
    const insertedCount = Object.keys(insertedIds).length
    if (writeErrors.length > 0) {
      const result = {
        insertedCount,
        insertedIds,
        matchedCount: 0,
        modifiedCount: 0,
        deletedCount: 0,
        upsertedCount: 0,
        upsertedIds: {},
      }
      throw new MongoBulkWriteError(
        { message: writeErrors[0].errmsg, code: writeErrors[0].code, writeErrors: writeErrors as never },
        result as never,
      )
    }
    return { acknowledged: true, insertedCount, insertedIds }
  }

  protected candidates(filter: Document): Document[] {
    // _id equality is the hot path (acks, guarded decrements): skip the scan.
    const id = filter._id
    if (id !== undefined && (isObjectId(id) || typeof id !== 'object')) {
      const d = this.docs.get(keyPart(id))
      return d ? [d] : []
    }
    return [...this.docs.values()]
  }

  protected matching(filter: Document): Document[] {
    const q = new Query(filter, {})
    return this.candidates(filter).filter((d) => q.test(d))
  }

  async findOne(filter: Document, options?: FindOptions) {
    checkFilter(filter)
    checkOptions('find', options, FIND_OPTIONS)
    checkProjection(options?.projection)
    this.server.checkOnline()
    const d = this.matching(filter)[0]
    if (!d) return null
    return copy(options?.projection ? (mingoFind([d], {}, options.projection).all()[0] as Document) : d)
  }

  find(filter: Document, options?: FindOptions): TargetCursor {
    checkFilter(filter)
    checkOptions('find', options, FIND_OPTIONS)
    checkProjection(options?.projection)
    return new StandinCursor(() => {
      this.server.checkOnline()
      return this.matching(filter)
    }, options?.projection)
  }

  /** No options: an upsert, a multi-document update or array filters are refused. */
  async updateOne(filter: Document, update: Document, options?: Document) {
    checkFilter(filter)
    checkUpdate(update)
    checkOptions('update', options, [])
    this.server.checkOnline()
    const doc = this.matching(filter)[0]
    if (!doc) return { acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 0, upsertedId: null }
    const changed = mingoUpdate(doc, copy(update) as never)
    return {
      acknowledged: true,
      matchedCount: 1,
      modifiedCount: changed.length > 0 ? 1 : 0,
      upsertedCount: 0,
      upsertedId: null,
    }
  }

  async createIndex(spec: Record<string, 1 | -1>, options: { unique?: boolean; name?: string } = {}) {
    checkKeys(spec, 'index key')
    checkOptions('createIndex', options, INDEX_OPTIONS)
    this.server.checkOnline()
    const name =
      options.name ??
      Object.entries(spec)
        .map(([k, v]) => `${k}_${v}`)
        .join('_')
    if (this.uniqueIndexes.some((i) => i.name === name) || this.plainIndexes.some((i) => i.name === name)) return name
    if (!options.unique) {
      this.plainIndexes.push({ name, spec })
      return name
    }
    const ix: UniqueIndex = { name, keys: Object.keys(spec), entries: new Map() }
    for (const d of this.docs.values()) {
      const k = ix.keys.map((f) => keyPart(getPath(d, f))).join('|')
      if (ix.entries.has(k)) throw new MongoServerError({ message: this.dupError(ix, d), code: 11000 })
      ix.entries.set(k, d._id)
    }
    this.uniqueIndexes.push(ix)
    return name
  }

  /** Like the driver's Collection.indexes(): name, key and unique for each index. */
  async indexes(): Promise<{ name: string; key: Record<string, number>; unique?: boolean }[]> {
    return [
      { name: '_id_', key: { _id: 1 } },
      ...this.uniqueIndexes.map((i) => ({
        name: i.name,
        key: Object.fromEntries(i.keys.map((k) => [k, 1])),
        unique: true,
      })),
      ...this.plainIndexes.map((i) => ({ name: i.name, key: i.spec })),
    ]
  }

  /** Not used by the engine; tests remove central documents with it, as they would with the driver. */
  async deleteOne(filter: Document, options?: Document) {
    checkFilter(filter)
    checkOptions('delete', options, [])
    this.server.checkOnline()
    const doc = this.matching(filter)[0]
    if (!doc) return { acknowledged: true, deletedCount: 0 }
    this.docs.delete(keyPart(doc._id))
    for (const ix of this.uniqueIndexes) ix.entries.delete(ix.keys.map((k) => keyPart(getPath(doc, k))).join('|'))
    return { acknowledged: true, deletedCount: 1 }
  }

  /** Test helper: every stored document, copied. */
  all(): Document[] {
    return [...this.docs.values()].map(copy)
  }
}

/** A read-only view defined by a $match pipeline over another collection. */
class StandinView extends StandinCollection {
  constructor(
    server: StandinServer,
    name: string,
    private readonly base: StandinCollection,
    private readonly match: Document,
  ) {
    super(server, name)
  }
  protected override candidates(): Document[] {
    const q = new Query(this.match, {})
    return [...this.base.docs.values()].filter((d) => q.test(d))
  }
  override async insertMany(): Promise<never> {
    throw new MongoServerError({ message: `Namespace ${this.name} is a view, not a collection`, code: 166 })
  }
  override async updateOne(): Promise<never> {
    throw new MongoServerError({ message: `Namespace ${this.name} is a view, not a collection`, code: 166 })
  }
}

export class StandinServer implements TargetDb {
  readonly collections = new Map<string, StandinCollection>()
  /** While true every call fails like an unreachable host. */
  offline = false

  constructor(readonly dbName = 'lottery') {}

  collection(name: string): StandinCollection {
    let c = this.collections.get(name)
    if (!c) this.collections.set(name, (c = new StandinCollection(this, name)))
    return c
  }

  /** A collection with an optional validator (a query filter), or a view: viewOn and a pipeline of $match stages. */
  async createCollection(name: string, options: Document = {}) {
    checkOptions('create', options, options.viewOn ? ['viewOn', 'pipeline'] : ['validator'])
    if (options.pipeline !== undefined && !options.viewOn) throw unsupported("a pipeline without 'viewOn'")
    const match = matchOfPipeline(options.pipeline)
    checkFilter(options.validator, 'validator')
    this.checkOnline()
    if (this.collections.has(name))
      throw new MongoServerError({ message: `Collection ${this.dbName}.${name} already exists.`, code: 48 })
    if (options.viewOn) {
      this.collections.set(name, new StandinView(this, name, this.collection(options.viewOn as string), match))
      return this.collections.get(name)
    }
    const c = this.collection(name)
    c.validator = (options.validator as Document | undefined) ?? null
    return c
  }

  listCollections(filter: Document = {}, options?: Document) {
    checkFilter(filter, 'listCollections')
    checkOptions('listCollections', options, [])
    return {
      toArray: async () =>
        [...this.collections.values()]
          .map((c) => ({ name: c.name, type: c instanceof StandinView ? 'view' : 'collection' }))
          .filter((c) => new Query(filter, {}).test(c)),
    }
  }

  /** ping and hello; every other command (createRole: the stand-in has no users or roles) is refused. */
  async command(cmd: Document): Promise<Document> {
    const name = Object.keys(cmd)[0]
    if (name !== 'ping' && name !== 'hello') throw unsupportedCommand(name)
    checkOptions(name, cmd, [name])
    this.checkOnline()
    return { ok: 1, standin: true }
  }

  checkOnline() {
    if (this.offline) {
      throw new MongoServerSelectionError('connect ECONNREFUSED 127.0.0.1:27017', {
        type: 'Unknown',
        servers: new Map(),
      } as never)
    }
  }

  /** A Connect function for the engine: fails while offline, like the driver's server selection. */
  connect(): () => Promise<TargetConnection> {
    return async () => {
      this.checkOnline()
      return { db: this, close: async () => {} }
    }
  }
}
