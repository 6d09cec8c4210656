// The MongoDB stand-in (NOT MongoDB) itself: what it does not model is refused, not ignored. Runs directly
// against the stand-in (project unit) and through the real driver and its wire protocol (project sync-wire);
// against a real MONGODB_URI the refusals do not apply and are skipped.
import { ObjectId, type Document } from 'bson'
import { MongoClient } from 'mongodb'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTestTarget, type TestTarget } from '../../tests/support/mongo-standin-target'
import { StandinWireServer } from '../../tests/support/mongo-standin-wire'

// The slice of the driver's collection these tests reach for; the stand-in has the same methods.
interface Loose {
  insertMany(docs: Document[], options?: Document): Promise<unknown>
  findOne(filter: Document, options?: Document): Promise<Document | null>
  find(
    filter: Document,
    options?: Document,
  ): { sort(s: Document): { toArray(): Promise<Document[]> }; toArray(): Promise<Document[]> }
  updateOne(filter: Document, update: Document | Document[], options?: Document): Promise<unknown>
  createIndex(spec: Document, options?: Document): Promise<string>
}
interface LooseDb {
  collection(name: string): Loose
  createCollection(name: string, options?: Document): Promise<unknown>
  command(cmd: Document): Promise<Document>
}

let t: TestTarget
let db: LooseDb
beforeEach(async () => {
  t = await openTestTarget()
  db = t.db as unknown as LooseDb
  await db.collection('things').insertMany(
    [
      { _id: new ObjectId(), n: 1, tags: ['a'], store_id: 's1' },
      { _id: new ObjectId(), n: 2, tags: ['b'], store_id: 's2' },
    ],
    { ordered: false },
  )
})
afterEach(() => t.close())

/** The stand-in's refusal: CommandNotSupported, marked as the stand-in's, naming what it refused. */
async function refused(work: () => Promise<unknown>, what: string) {
  const err = await (async () => work())().then(
    () => null,
    (e: unknown) => e as Document,
  )
  expect(err, `${what} was accepted`).not.toBeNull()
  expect(err).toMatchObject({ code: 115, codeName: 'CommandNotSupported', standin: true, unsupported: what })
  expect(String(err!.message)).toContain(`the MongoDB stand-in does not support ${what}`)
}

