import { ObjectId, type Document } from 'bson'
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { MongoServerError } from 'mongodb'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StandinWireServer } from '../../tests/support/mongo-standin-wire'
import { openKit, type Kit } from './test-kit'
import { INDEXES, provisionCentral, storeViewReader, TERMINAL_ROLE, terminalRole } from './provision'
import { listConflicts } from './repo'
import type { TargetDb } from './target'

let k: Kit
beforeEach(async () => {
  // openKit provisions central (collections, indexes, this store's views) before seeding it.
  k = await openKit('provision')
})
afterEach(() => k.close())

type Indexed = { indexes(): Promise<{ name: string; key: Record<string, number>; unique?: boolean }[]> }

describe('central provisioning', () => {
  it('creates every index, unique where idempotency or identity needs it, and is safe to run again', async () => {
    const again = await provisionCentral(k.t.db, { dbName: 'lottery_test', storeIds: [k.b.ctx.store._id] })
    expect(again.indexes).toHaveLength(INDEXES.length)
    const tickets = await (k.t.db.collection('tickets') as unknown as Indexed).indexes()
    expect(tickets.find((i) => i.key.ticket_number === 1)?.unique).toBe(true)
    const lotteries = await (k.t.db.collection('lotteries') as unknown as Indexed).indexes()
    expect(lotteries.find((i) => i.key.code === 1)?.unique).toBe(true)
    expect(lotteries.some((i) => i.key.updated_at === 1 && i.key._id === 1)).toBe(true)
    // Products' checkpoint reads their seed timestamp, last_updated.
    const products = await (k.t.db.collection('products') as unknown as Indexed).indexes()
    expect(products.some((i) => i.key.last_updated === 1 && i.key._id === 1)).toBe(true)
    expect(products.find((i) => i.key.sku === 1)?.unique).toBe(true)
    expect(again.createUser[0]).toMatch(
      /^db\.getSiblingDB\('lottery_test'\)\.createUser\(\{ user: 'pos-.*', pwd: passwordPrompt\(\), roles: \[\{ role: 'posTerminal_[0-9a-f]{24}'/,
    )
    // Roles need a real server: the stand-in has no users or roles and says so.
    for (const r of again.roles) expect(r.result).toMatch(k.t.real ? /created|updated/ : /^skipped: .*stand-in/)
  })

  it('grants only what a terminal needs', () => {
    const role = terminalRole('lottery')
    const actions = Object.fromEntries(
      (role.privileges as { resource: { collection: string }; actions: string[] }[]).map((p) => [
        p.resource.collection,
        p.actions,
      ]),
    )
    expect(role.createRole).toBe(TERMINAL_ROLE)
    expect(actions).toEqual({
      tickets: ['insert', 'update'],
      sales: ['insert'],
      inventory_movements: ['insert'],
      audit_logs: ['insert', 'find'],
      inventory: ['insert', 'update'],
      lotteries: ['find'],
      draw_results: ['find'],
      winning_claims: ['insert'],
      cancellations: ['insert'],
      // A shift is inserted when it opens and updated once, when it closes; its movements and reports are inserts.
      shifts: ['insert', 'update'],
      shift_movements: ['insert'],
      reports: ['insert'],
      inventory_adjustments: ['insert'],
      notifications: ['insert', 'update'],
      // A manager adds and edits them locally; central takes the edit as a field update. They are the chain's
      // catalogue too (no store_id): the pull reads the whole collection.
      products: ['insert', 'update', 'find'],
      suppliers: ['insert', 'update', 'find'],
      inventory_transactions: ['insert', 'update'],
      packs: ['insert', 'update'],
      pack_events: ['insert'],
      // A budget and its items change as they are edited and as money posts; its transactions never change.
      budgets: ['insert', 'update'],
      budget_items: ['insert', 'update'],
      budget_transactions: ['insert'],
      // The store's users, added and edited at the counter (never a PIN: terminals send no verifiers).
      users: ['insert', 'update'],
      // Its own heartbeat document: inserted once, then updated; its status is read through the store's view.
      pos_devices: ['insert', 'update'],
    })
  })

  it('a terminal reading through its store views pushes, detects duplicates and pulls exactly as with the collections', async () => {
    const other = new ObjectId()
    await k.t.db.collection('users').insertMany(
      [
        {
          _id: new ObjectId(),
          name: 'Elsewhere',
          role: 'staff',
          username: 'far',
          password_hash: 'x',
          store_id: other,
          status: 'active',
          permissions: [],
          created_at: new Date(),
          updated_at: new Date(),
        },
      ],
      { ordered: false },
    )
    await k.sell('PICK3', 2)
    const e = k.engine({ readName: storeViewReader(k.b.ctx.store._id) })
    k.t.faulty.injectFault(1, 'after')
    await e.syncNow()
    const report = await e.syncNow()
    expect(report.error).toBeNull()
    expect(listConflicts(k.b.ctx.db)).toEqual([])
    expect(e.status().pending).toBe(0)
    expect(k.b.ctx.db.prepare("SELECT COUNT(*) AS n FROM users WHERE username = 'far'").get()).toEqual({ n: 0 })
  })

  it('turns a ticket number already used by another document into a visible conflict', async () => {
    await k.sell('PICK3', 1)
    const number = (k.b.ctx.db.prepare('SELECT ticket_number FROM tickets').get() as { ticket_number: string })
      .ticket_number
    await k.t.db.collection('tickets').insertMany([{ _id: new ObjectId(), ticket_number: number }], { ordered: false })
    const report = await k.engine().syncNow()
    expect(report.pushed.conflicts).toBe(1)
    expect(listConflicts(k.b.ctx.db)[0].reason).toMatch(/same unique key.*E11000/)
  })
})

/** Central as it is, except that createRole fails as `refusal` says (a real server's answer). */
function refusingRoles(db: TargetDb, refusal: Document): TargetDb {
  return {
    collection: (name) => db.collection(name),
    createCollection: (name, options) => db.createCollection!(name, options),
    listCollections: (filter) => db.listCollections!(filter),
    command: async (cmd) => {
      if ('createRole' in cmd) throw new MongoServerError(refusal)
      return db.command!(cmd)
    },
  }
}

const unauthorized = {
  message: 'not authorized on lottery_test to execute command { createRole: "posTerminal" }',
  code: 13,
  codeName: 'Unauthorized',
}

describe('central provisioning when a role cannot be created', () => {
  it('fails loudly when the server refuses createRole, naming the role and what to do', async () => {
    const db = refusingRoles(k.t.db, unauthorized)
    await expect(provisionCentral(db, { dbName: 'lottery_test', storeIds: [k.b.ctx.store._id] })).rejects.toThrow(
      /^could not create the role posTerminal in lottery_test: not authorized on lottery_test .*least-privilege role does not exist.*userAdmin on lottery_test/,
    )
  })

  it("takes only the stand-in's own refusal as its known gap: a server's CommandNotSupported fails too", async () => {
    const db = refusingRoles(k.t.db, {
      message: 'createRole is not supported here',
      code: 115,
      codeName: 'CommandNotSupported',
    })
    await expect(provisionCentral(db, { dbName: 'lottery_test', storeIds: [] })).rejects.toThrow(
      /could not create the role posTerminal in lottery_test: createRole is not supported here/,
    )
  })

  describe('npm run central:provision', () => {
    let server: StandinWireServer
    beforeEach(async () => {
      server = new StandinWireServer()
      await server.listen()
    })
    afterEach(() => server.close())

    // Async: the wire stand-in lives in this process and must keep answering.
    const provision = () =>
      promisify(execFile)(
        process.execPath,
        [
          '--import',
          'tsx',
          path.resolve('electron/sync/provision-cli.ts'),
          server.uri,
          '--db',
          'pos_cli',
          '--store',
          k.b.ctx.store._id,
        ],
        { encoding: 'utf8' },
      )

    it('exits non-zero with a clear message when the server refuses createRole', async () => {
      server.refuse.set('createRole', { code: 13, codeName: 'Unauthorized', errmsg: unauthorized.message })
      const failure = await provision().then(
        () => null,
        (err: { code: number; stdout: string; stderr: string }) => err,
      )
      expect(failure?.code).toBe(1)
      expect(failure?.stderr).toMatch(/^could not create the role posTerminal in pos_cli: not authorized on/)
      expect(failure?.stdout).not.toMatch(/role posTerminal:/)
    })

    it('names a store by its number, as on its terminals’ files; a number central does not know is refused', async () => {
      const run = (...args: string[]) =>
        promisify(execFile)(
          process.execPath,
          ['--import', 'tsx', path.resolve('electron/sync/provision-cli.ts'), server.uri, '--db', 'pos_cli', ...args],
          { encoding: 'utf8' },
        )
      const failed = (args: string[]) =>
        run(...args).then(
          () => null,
          (err: { code: number; stderr: string }) => err,
        )
      const store = k.b.ctx.store
      const other = String(store.store_number + 1)
      expect((await failed(['--store', other]))?.stderr).toContain(
        `--store ${other}: central has no store number ${store.store_number + 1}. Load the store first`,
      )
      expect((await failed(['--store', 'corner-shop']))?.stderr).toContain("give the store's number")
      // Once central holds the store (its catalogue loaded from a terminal), its number is enough.
      await run('--seed-from', k.b.ctx.db.name)
      const { stdout } = await run('--store', String(store.store_number))
      expect(stdout).toMatch(new RegExp(`^views: .*${store._id}`, 'm'))
      expect(stdout).toContain(`posTerminal_${store._id}`)
      // Named with the file it came from too, the file and central agree on which store that is.
      expect((await run('--seed-from', k.b.ctx.db.name, '--store', String(store.store_number))).stdout).toContain(
        `posTerminal_${store._id}`,
      )
      // A second store under the same number in central: the number no longer says which, so it is refused.
      const { MongoClient } = await import('mongodb')
      const client = new MongoClient(server.uri)
      await client.connect()
      const twin = { ...(await client.db('pos_cli').collection('stores').findOne({})), _id: new ObjectId() }
      await client.db('pos_cli').collection('stores').insertOne(twin)
      await client.close()
      expect((await failed(['--store', String(store.store_number)]))?.stderr).toContain(
        `more than one store has number ${store.store_number}`,
      )
    })

    it('exits 0 on the stand-in, saying plainly that no role was created', async () => {
      const { stdout } = await provision()
      expect(stdout).toMatch(
        /role posTerminal: skipped: the MongoDB stand-in does not support the command 'createRole' \(it has no users or roles/,
      )
      expect(stdout).toContain('No role was created: this is the MongoDB stand-in, not a MongoDB server.')
    })
  })
})
