import net from 'node:net'
import { deserialize, Long, serialize, type Document } from 'bson'
import { StandinCollection, StandinServer } from './mongo-standin'
import { checkFilter, checkOptions, checkProjection, unsupported, unsupportedCommand } from './mongo-standin-refuse'

/**
 * The in-memory stand-in (NOT MongoDB) reachable over loopback TCP: enough of
 * the MongoDB wire protocol (the OP_QUERY handshake, then OP_MSG) for the
 * official driver to connect with `mongodb://127.0.0.1:PORT/?directConnection=true`
 * and run the engine's commands: hello, ping, insert, update, delete, find,
 * getMore, createIndexes, listIndexes, create, collMod, listCollections,
 * dropDatabase, endSessions. With `requireAuth`, every sign-in fails with the
 * server's code 18, like wrong credentials on a real deployment. Any other
 * command, and any field of a command it does not model, is answered with
 * CommandNotSupported (code 115, `standin: true`), which the driver raises as
 * a MongoServerError. hello and buildInfo say `standin: true` and buildInfo's
 * version is 0.0.0-standin, so no one mistakes it for a server.
 */
const OP_REPLY = 1
const OP_QUERY = 2004
const OP_MSG = 2013

export class StandinWireServer {
  readonly dbs = new Map<string, StandinServer>()
  private server: net.Server
  private sockets = new Set<net.Socket>()
  private nextRequestId = 1
  private connectionId = 0
  port = 0
  /** The server's clock, reported as hello's localTime: tests move it to play a central that is ahead. */
  now: () => Date = () => new Date()

  /**
   * Commands to answer with a given error instead (a real server's refusal, such as
   * `{ code: 13, codeName: 'Unauthorized', errmsg }` for a user without the right role).
   */
  refuse = new Map<string, { code: number; codeName: string; errmsg: string }>()

  constructor(readonly opts: { requireAuth?: boolean } = {}) {
    this.server = net.createServer((s) => this.accept(s))
  }

  db(name: string): StandinServer {
    let d = this.dbs.get(name)
    if (!d) this.dbs.set(name, (d = new StandinServer(name)))
    return d
  }

  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve))
    this.port = (this.server.address() as net.AddressInfo).port
    return this.port
  }

  get uri() {
    return `mongodb://127.0.0.1:${this.port}/?directConnection=true`
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private accept(socket: net.Socket) {
    this.sockets.add(socket)
    socket.setNoDelay(true)
    const id = ++this.connectionId
    let buf = Buffer.alloc(0)
    socket.on('close', () => this.sockets.delete(socket))
    socket.on('error', () => socket.destroy())
    socket.on('data', (chunk) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk
      while (buf.length >= 4 && buf.length >= buf.readInt32LE(0)) {
        const len = buf.readInt32LE(0)
        const msg = buf.subarray(0, len)
        buf = buf.subarray(len)
        void this.handle(socket, msg, id)
      }
    })
  }

  private async handle(socket: net.Socket, msg: Buffer, connectionId: number) {
    const requestId = msg.readInt32LE(4)
    const opCode = msg.readInt32LE(12)
    if (opCode === OP_QUERY) {
      // Legacy handshake: flags, cstring namespace, skip, return, query document.
      const nsEnd = msg.indexOf(0, 20)
      const query = deserialize(msg.subarray(nsEnd + 9))
      const reply = await this.command(query, 'admin', connectionId)
      this.write(socket, OP_REPLY, requestId, Buffer.concat([replyPrefix(), serialize(reply)]))
      return
    }
    if (opCode !== OP_MSG) return socket.destroy()
    const flags = msg.readUInt32LE(16)
    let body: Document = {}
    let at = 20
    const end = flags & 1 ? msg.length - 4 : msg.length
    while (at < end) {
      const kind = msg[at++]
      const size = msg.readInt32LE(at)
      if (kind === 0) body = { ...deserialize(msg.subarray(at, at + size)), ...body }
      else {
        const idEnd = msg.indexOf(0, at + 4)
        const field = msg.toString('utf8', at + 4, idEnd)
        const docs: Document[] = []
        for (let p = idEnd + 1; p < at + size; p += msg.readInt32LE(p))
          docs.push(deserialize(msg.subarray(p, p + msg.readInt32LE(p))))
        body[field] = docs
      }
      at += size
    }
    const reply = await this.command(body, String(body.$db ?? 'admin'), connectionId)
    // moreToCome: the client expects no answer (unacknowledged write).
    if (flags & 2) return
    const section = serialize(reply)
    const head = Buffer.alloc(5)
    this.write(socket, OP_MSG, requestId, Buffer.concat([head, section]))
  }

  private write(socket: net.Socket, opCode: number, responseTo: number, payload: Buffer) {
    const header = Buffer.alloc(16)
    header.writeInt32LE(16 + payload.length, 0)
    header.writeInt32LE(this.nextRequestId++, 4)
    header.writeInt32LE(responseTo, 8)
    header.writeInt32LE(opCode, 12)
    if (!socket.destroyed) socket.write(Buffer.concat([header, payload]))
  }

  private async command(cmd: Document, dbName: string, connectionId: number): Promise<Document> {
    const name = Object.keys(cmd)[0]
    try {
      const refused = this.refuse.get(name)
      if (refused) return failure(refused.code, refused.codeName, refused.errmsg)
      const handler = HANDLERS[name] ?? HANDLERS[name.toLowerCase()]
      if (!handler) throw unsupportedCommand(name)
      if (this.opts.requireAuth && !OPEN_COMMANDS.has(name.toLowerCase())) {
        return failure(13, 'Unauthorized', `command ${name} requires authentication`)
      }
      const { $db: _db, lsid: _lsid, ...fields } = cmd
      if (HANDSHAKE.has(name.toLowerCase())) {
        // The handshake describes the client (its fields grow with every driver release); only the
        // awaitable form would need behaviour the stand-in lacks, and it never offers a topologyVersion.
        for (const f of ['topologyVersion', 'maxAwaitTimeMS'])
          if (f in fields) throw unsupported(`the ${name} option '${f}'`, 'awaitable hello is not modelled')
      } else checkOptions(name, fields, [name, ...(FIELDS[name] ?? FIELDS[name.toLowerCase()] ?? [])])
      return { ...(await handler(cmd, this.db(dbName), { connectionId, server: this })), ok: 1 }
    } catch (err) {
      const e = err as { code?: number; codeName?: string; message?: string; errmsg?: string; standin?: boolean }
      const reply = failure(e.code ?? 8000, e.codeName ?? 'InternalError', e.errmsg ?? e.message ?? 'error')
      if (e.standin) {
        const { unsupported: what, unsupportedCommand: command } = err as {
          unsupported?: string
          unsupportedCommand?: string
        }
        return { ...reply, standin: true, unsupported: what, ...(command ? { unsupportedCommand: command } : {}) }
      }
      return reply
    }
  }
}

