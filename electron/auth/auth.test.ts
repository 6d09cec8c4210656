import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { expectPosError, testBackend, type TestBackend } from '../../tests/support/backend'

let b: TestBackend
beforeEach(() => {
  // Logins only: no shift, so the audit trail holds exactly what these tests did.
  b = testBackend({ shift: false })
})
afterEach(() => b.cleanup())

const userId = async (username: string) => (await b.call('s', 'auth-users')).find((u) => u.username === username)!._id
const actions = () =>
  (b.ctx.db.prepare('SELECT action FROM audit_logs ORDER BY seq').all() as { action: string }[]).map((r) => r.action)

describe('PIN login', () => {
  it('lists the store users and logs in with the right PIN', async () => {
    const users = await b.call('s', 'auth-users')
    expect(users.map((u) => u.username).sort()).toEqual(['alex', 'ana', 'carlos', 'chloe', 'maria'])
    expect(users[0]).not.toHaveProperty('password_hash')
    const session = await b.call('s', 'auth-login', { userId: await userId('carlos'), pin: '1111' })
    expect(session.user.name).toBe('Carlos Cashier')
    expect(session.permissions).toContain('sale.create')
    expect(session.permissions).not.toContain('printer.configure')
    expect(await b.call('s', 'auth-session')).toMatchObject({ locked: false })
    expect(actions()).toEqual(['auth.login'])
  })

  it('says how many tries are left on a wrong PIN, and audits it', async () => {
    const id = await userId('carlos')
    const err = await expectPosError(b.call('s', 'auth-login', { userId: id, pin: '9999' }), 'PIN_WRONG')
    expect(err.message).toBe('Wrong PIN. 4 tries left before a one-minute lock.')
    expect(await b.call('s', 'auth-session')).toBeNull()
    expect(actions()).toEqual(['auth.login_failed'])
  })

  it('locks the user for a minute after five wrong PINs in a row, even against the right PIN', async () => {
    const id = await userId('chloe')
    for (let i = 0; i < 4; i++)
      await expectPosError(b.call('s', 'auth-login', { userId: id, pin: '0000' }), 'PIN_WRONG')
    const locked = await expectPosError(b.call('s', 'auth-login', { userId: id, pin: '0000' }), 'LOCKED_OUT')
    expect(locked.message).toMatch(/one minute/)
    b.clock.advance(30_000)
    const still = await expectPosError(b.call('s', 'auth-login', { userId: id, pin: '2222' }), 'LOCKED_OUT')
    expect(still.message).toBe('Too many wrong PINs. Try again in 30 seconds.')
    b.clock.advance(30_000)
    await b.call('s', 'auth-login', { userId: id, pin: '2222' })
    expect(actions().filter((a) => a === 'auth.locked_out')).toHaveLength(1)
    expect(actions()).toContain('auth.login_refused_locked')
  })

  it('a correct PIN resets the count of wrong ones', async () => {
    const id = await userId('carlos')
    for (let i = 0; i < 4; i++)
      await expectPosError(b.call('s', 'auth-login', { userId: id, pin: '0000' }), 'PIN_WRONG')
    await b.call('s', 'auth-login', { userId: id, pin: '1111' })
    const err = await expectPosError(b.call('s', 'auth-login', { userId: id, pin: '0000' }), 'PIN_WRONG')
    expect(err.details).toMatchObject({ attempts_left: 4 })
  })

  it('refuses a malformed PIN before checking anything', async () => {
    const err = await expectPosError(
      b.call('s', 'auth-login', { userId: await userId('carlos'), pin: '12a' }),
      'VALIDATION',
    )
    expect(err.message).toMatch(/4 to 8 digits/)
    expect(actions()).toEqual([])
  })
})

describe('lock screen and permissions', () => {
  it('locks the session until the same user enters their PIN', async () => {
    const s = await b.login('carlos')
    await b.call(s, 'auth-lock')
    await expectPosError(b.call(s, 'game-list'), 'SCREEN_LOCKED')
    await expectPosError(b.call(s, 'auth-unlock', { pin: '2222' }), 'PIN_WRONG')
    await b.call(s, 'auth-unlock', { pin: '1111' })
    expect((await b.call(s, 'game-list')).length).toBe(4)
  })

  it('logs out a locked session whose unlock attempts are exhausted', async () => {
    const s = await b.login('carlos')
    await b.call(s, 'auth-lock')
    for (let i = 0; i < 4; i++) await expectPosError(b.call(s, 'auth-unlock', { pin: '0000' }), 'PIN_WRONG')
    await expectPosError(b.call(s, 'auth-unlock', { pin: '0000' }), 'LOCKED_OUT')
    expect(await b.call(s, 'auth-session')).toBeNull()
  })

  it('refuses a cashier manager-only actions in the backend, and audits the attempt', async () => {
    const s = await b.login('carlos')
    const err = await expectPosError(b.call(s, 'printer-set', { uri: 'tcp://127.0.0.1:9100' }), 'FORBIDDEN')
    expect(err.message).toMatch(/manager/)
    expect(actions()).toContain('auth.denied')
    const m = await b.login('maria')
    expect(await b.call(m, 'printer-set', { uri: 'tcp://127.0.0.1:9100' })).toMatchObject({
      uri: 'tcp://127.0.0.1:9100',
      type: 'epson',
    })
  })

  it('ends the session of a user deactivated meanwhile', async () => {
    const s = await b.login('chloe')
    b.ctx.db.prepare("UPDATE users SET status = 'inactive' WHERE username = 'chloe'").run()
    await expectPosError(b.call(s, 'game-list'), 'UNAUTHENTICATED')
  })

  it('answers an unknown handler with a stable code', async () => {
    const r = await b.dispatcher.dispatch('s', 'drop-tables', {})
    expect(r).toEqual({ ok: false, error: { code: 'UNKNOWN_HANDLER', message: 'Unknown action: drop-tables' } })
  })
})

