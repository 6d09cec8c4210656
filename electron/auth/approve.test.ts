import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { expectPosError, newRequestId, presented, testBackend, type TestBackend } from '../../tests/support/backend'

// A manager's PIN typed into a cancellation's approval dialog: its own count and lockout, apart from login.
let b: TestBackend
let s: string
let ticket: string
beforeEach(async () => {
  b = testBackend()
  const m = await b.login('maria', 'setup')
  await b.call(m, 'settings-set', { cancel_approval_threshold: 100 })
  await b.call(m, 'auth-logout')
  s = await b.login('carlos')
  const sale = await b.call(s, 'sale-create', {
    requestId: newRequestId(),
    paymentMethod: 'cash',
    lines: [{ lotteryId: b.gameId('PICK3'), quantity: 1 }],
  })
  ticket = sale.tickets[0]._id
})
afterEach(() => b.cleanup())

const id = async (username: string) => (await b.call(s, 'auth-users')).find((u) => u.username === username)!._id
const cancel = async (pin: string) =>
  b.call(s, 'ticket-cancel', {
    input: presented(b, ticket),
    reason: 'sold in error',
    approver: { userId: await id('maria'), pin },
  })
const actions = () =>
  (b.ctx.db.prepare('SELECT action FROM audit_logs ORDER BY seq').all() as { action: string }[]).map((r) => r.action)

describe('manager approval PIN', () => {
  it('five wrong approver PINs typed by a cashier lock that manager’s approvals, not their login', async () => {
    const first = await expectPosError(cancel('0000'), 'PIN_WRONG')
    expect(first.message).toBe(
      'Wrong PIN for Maria Manager. 4 tries left before approvals by Maria Manager are locked for one minute.',
    )
    for (let i = 0; i < 3; i++) await expectPosError(cancel('0000'), 'PIN_WRONG')
    const locked = await expectPosError(cancel('0000'), 'LOCKED_OUT')
    expect(locked.message).toBe(
      'Too many wrong PINs for Maria Manager: approvals by Maria Manager are locked for one minute. Their login is not affected.',
    )
    const refused = await expectPosError(cancel('2580'), 'LOCKED_OUT')
    expect(refused.message).toMatch(/approvals by Maria Manager are locked\. Try again in one minute\./)
    expect(actions()).toContain('auth.approve_locked_out')
    expect(actions()).not.toContain('auth.locked_out')
    // The manager walks up and logs in at once with the right PIN.
    const session = await b.call('maria', 'auth-login', { userId: await id('maria'), pin: '2580' })
    expect(session.user.username).toBe('maria')
    b.clock.advance(60_000)
    await cancel('2580')
    expect(b.ctx.db.prepare('SELECT approved_by FROM cancellations').get()).toEqual({ approved_by: await id('maria') })
  })

  it('a manager locked out of login by wrong PINs can still approve, and a wrong approval PIN leaves the login count alone', async () => {
    const maria = await id('maria')
    for (let i = 0; i < 4; i++)
      await expectPosError(b.call('x', 'auth-login', { userId: maria, pin: '0000' }), 'PIN_WRONG')
    await expectPosError(b.call('x', 'auth-login', { userId: maria, pin: '0000' }), 'LOCKED_OUT')
    await expectPosError(cancel('0000'), 'PIN_WRONG')
    await cancel('2580')
    b.clock.advance(60_000)
    const next = await expectPosError(b.call('x', 'auth-login', { userId: maria, pin: '0000' }), 'PIN_WRONG')
    expect(next.message).toBe('Wrong PIN. 4 tries left before a lock of 2 minutes.')
  })
})
