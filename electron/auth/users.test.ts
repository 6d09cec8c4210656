import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OneTimePin, UserView } from '../../shared/contract'
import { expectPosError, testBackend, type TestBackend } from '../../tests/support/backend'
import { PIN_HANDOFF } from './pin'
import { approveAsManager } from './service'

// User administration (issue 16), through the dispatcher against a real SQLite file: every rule, and on every
// refusal nothing written (users, audit, outbox unchanged).
let b: TestBackend
beforeEach(async () => {
  b = testBackend()
  await b.login('maria')
  await b.login('alex')
  await b.login('ana')
})
afterEach(() => b.cleanup())

const idOf = (username: string) =>
  (b.ctx.db.prepare('SELECT _id FROM users WHERE username = ?').get(username) as { _id: string })._id
const snapshot = () =>
  b.ctx.db
    .prepare(
      `SELECT (SELECT group_concat(_id || role || status || permissions || password_hash || must_change_pin, ',') FROM users) AS users,
        (SELECT COUNT(*) FROM audit_logs) AS audit, (SELECT COUNT(*) FROM outbox) AS outbox`,
    )
    .get()
const dana = {
  name: 'Dana Doe',
  username: 'dana',
  email: 'dana@example.com',
  phone: '+1 555 010 7788',
  role: 'staff' as const,
}
const outboxOf = (id: string) =>
  (
    b.ctx.db
      .prepare('SELECT op, payload FROM outbox WHERE collection = ? AND doc_id = ? ORDER BY seq')
      .all('users', id) as {
      op: string
      payload: string
    }[]
  ).map((r) => ({ op: r.op, doc: JSON.parse(r.payload) as Record<string, unknown> }))
const lastAudit = () =>
  b.ctx.db
    .prepare('SELECT user_id, action, entity_id, description FROM audit_logs ORDER BY rowid DESC LIMIT 1')
    .get() as {
    user_id: string
    action: string
    entity_id: string
    description: string
  }

async function addDana(as = 'maria', fields: object = {}): Promise<OneTimePin> {
  return (await b.call(as, 'user-save', { user: { ...dana, ...fields } })) as OneTimePin
}