/**
 * The fields each command may carry besides its own name, `$db` and `lsid` (sessions are accepted and
 * have no effect: there are no transactions). Anything else is refused by name.
 */
const FIELDS: Record<string, string[]> = {
  ping: [],
  buildinfo: [],
  buildInfo: [],
  endSessions: [],
  killCursors: ['cursors'],
  saslStart: ['mechanism', 'payload', 'autoAuthorize', 'options'],
  insert: ['documents', 'ordered'],
  update: ['updates', 'ordered'],
  delete: ['deletes', 'ordered'],
  // Every result is one batch (cursor id 0), so batchSize and singleBatch change nothing.
  find: ['filter', 'sort', 'limit', 'projection', 'batchSize', 'singleBatch'],
  getMore: ['collection', 'batchSize'],
  createIndexes: ['indexes'],
  listIndexes: ['cursor'],
  create: ['viewOn', 'pipeline', 'validator'],
  collMod: ['validator'],
  listCollections: ['filter', 'cursor', 'nameOnly', 'authorizedCollections'],
  dropDatabase: [],
}

const HANDSHAKE = new Set(['hello', 'ismaster'])
const OPEN_COMMANDS = new Set(['hello', 'ismaster', 'ping', 'buildinfo', 'saslstart', 'saslcontinue', 'endsessions'])

function failure(code: number, codeName: string, errmsg: string): Document {
  return { ok: 0, code, codeName, errmsg }
}

function replyPrefix(): Buffer {
  const b = Buffer.alloc(20)
  b.writeInt32LE(0, 0) // responseFlags
  b.writeBigInt64LE(0n, 4) // cursorID
  b.writeInt32LE(0, 12) // startingFrom
  b.writeInt32LE(1, 16) // numberReturned
  return b
}

const cursor = (ns: string, firstBatch: Document[]) => ({ cursor: { id: Long.fromNumber(0), ns, firstBatch } })

type Handler = (
  cmd: Document,
  db: StandinServer,
  ctx: { connectionId: number; server: StandinWireServer },
) => Promise<Document> | Document