describe.skipIf(Boolean(process.env.MONGODB_URI))('the MongoDB stand-in refuses what it does not model', () => {
  const things = () => db.collection('things')

  it('query operators', async () => {
    await refused(() => things().find({ $where: 'this.n > 1' }).toArray(), "the query operator '$where'")
    await refused(() => things().findOne({ $expr: { $gt: ['$n', 1] } }), "the query operator '$expr'")
    await refused(
      () =>
        things()
          .find({ tags: { $elemMatch: { $eq: 'a' } } })
          .toArray(),
      "the query operator '$elemMatch'",
    )
    await refused(() => things().findOne({ n: { $gt: 0, $type: 'int' } }), "the query operator '$type'")
    await refused(() => things().findOne({ store_id: /s/ }), 'regular expressions in a query')
    await refused(() => things().updateOne({ n: { $mod: [2, 0] } }, { $set: { x: 1 } }), "the query operator '$mod'")
  })

  it('update operators, update pipelines and positional paths', async () => {
    await refused(() => things().updateOne({ n: 1 }, { $push: { tags: 'c' } }), "the update operator '$push'")
    await refused(() => things().updateOne({ n: 1 }, { $set: { a: 1 }, $mul: { n: 2 } }), "the update operator '$mul'")
    await refused(() => things().updateOne({ n: 1 }, [{ $set: { a: 1 } }]), 'update pipelines')
    await refused(
      () => things().updateOne({ n: 1 }, { $set: { 'tags.$': 'z' } }),
      "the positional path 'tags.$' in '$set'",
    )
    await refused(
      () => things().updateOne({ n: 1 }, { $currentDate: { at: { $type: 'timestamp' } } }),
      `'$currentDate' with {"$type":"timestamp"}`,
    )
    // Nothing was changed by any of them.
    expect(await things().findOne({ n: 1 })).toMatchObject({ tags: ['a'] })
    expect(await things().findOne({ n: 1 })).not.toHaveProperty('a')
  })

  it('options of inserts, updates, finds and indexes', async () => {
    await refused(
      () => things().insertMany([{ n: 3 }], { ordered: false, bypassDocumentValidation: true }),
      "the insert option 'bypassDocumentValidation'",
    )
    await refused(
      () => things().updateOne({ n: 9 }, { $set: { n: 9 } }, { upsert: true }),
      "the update option 'upsert'",
    )
    await refused(() => things().find({}, { skip: 1 }).toArray(), "the find option 'skip'")
    await refused(() => things().findOne({}, { collation: { locale: 'en' } }), "the find option 'collation'")
    await refused(
      () =>
        things()
          .find({})
          .sort({ n: { $meta: 'textScore' } })
          .toArray(),
      'the sort {"n":{"$meta":"textScore"}}',
    )
    await refused(() => things().createIndex({ n: 1 }, { sparse: true }), "the createIndex option 'sparse'")
    await refused(() => things().createIndex({ store_id: 'hashed' }), 'the index key {"store_id":"hashed"}')
    await refused(
      () =>
        things()
          .find({}, { projection: { tags: { $slice: 1 } } })
          .toArray(),
      'the projection {"tags":{"$slice":1}}',
    )
    expect(await things().findOne({ n: 9 })).toBeNull()
    expect(await things().findOne({ n: 3 })).toBeNull()
  })

  it('pipeline stages and collection options', async () => {
    await refused(
      () => db.createCollection('v1', { viewOn: 'things', pipeline: [{ $match: { n: 1 } }, { $project: { n: 1 } }] }),
      "the pipeline stage '$project'",
    )
    await refused(
      () => db.createCollection('v2', { viewOn: 'things', pipeline: [{ $match: { $text: { $search: 'a' } } }] }),
      "the view $match operator '$text'",
    )
    await refused(() => db.createCollection('c1', { capped: true, size: 4096 }), "the create option 'capped'")
    await refused(
      () => db.createCollection('c2', { validator: { $jsonSchema: { required: ['n'] } } }),
      "the validator operator '$jsonSchema'",
    )
  })

  it('commands: createRole (no users or roles) and anything else it does not model', async () => {
    await refused(() => db.command({ createRole: 'r', privileges: [], roles: [] }), "the command 'createRole'")
    const err = await db.command({ createRole: 'r', privileges: [], roles: [] }).catch((e: Document) => e)
    expect(err).toMatchObject({ unsupportedCommand: 'createRole', message: expect.stringMatching(/no users or roles/) })
    await refused(() => db.command({ aggregate: 'things', pipeline: [], cursor: {} }), "the command 'aggregate'")
    await refused(() => db.command({ ping: 1, comment: 'x' }), "the ping option 'comment'")
  })

  it('and still does what it models: projections, several $match stages, $currentDate true', async () => {
    const [doc] = await things()
      .find({ n: 1 }, { projection: { n: 1 } })
      .toArray()
    expect(Object.keys(doc).sort()).toEqual(['_id', 'n'])
    expect(Object.keys((await things().findOne({ n: 2 }, { projection: { tags: 0 } }))!).sort()).toEqual([
      '_id',
      'n',
      'store_id',
    ])
    await db.createCollection('two_matches', {
      viewOn: 'things',
      pipeline: [{ $match: { n: { $gte: 1 } } }, { $match: { store_id: 's2' } }],
    })
    expect((await db.collection('two_matches').find({}).toArray()).map((d) => d.n)).toEqual([2])
    await things().updateOne({ n: 1 }, { $currentDate: { at: true }, $inc: { n: 10 } })
    expect((await things().findOne({ n: 11 }))?.at).toBeInstanceOf(Date)
  })
})

describe('the MongoDB stand-in never passes for a server', () => {
  let server: StandinWireServer
  beforeEach(async () => {
    server = new StandinWireServer()
    await server.listen()
  })
  afterEach(() => server.close())

  it('reports version 0.0.0-standin and standin: true, and the real driver still connects', async () => {
    const client = await new MongoClient(server.uri, { serverSelectionTimeoutMS: 5_000 }).connect()
    try {
      const admin = client.db('admin')
      expect(await admin.command({ ping: 1 })).toMatchObject({ ok: 1 })
      const build = await admin.command({ buildInfo: 1 })
      expect(build).toMatchObject({ version: '0.0.0-standin', versionArray: [0, 0, 0, 0], standin: true })
      const hello = await admin.command({ hello: 1 })
      expect(hello).toMatchObject({ standin: true, isWritablePrimary: true, maxWireVersion: 21 })
      // The driver took the handshake: a write and a read go through.
      await client.db('x').collection('c').insertOne({ n: 1 })
      expect(
        await client
          .db('x')
          .collection('c')
          .findOne({}, { projection: { _id: 0 } }),
      ).toEqual({ n: 1 })
    } finally {
      await client.close()
    }
  })
})