describe('a manager adds a cashier', () => {
  it('puts the new cashier last among the cashiers on the login: nobody else\'s number key changes', async () => {
    const before = (await b.call('x', 'auth-users')).map((u) => u.username)
    b.clock.advance(60_000)
    await addDana('maria', { name: 'Aaron Able', username: 'aaron' })
    const after = (await b.call('x', 'auth-users')).map((u) => u.username)
    const cashiers = before.filter((u) => u === 'carlos' || u === 'chloe')
    expect(after.slice(0, cashiers.length + 1)).toEqual([...cashiers, 'aaron'])
    expect(after.filter((u) => u !== 'aaron')).toEqual(before)
  })

  it('gives a one-time PIN that opens only Change PIN, then the cashier sells with their own', async () => {
    const { user, pin } = await addDana()
    expect(user).toMatchObject({
      username: 'dana',
      role: 'staff',
      status: 'active',
      must_change_pin: true,
      has_pin: true,
    })
    expect(pin).toMatch(/^\d{4}$/)
    const list = await b.call('maria', 'user-list')
    expect(list.map((u) => u.username)).toContain('dana')

    const session = await b.call('dana', 'auth-login', { userId: user._id, pin })
    expect(session.mustChangePin).toBe(true)
    await expectPosError(b.call('dana', 'status-get'), 'PIN_CHANGE_REQUIRED')
    await expectPosError(b.call('dana', 'auth-change-pin', { old: pin, pin: '1234' }), 'PIN_WEAK')
    await expectPosError(b.call('dana', 'auth-change-pin', { old: pin, pin }), 'PIN_WEAK')
    await expectPosError(b.call('dana', 'auth-change-pin', { old: '0000', pin: '4862' }), 'PIN_WRONG')
    const changed = await b.call('dana', 'auth-change-pin', { old: pin, pin: '4862' })
    expect(changed.mustChangePin).toBe(false)
    await b.call('dana', 'status-get')
    await b.call('dana', 'auth-logout')
    await expectPosError(b.call('dana', 'auth-login', { userId: user._id, pin }), 'PIN_WRONG')
    expect((await b.call('dana', 'auth-login', { userId: user._id, pin: '4862' })).mustChangePin).toBe(false)
  })

  it('audits who did what, before and after, and never the PIN; queues the user for central, its PIN as a marker', async () => {
    const { user, pin } = await addDana()
    expect(lastAudit()).toMatchObject({ user_id: idOf('maria'), action: 'user.add', entity_id: user._id })
    await b.call('maria', 'user-save', { id: user._id, user: { ...dana, phone: '', name: 'Dana D.' } })
    const edit = lastAudit()
    expect(edit.action).toBe('user.edit')
    expect(edit.description).toContain('name Dana Doe -> Dana D.')
    expect(edit.description).toContain('phone +1 555 010 7788 -> (none)')
    await b.call('maria', 'user-reset-pin', { id: user._id })
    expect(lastAudit().action).toBe('user.pin_reset')
    const all = b.ctx.db.prepare('SELECT description FROM audit_logs').all() as { description: string }[]
    expect(all.some((a) => a.description.includes(pin))).toBe(false)
    const queued = outboxOf(user._id)
    expect(queued.map((q) => q.op)).toEqual(['insert', 'update', 'update', 'update'])
    expect(queued[0].doc).toMatchObject({ username: 'dana', role: 'staff', status: 'active', permissions: [] })
    expect(queued[0].doc).not.toHaveProperty('password_hash')
    expect(queued[2].doc).toEqual({ _id: user._id, name: 'Dana D.', phone: null, updated_at: expect.any(String) })
    // The one-time PINs (the new user's, the reset's) go to central for the other terminals, but the outbox holds
    // only a marker for each (the push puts central's form in as it sends: sync/pin-handoff.ts).
    for (const q of [queued[1], queued[3]])
      expect(q.doc).toEqual({
        _id: user._id,
        password_hash: PIN_HANDOFF,
        must_change_pin: true,
        pin_set_at: expect.any(String),
      })
    const outbox = b.ctx.db
      .prepare("SELECT group_concat(payload) AS p FROM outbox WHERE collection = 'users'")
      .get() as {
      p: string
    }
    expect(outbox.p).not.toMatch(/scrypt\$/)
  })

  it('gives managers and admins a 6-digit one-time PIN; only an admin makes one', async () => {
    const before = snapshot()
    const refused = await expectPosError(
      b.call('maria', 'user-save', { user: { ...dana, role: 'manager' } }),
      'USER_RULE',
    )
    expect(refused.message).toMatch(/Only an admin/)
    expect(snapshot()).toEqual(before)
    const { pin, user } = (await b.call('alex', 'user-save', { user: { ...dana, role: 'manager' } })) as OneTimePin
    expect(pin).toMatch(/^\d{6}$/)
    await expectPosError(b.call('maria', 'user-set-status', { id: user._id, status: 'inactive' }), 'USER_RULE')
    await expectPosError(b.call('maria', 'user-reset-pin', { id: user._id }), 'USER_RULE')
  })
})