describe('escalating lockout', () => {
  const login = (id: string, pin: string) => b.call('s', 'auth-login', { userId: id, pin })
  const fiveWrong = async (id: string) => {
    for (let i = 0; i < 4; i++) await expectPosError(login(id, '0000'), 'PIN_WRONG')
    return expectPosError(login(id, '0000'), 'LOCKED_OUT')
  }

  it('doubles each lockout with no correct PIN in between, says how long, and a correct PIN starts again', async () => {
    const id = await userId('chloe')
    const first = await fiveWrong(id)
    expect(first.message).toBe('Too many wrong PINs. Locked for one minute.')
    expect(first.details).toMatchObject({ retry_after_s: 60 })
    b.clock.advance(60_000)
    const warned = await expectPosError(login(id, '0000'), 'PIN_WRONG')
    expect(warned.message).toBe('Wrong PIN. 4 tries left before a lock of 2 minutes.')
    for (let i = 0; i < 3; i++) await expectPosError(login(id, '0000'), 'PIN_WRONG')
    const second = await expectPosError(login(id, '0000'), 'LOCKED_OUT')
    expect(second.message).toBe('Too many wrong PINs. Locked for 2 minutes.')
    expect(second.details).toMatchObject({ retry_after_s: 120 })
    b.clock.advance(60_000)
    const waiting = await expectPosError(login(id, '2222'), 'LOCKED_OUT')
    expect(waiting.message).toBe('Too many wrong PINs. Try again in one minute.')
    b.clock.advance(60_000)
    expect((await fiveWrong(id)).message).toBe('Too many wrong PINs. Locked for 4 minutes.')
    b.clock.advance(4 * 60_000)
    await login(id, '2222')
    expect((await fiveWrong(id)).message).toBe('Too many wrong PINs. Locked for one minute.')
    expect(actions().filter((a) => a === 'auth.locked_out')).toHaveLength(4)
  })

  it('stops doubling at a day', async () => {
    const id = await userId('carlos')
    b.ctx.db.prepare('UPDATE users SET login_lockouts = 20 WHERE _id = ?').run(id)
    const err = await fiveWrong(id)
    expect(err.message).toBe('Too many wrong PINs. Locked for 24 hours.')
    expect(err.details).toMatchObject({ retry_after_s: 24 * 3600 })
  })

  it('lets at most 55 guesses be checked in a day, so 10,000 cannot be', async () => {
    // The schedule: five checked guesses, then a lock of 1, 2, 4 ... minutes (at most a day), while a day lasts.
    const DAY = 24 * 3600_000
    let expected = 0
    for (let at = 0, n = 1; at < DAY; n++) {
      expected += 5
      at += Math.min(2 ** (n - 1), 24 * 60) * 60_000
    }
    expect(expected).toBe(55)
    const id = await userId('maria')
    const end = b.clock().getTime() + DAY
    let checked = 0
    let guess = 0
    const locks: number[] = []
    while (b.clock().getTime() < end) {
      const pin = String(guess++).padStart(4, '0')
      if (pin === '2580') continue
      const r = await b.dispatcher.dispatch('s', 'auth-login', { userId: id, pin })
      if (r.ok) throw new Error('a wrong PIN logged in')
      expect(r.error.code).toMatch(/^(PIN_WRONG|LOCKED_OUT)$/)
      checked++
      if (r.error.code === 'LOCKED_OUT') {
        const s = (r.error.details as { retry_after_s: number }).retry_after_s
        locks.push(s / 60)
        // Guessing on while locked is refused without checking the PIN.
        const refused = await b.dispatcher.dispatch('s', 'auth-login', { userId: id, pin: '2580' })
        expect(refused).toMatchObject({ ok: false, error: { code: 'LOCKED_OUT' } })
        b.clock.advance(s * 1000)
      }
    }
    expect(checked).toBe(expected)
    expect(locks).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024])
    expect(checked).toBeLessThan(10_000)
    // From then on five a day: 10,000 guesses take more than five years.
    expect(Math.ceil((10_000 - checked) / 5) / 365).toBeGreaterThan(5)
  })
})
