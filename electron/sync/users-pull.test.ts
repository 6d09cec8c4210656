import { ObjectId } from 'bson'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { expectPosError } from '../../tests/support/backend'
import { hashPin, pepperVerifier } from '../auth/pin'
import { centralFromLocal } from './catalog-export'
import { listPullRejects } from './repo'
import { openKit, type Kit } from './test-kit'

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
    const row = k.b.ctx.db.prepare("SELECT * FROM users WHERE username = 'maria'").get() as Record<string, unknown>
    const doc = centralFromLocal(row)
    expect(doc).toMatchObject({ username: 'maria', role: 'manager' })
    for (const field of ['password_hash', 'failed_logins', 'locked_until', 'login_lockouts', 'approve_failed'])
      expect(doc, field).not.toHaveProperty(field)
    expect(centralFromLocal({ ...row, password_hash: hashPin('2580') })).toHaveProperty('password_hash')
    for (const d of await k.t.all('users')) expect(d).not.toHaveProperty('password_hash')
  })
})