describe('refused, with nothing written', () => {
  const cases: [string, () => Promise<unknown>, string][] = [
    ['a duplicate username (any case)', () => addDana('maria', { username: 'Carlos' }), 'USERNAME_TAKEN'],
    ['an email that is not one', () => addDana('maria', { email: 'dana@' }), 'VALIDATION'],
    ['a phone that is not one', () => addDana('maria', { phone: 'call me' }), 'VALIDATION'],
    ['a username with spaces', () => addDana('maria', { username: 'da na' }), 'VALIDATION'],
    [
      'a name that reorders itself on a tile (U+202E)',
      () => addDana('maria', { name: 'Dana \u202eeoD' }),
      'VALIDATION',
    ],
    ['a name with a control character', () => addDana('maria', { name: 'Dana\u0007' }), 'VALIDATION'],
    ['an unknown permission', () => addDana('alex', { permissions: ['sale.everything'] }), 'USER_RULE'],
    ['an accountant adding a user', () => addDana('ana'), 'FORBIDDEN'],
    ['an unknown role', () => addDana('maria', { role: 'root' }), 'VALIDATION'],
    ['a staff user calling any user handler', () => b.call('chloe-as-guest', 'user-list'), 'FORBIDDEN'],
    [
      'deactivating the last admin',
      () => b.call('maria', 'user-set-status', { id: idOf('alex'), status: 'inactive' }),
      'USER_RULE',
    ],
    [
      'demoting the last admin',
      () =>
        b.call('alex', 'user-save', {
          id: idOf('alex'),
          user: { name: 'Alex Admin', username: 'alex', role: 'manager', email: '', phone: '' },
        }),
      'USER_RULE',
    ],
    [
      'deactivating oneself',
      () => b.call('alex', 'user-set-status', { id: idOf('alex'), status: 'inactive' }),
      'USER_RULE',
    ],
    ['resetting one’s own PIN', () => b.call('alex', 'user-reset-pin', { id: idOf('alex') }), 'USER_RULE'],
    [
      'a user of no store here',
      () => b.call('maria', 'user-reset-pin', { id: 'ffffffffffffffffffffffff' }),
      'NOT_FOUND',
    ],
  ]
  it.each(cases)('%s', async (_what, run, code) => {
    await b.login('chloe', 'chloe-as-guest')
    const before = snapshot() as { audit: number; outbox: number }
    await expectPosError(run(), code)
    // A denied call is itself on record (one audit entry, queued for central); nothing else is written.
    const denied = code === 'FORBIDDEN' ? 1 : 0
    expect(snapshot()).toEqual({ ...before, audit: before.audit + denied, outbox: before.outbox + denied })
  })

  it('a cashier granted user.manage still cannot grant what they do not hold', async () => {
    const { user, pin } = (await b.call('alex', 'user-save', {
      user: { ...dana, permissions: ['user.manage'] },
    })) as OneTimePin
    await b.call('dana', 'auth-login', { userId: user._id, pin })
    await b.call('dana', 'auth-change-pin', { old: pin, pin: '4862' })
    const before = snapshot()
    const err = await expectPosError(
      b.call('dana', 'user-save', { user: { ...dana, username: 'eve', permissions: ['settings.manage'] } }),
      'USER_RULE',
    )
    expect(err.message).toContain('settings.manage')
    await expectPosError(
      b.call('dana', 'user-save', { user: { ...dana, username: 'eve', role: 'accountant' } }),
      'USER_RULE',
    )
    expect(snapshot()).toEqual(before)
    // Nor take over who holds more than they do: a reset's one-time PIN would be theirs.
    await expectPosError(b.call('dana', 'user-reset-pin', { id: idOf('ana') }), 'USER_RULE')
    await expectPosError(b.call('dana', 'user-set-status', { id: idOf('ana'), status: 'inactive' }), 'USER_RULE')
    expect(snapshot()).toEqual(before)
    // What they hold they may give: a plain cashier.
    await b.call('dana', 'user-save', { user: { ...dana, username: 'eve' } })
  })
})