const hello: Handler = (_cmd, _db, { connectionId, server }) => ({
  standin: true,
  helloOk: true,
  ismaster: true,
  isWritablePrimary: true,
  maxBsonObjectSize: 16 * 1024 * 1024,
  maxMessageSizeBytes: 48_000_000,
  maxWriteBatchSize: 100_000,
  localTime: server.now(),
  logicalSessionTimeoutMinutes: 30,
  connectionId,
  minWireVersion: 0,
  maxWireVersion: 21,
  readOnly: false,
})

const HANDLERS: Record<string, Handler> = {
  hello,
  ismaster: hello,
  isMaster: hello,
  ping: () => ({}),
  buildinfo: () => BUILD_INFO,
  buildInfo: () => BUILD_INFO,
  endSessions: () => ({}),
  killCursors: (cmd) => ({ cursorsKilled: cmd.cursors ?? [] }),
  saslStart: () => {
    throw Object.assign(new Error('Authentication failed.'), { code: 18, codeName: 'AuthenticationFailed' })
  },
  insert: async (cmd, db) => {
    const coll = db.collection(cmd.insert)
    try {
      const r = await coll.insertMany(cmd.documents as Document[], {
        ordered: cmd.ordered === false ? false : (true as never),
      })
      return { n: r.insertedCount }
    } catch (err) {
      const e = err as { writeErrors?: { index: number; code: number; errmsg?: string }[]; insertedCount?: number }
      if (!e.writeErrors) throw err
      return {
        n: e.insertedCount ?? 0,
        writeErrors: e.writeErrors.map((w) => ({ index: w.index, code: w.code, errmsg: w.errmsg })),
      }
    }
  },
  update: async (cmd, db) => {
    const coll = db.collection(cmd.update)
    let n = 0
    let nModified = 0
    for (const u of cmd.updates as Document[]) {
      // One document per statement: upsert and multi are modelled only as false.
      const { q, u: change, upsert, multi, ...rest } = u
      if (upsert) throw unsupported("the update option 'upsert'")
      if (multi) throw unsupported("the update option 'multi'")
      checkOptions('update', rest, [])
      const r = await coll.updateOne(q, change)
      n += r.matchedCount
      nModified += r.modifiedCount
    }
    return { n, nModified }
  },
  delete: async (cmd, db) => {
    let n = 0
    for (const d of cmd.deletes as Document[]) {
      const { q, limit, ...rest } = d
      if (limit !== 1) throw unsupported(`the delete limit ${limit}`, 'only deleting one document is modelled')
      checkOptions('delete', rest, [])
      n += (await db.collection(cmd.delete).deleteOne(q)).deletedCount
    }
    return { n }
  },
  find: async (cmd, db) => {
    checkProjection(cmd.projection)
    let c = db.collection(cmd.find).find(cmd.filter ?? {}, cmd.projection ? { projection: cmd.projection } : undefined)
    if (cmd.sort) c = c.sort(cmd.sort)
    if (cmd.limit) c = c.limit(Math.abs(Number(cmd.limit)))
    return cursor(`${db.dbName}.${cmd.find}`, await c.toArray())
  },
  getMore: (cmd, db) => ({ cursor: { id: Long.fromNumber(0), ns: `${db.dbName}.${cmd.collection}`, nextBatch: [] } }),
  createIndexes: async (cmd, db) => {
    const coll = db.collection(cmd.createIndexes)
    const before = (await coll.indexes()).length
    for (const ix of cmd.indexes as Document[]) {
      const { key, ...options } = ix
      await coll.createIndex(key, options)
    }
    return {
      numIndexesBefore: before,
      numIndexesAfter: (await coll.indexes()).length,
      createdCollectionAutomatically: false,
    }
  },
  listIndexes: async (cmd, db) =>
    cursor(
      `${db.dbName}.${cmd.listIndexes}`,
      (await db.collection(cmd.listIndexes).indexes()).map((i) => ({ v: 2, ...i })),
    ),
  create: async (cmd, db) => {
    const { create, $db: _db, lsid: _lsid, ...options } = cmd
    await db.createCollection(create, options)
    return {}
  },
  collMod: (cmd, db) => {
    const coll = db.collection(cmd.collMod) as StandinCollection
    checkFilter(cmd.validator, 'validator')
    if (cmd.validator) coll.validator = cmd.validator
    return {}
  },
  listCollections: async (cmd, db) =>
    cursor(
      `${db.dbName}.$cmd.listCollections`,
      (await db.listCollections(cmd.filter ?? {}).toArray()).map((c) => ({
        ...c,
        options: {},
        info: { readOnly: c.type === 'view' },
      })),
    ),
  dropDatabase: (_cmd, db, { server }) => {
    server.dbs.delete(db.dbName)
    return {}
  },
}

const BUILD_INFO = { version: '0.0.0-standin', versionArray: [0, 0, 0, 0], standin: true }
