import { ObjectId } from 'bson'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { expectPosError } from '../../tests/support/backend'
import { hashPin, pepperVerifier } from '../auth/pin'
import { centralFromLocal } from './catalog-export'
import { listPullRejects } from './repo'
import { openKit, type Kit } from './test-kit'
import { SyncEngine } from './engine'
import { pullCatalog } from './pull'
import { testBackend } from '../../tests/support/backend'

// Users pulled from central: a PIN verifier arrives in central's plain form and is stored peppered.
let k: Kit
beforeEach(async () => {
  k = await openKit('users-pull')
})
afterEach(() => k.close())

const later = (minutes: number) => new Date(Date.parse('2026-11-21T16:00:00Z') + minutes * 60_000)
const hashOf = (username: string) =>
  (
    k.b.ctx.db.prepare('SELECT password_hash FROM users WHERE username = ?').get(username) as
      { password_hash: string } | undefined
  )?.password_hash
const idOf = (username: string) =>
  (k.b.ctx.db.prepare('SELECT _id FROM users WHERE username = ?').get(username) as { _id: string })._id
const setUser = (username: string, fields: object) =>
  k.t.db.collection('users').updateOne({ _id: ObjectId.createFromHexString(idOf(username)) }, { $set: fields })
const newUser = (username: string, fields: object) =>
  k.t.db.collection('users').insertMany(
    [
      {
        _id: new ObjectId(),
        name: username,
        role: 'staff',
        username,
        store_id: ObjectId.createFromHexString(k.b.ctx.store._id),
        status: 'active',
        permissions: [],
        created_at: later(1),
        updated_at: later(1),
        ...fields,
      },
    ],
    { ordered: false },
  )
const login = (username: string, pin: string) =>
  k.b.call(`s-${username}`, 'auth-login', { userId: idOf(username), pin })
const LOCAL = /^pscrypt\$16384\$[0-9a-f]{32}\$[0-9a-f]{64}$/
const PLAIN = /(^|[^p])scrypt\$\d+\$[0-9a-f]{32}/

describe('users from central', () => {
  it('stores a PIN from central only in this terminal’s peppered form, and the PIN logs in', async () => {
    const central = hashPin('4321')
    await setUser('carlos', { password_hash: central, updated_at: later(2) })
    await newUser('dana', { password_hash: hashPin('5555') })
    expect((await k.engine().syncNow()).error).toBeNull()
    expect(hashOf('carlos')).toMatch(LOCAL)
    expect(hashOf('carlos')!.split('$')[2]).toBe(central.split('$')[2])
    expect(hashOf('dana')).toMatch(LOCAL)
    const bytes = [k.b.dbFile, `${k.b.dbFile}-wal`]
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f).toString('latin1'))
      .join('')
    expect(bytes).not.toMatch(PLAIN)
    await login('carlos', '4321')
    await login('dana', '5555')
    await expectPosError(login('carlos', '1111'), 'PIN_WRONG')
  })

  it('keeps its own PIN when central sends no usable one, and refuses a new user until central has one', async () => {
    const before = hashOf('carlos')
    await setUser('carlos', {
      name: 'Carlos C.',
      password_hash: pepperVerifier(hashPin('9999'), randomBytes(32)),
      updated_at: later(2),
    })
    await setUser('chloe', { name: 'Chloe C.', password_hash: 'x', updated_at: later(3) })
    await newUser('eve', {})
    const report = await k.engine().syncNow()
    expect(report.error).toBeNull()
    expect(k.b.ctx.db.prepare("SELECT name FROM users WHERE username = 'carlos'").get()).toEqual({ name: 'Carlos C.' })
    expect(hashOf('carlos')).toBe(before)
    await login('carlos', '1111')
    await login('chloe', '2222')
    expect(hashOf('eve')).toBeUndefined()
    expect(listPullRejects(k.b.ctx.db)).toEqual([
      expect.objectContaining({ collection: 'users', reason: expect.stringMatching(/no usable PIN/) }),
    ])
  })

  it('a terminal’s export (seed-from) sends central no PIN verifier and no lockout counters', async () => {
    const maria = "SELECT * FROM users WHERE username = 'maria'"
    k.b.ctx.db
      .prepare("UPDATE users SET pin_handoff = ?, central_pin_salt = 'ab' WHERE username = 'maria'")
      .run(hashPin('2580'))
    const row = k.b.ctx.db.prepare(maria).get() as Record<string, unknown>
    const doc = centralFromLocal(row)
    expect(doc).toMatchObject({ username: 'maria', role: 'manager' })
    for (const field of [
      'password_hash',
      'failed_logins',
      'locked_until',
      'login_lockouts',
      'approve_failed',
      'pin_handoff',
      'central_pin_salt',
    ])
      expect(doc, field).not.toHaveProperty(field)
    expect(centralFromLocal({ ...row, password_hash: hashPin('2580') })).toHaveProperty('password_hash')
    for (const d of await k.t.all('users')) expect(d).not.toHaveProperty('password_hash')
  })
})