describe('deactivation and PIN rules', () => {
  it('ends the user’s open session at their next action, and they cannot log in again', async () => {
    await b.login('carlos')
    await b.call('carlos', 'status-get')
    const view = (await b.call('maria', 'user-set-status', { id: idOf('carlos'), status: 'inactive' })) as UserView
    expect(view.status).toBe('inactive')
    await expectPosError(b.call('carlos', 'status-get'), 'UNAUTHENTICATED')
    expect(await b.call('carlos', 'auth-session')).toBeNull()
    await expectPosError(b.call('again', 'auth-login', { userId: idOf('carlos'), pin: '1111' }), 'USER_INACTIVE')
    expect((await b.call('x', 'auth-users')).map((u) => u.username)).not.toContain('carlos')
    await b.call('maria', 'user-set-status', { id: idOf('carlos'), status: 'active' })
    await b.login('carlos')
  })

  it('a reset clears a lockout, ends the sessions and must be changed', async () => {
    const chloe = idOf('chloe')
    for (let i = 0; i < 5; i++) await b.dispatcher.dispatch('guess', 'auth-login', { userId: chloe, pin: '9999' })
    await expectPosError(b.login('chloe'), 'LOCKED_OUT')
    const { pin } = await b.call('maria', 'user-reset-pin', { id: chloe })
    const s = await b.call('chloe2', 'auth-login', { userId: chloe, pin })
    expect(s.mustChangePin).toBe(true)
    await expectPosError(b.call('chloe2', 'auth-change-pin', { old: pin, pin: '1990' }), 'PIN_WEAK')
    await expectPosError(b.call('chloe2', 'auth-change-pin', { old: pin, pin: '55' }), 'VALIDATION')
    await b.call('chloe2', 'auth-change-pin', { old: pin, pin: '2468' })
  })

  it('a one-time PIN never approves; a change of PIN ends the user’s other sessions', async () => {
    const maria = idOf('maria')
    const { pin } = (await b.call('alex', 'user-reset-pin', { id: maria })) as OneTimePin
    expect(() => approveAsManager(b.ctx, { userId: maria, pin }, 'A copy')).toThrow(/must choose their own PIN/)
    await b.call('maria-1', 'auth-login', { userId: maria, pin })
    await b.call('maria-2', 'auth-login', { userId: maria, pin })
    await b.call('maria-1', 'auth-change-pin', { old: pin, pin: '486213' })
    expect(await b.call('maria-2', 'auth-session')).toBeNull()
    await b.call('maria-1', 'status-get')
    expect(approveAsManager(b.ctx, { userId: maria, pin: '486213' }, 'A copy').username).toBe('maria')
  })

  it('reads the user at every call: a PIN made one-time or a deactivation by a pull holds the session at once', async () => {
    await b.login('carlos')
    expect(b.dispatcher.stateOf('carlos')).toBe('active')
    // As a pull would leave the row: a reset made at another terminal.
    b.ctx.db.prepare("UPDATE users SET must_change_pin = 1 WHERE username = 'carlos'").run()
    expect(b.dispatcher.stateOf('carlos')).toBe('locked')
    expect(b.dispatcher.permissionsOf('carlos')).toEqual([])
    await expectPosError(b.call('carlos', 'status-get'), 'PIN_CHANGE_REQUIRED')
    b.ctx.db.prepare("UPDATE users SET status = 'inactive' WHERE username = 'carlos'").run()
    // The event streams drop them before any call (sessionState reads the same).
    expect(b.dispatcher.stateOf('carlos')).toBe('none')
  })

  it('a cashier made a manager chooses a 6-digit PIN at the next login, and approves nothing before', async () => {
    await b.call('alex', 'user-save', {
      id: idOf('chloe'),
      user: { name: 'Chloe Cashier', username: 'chloe', role: 'manager' },
    })
    expect(() => approveAsManager(b.ctx, { userId: idOf('chloe'), pin: '2222' }, 'A copy')).toThrow(/own PIN/)
    const s = await b.call('chloe-m', 'auth-login', { userId: idOf('chloe'), pin: '2222' })
    expect(s.mustChangePin).toBe(true)
    await expectPosError(b.call('chloe-m', 'auth-change-pin', { old: '2222', pin: '4862' }), 'PIN_WEAK')
    await b.call('chloe-m', 'auth-change-pin', { old: '2222', pin: '486213' })
    expect(approveAsManager(b.ctx, { userId: idOf('chloe'), pin: '486213' }, 'A copy').username).toBe('chloe')
  })

  it('a manager’s own Change PIN wants 6 digits', async () => {
    const err = await expectPosError(b.call('maria', 'auth-change-pin', { old: '2580', pin: '4862' }), 'PIN_WEAK')
    expect(err.message).toMatch(/manager's PIN is 6 to 8 digits/)
    await b.call('maria', 'auth-change-pin', { old: '2580', pin: '486213' })
    await b.call('maria', 'auth-logout')
    await b.call('maria', 'auth-login', { userId: idOf('maria'), pin: '486213' })
  })

  it('the accountant sees reports and budgets, never sells nor opens the drawer', async () => {
    const s = (await b.call('ana', 'auth-session'))!
    expect(s.permissions).toEqual(expect.arrayContaining(['view_reports', 'create_budget']))
    expect(s.permissions).not.toContain('sale.create')
    expect(s.permissions).not.toContain('drawer.open')
    await expectPosError(b.call('ana', 'shift-no-sale', { reason: 'change' }), 'FORBIDDEN')
    // Nor approves at the counter as a manager would, with the right PIN.
    expect(() => approveAsManager(b.ctx, { userId: idOf('ana'), pin: '4826' }, 'A copy')).toThrow(
      /Only an active manager/,
    )
    expect(approveAsManager(b.ctx, { userId: idOf('alex'), pin: '135790' }, 'A copy').username).toBe('alex')
    await expectPosError(b.call('ana', 'user-list'), 'FORBIDDEN')
  })
})
