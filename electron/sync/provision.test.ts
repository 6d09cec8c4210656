import { ObjectId } from 'bson'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openKit, type Kit } from './test-kit'
import { INDEXES, provisionCentral, storeViewReader, TERMINAL_ROLE, terminalRole } from './provision'
import { listConflicts } from './repo'

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
      inventory: ['update'],
      lotteries: ['find'],
      draw_results: ['find'],
      winning_claims: ['insert'],
      cancellations: ['insert'],
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