describe('a PIN set at one terminal of the store', () => {
  it('logs in at the store’s other terminal after the sync, one-time there too; the central form then leaves the file', async () => {
    // Terminal A (the kit) adds Dana; terminal B, a second backend of the same store, pulls from the same central.
    const maria = await k.b.login('maria')
    const added = (await k.b.call(maria, 'user-save', {
      user: { name: 'Dana Doe', username: 'dana', role: 'staff' },
    })) as { user: { _id: string }; pin: string }
    const queued = k.b.ctx.db.prepare("SELECT payload FROM outbox WHERE collection = 'users'").all() as {
      payload: string
    }[]
    // The outbox holds a marker, never a verifier.
    for (const q of queued) expect(q.payload).not.toMatch(/scrypt\$/)
    expect((await k.engine().syncNow()).error).toBeNull()
    const central = (await k.t.db.collection('users').findOne({ username: 'dana' }))!
    expect(central.password_hash).toMatch(/^scrypt\$16384\$/)
    expect(central).toMatchObject({ must_change_pin: true })
    // Central has it: the plain form is gone from A's row, its file and its write-ahead log.
    expect(k.b.ctx.db.prepare('SELECT pin_handoff FROM users WHERE _id = ?').get(added.user._id)).toEqual({
      pin_handoff: null,
    })
    const bytes = [k.b.dbFile, `${k.b.dbFile}-wal`]
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f).toString('latin1'))
      .join('')
    expect(bytes).not.toMatch(PLAIN)

    const b2 = testBackend({ start: k.b.clock().toISOString() })
    try {
      const engineB = () =>
        new SyncEngine({
          db: b2.ctx.db,
          clock: b2.clock,
          log: () => {},
          connect: k.t.faulty.connect(),
          storeId: b2.ctx.store._id,
          streamId: 'ffffffffffffffffffffff02',
          deviceId: 'terminal-b',
          random: () => 0.5,
          sleep: async () => {},
        })
      expect(b2.ctx.store._id).toBe(k.b.ctx.store._id)
      expect((await engineB().syncNow()).error).toBeNull()
      const atB = await b2.call('dana-b', 'auth-login', { userId: added.user._id, pin: added.pin })
      expect(atB.mustChangePin).toBe(true)
      await b2.call('dana-b', 'auth-change-pin', { old: added.pin, pin: '4862' })
      expect((await engineB().syncNow()).error).toBeNull()
      // Back at A: Dana's own PIN, chosen at B, works; the one-time one no longer does.
      k.b.clock.advance(60_000)
      expect((await k.engine().syncNow()).error).toBeNull()
      await expectPosError(k.b.call('dana-a', 'auth-login', { userId: added.user._id, pin: added.pin }), 'PIN_WRONG')
      const atA = await k.b.call('dana-a2', 'auth-login', { userId: added.user._id, pin: '4862' })
      expect(atA.mustChangePin).toBe(false)
    } finally {
      await b2.cleanup()
    }
  })

  it('a reset at the counter is not undone when central sends the user back with the PIN it had', async () => {
    const maria = await k.b.login('maria')
    const chloe = idOf('chloe')
    const { pin } = (await k.b.call(maria, 'user-reset-pin', { id: chloe })) as { pin: string }
    // Central edits Chloe (her old PIN still there) before the reset reaches it.
    await setUser('chloe', { name: 'Chloe C.', updated_at: later(1) })
    expect((await k.engine().syncNow()).error).toBeNull()
    expect(k.b.ctx.db.prepare('SELECT name FROM users WHERE _id = ?').get(chloe)).toEqual({ name: 'Chloe C.' })
    await expectPosError(login('chloe', '2222'), 'PIN_WRONG')
    const s = await k.b.call('chloe-new', 'auth-login', { userId: chloe, pin })
    expect(s.mustChangePin).toBe(true)
  })

  it('a deactivation from central applies even over a newer local edit still on its way, and ends the session', async () => {
    const maria = await k.b.login('maria')
    await login('carlos', '1111')
    const carlos = 's-carlos'
    await setUser('carlos', { status: 'inactive', updated_at: later(1) })
    // A manager here edits Carlos later than central's deactivation; only the pull runs (the push has not).
    k.b.clock.set(later(5))
    const row = k.b.ctx.db.prepare("SELECT name, username FROM users WHERE username = 'carlos'").get() as {
      name: string
      username: string
    }
    await k.b.call(maria, 'user-save', { id: idOf('carlos'), user: { ...row, phone: '555 010 2233', role: 'staff' } })
    await pullCatalog({ db: k.b.ctx.db, target: k.t.db, clock: k.b.clock, storeId: k.b.ctx.store._id })
    expect(k.b.ctx.db.prepare("SELECT status, phone FROM users WHERE username = 'carlos'").get()).toEqual({
      status: 'inactive',
      phone: '555 010 2233',
    })
    await expectPosError(k.b.call(carlos, 'status-get'), 'UNAUTHENTICATED')
    await expectPosError(login('carlos', '1111'), 'USER_INACTIVE')
    // The edit still reaches central, which keeps him inactive.
    expect((await k.engine().syncNow()).error).toBeNull()
    expect(await k.t.db.collection('users').findOne({ username: 'carlos' })).toMatchObject({
      status: 'inactive',
      phone: '555 010 2233',
    })
  })

  it('a deactivation from central whose name carries invisible characters still applies, the name cleaned', async () => {
    await login('carlos', '1111')
    await setUser('carlos', { name: 'Carlos\u202e Cashier\u200b', status: 'inactive', updated_at: later(1) })
    expect((await k.engine().syncNow()).error).toBeNull()
    expect(k.b.ctx.db.prepare("SELECT name, status FROM users WHERE username = 'carlos'").get()).toEqual({
      name: 'Carlos Cashier',
      status: 'inactive',
    })
    await expectPosError(login('carlos', '1111'), 'USER_INACTIVE')
  })

  it('tells the managers when central takes the store’s last active admin away', async () => {
    const notices = () =>
      k.b.ctx.db.prepare("SELECT title, message FROM notifications WHERE type = 'compliance'").all() as {
        title: string
        message: string
      }[]
    await setUser('alex', { role: 'manager', updated_at: later(1) })
    expect((await k.engine().syncNow()).error).toBeNull()
    expect(k.b.ctx.db.prepare("SELECT role FROM users WHERE username = 'alex'").get()).toEqual({ role: 'manager' })
    expect(notices()).toEqual([
      { title: 'No active admin at this store', message: expect.stringMatching(/^Central removed Alex Admin/) },
    ])
    // Only the loss is told: a pull that changes nothing more adds nothing.
    await setUser('maria', { name: 'Maria M.', updated_at: later(2) })
    expect((await k.engine().syncNow()).error).toBeNull()
    expect(notices()).toHaveLength(1)
  })

  it('a store undoes its own deactivation at central, never head office’s', async () => {
    const maria = await k.b.login('maria')
    const status = async (username: string) => ({
      here: (k.b.ctx.db.prepare('SELECT status FROM users WHERE username = ?').get(username) as { status: string })
        .status,
      central: (await k.t.db.collection('users').findOne({ username }))!.status as string,
    })
    // The store deactivates Chloe and, the same day, takes it back: both reach central.
    await k.b.call(maria, 'user-set-status', { id: idOf('chloe'), status: 'inactive' })
    expect((await k.engine().syncNow()).error).toBeNull()
    await k.b.call(maria, 'user-set-status', { id: idOf('chloe'), status: 'active' })
    expect((await k.engine().syncNow()).error).toBeNull()
    expect(await status('chloe')).toEqual({ here: 'active', central: 'active' })
    // Head office deactivates Carlos; a manager here, seeing it, reactivates him: central keeps him out, and the
    // next pull brings that back here.
    await setUser('carlos', { status: 'inactive', updated_at: new Date() })
    expect((await k.engine().syncNow()).error).toBeNull()
    expect(await status('carlos')).toEqual({ here: 'inactive', central: 'inactive' })
    await k.b.call(maria, 'user-set-status', { id: idOf('carlos'), status: 'active' })
    expect((await k.engine().syncNow()).error).toBeNull()
    expect((await k.engine().syncNow()).error).toBeNull()
    expect(await status('carlos')).toEqual({ here: 'inactive', central: 'inactive' })
    await expectPosError(login('carlos', '1111'), 'USER_INACTIVE')
  })
})
