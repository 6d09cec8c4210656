import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contract, handlerNames, RolePermissions, Roles, type HandlerName } from '../../shared/contract'
import { testBackend, type TestBackend } from '../support/backend'

// Generated from the contract: every handler that is not public refuses a caller with no session, a
// locked session, and (for a permission) every role that lacks it. A new domain's handlers are covered
// by adding them to the contract; nothing here changes.
let b: TestBackend
const roleUser: Partial<Record<(typeof Roles)[number], string>> = {}
beforeAll(async () => {
  b = testBackend({ startSync: false })
  roleUser.staff = await b.login('carlos', 'as-staff')
  roleUser.manager = await b.login('maria', 'as-manager')
  roleUser.admin = await b.login('alex', 'as-admin')
  roleUser.accountant = await b.login('ana', 'as-accountant')
})
afterAll(() => b.cleanup())

const guarded = handlerNames.filter((n) => contract[n].access !== 'public')
const refusal = async (sid: string, name: HandlerName) => {
  const r = await b.dispatcher.dispatch(sid, name, {})
  return r.ok ? 'ok' : r.error.code
}

describe('access, for every handler of the contract', () => {
  it('covers every guarded handler, and every role', () => {
    expect(guarded.length).toBeGreaterThan(20)
    expect(Object.keys(roleUser).sort()).toEqual([...Roles].sort())
  })

  it.each(guarded)('%s: no session gives UNAUTHENTICATED', async (name) => {
    expect(await refusal('nobody', name)).toBe('UNAUTHENTICATED')
  })

  it.each(guarded)('%s: a locked session gives SCREEN_LOCKED', async (name) => {
    const sid = await b.login('chloe', `locked-${name}`)
    await b.call(sid, 'auth-lock')
    expect(await refusal(sid, name)).toBe('SCREEN_LOCKED')
  })

  const byPermission = guarded.filter((n) => contract[n].access !== 'session')
  it.each(byPermission)('%s: every role without its permission gives FORBIDDEN', async (name) => {
    const needed = contract[name].access
    for (const role of Roles) {
      const sid = roleUser[role]
      if (!sid || (RolePermissions[role] as readonly string[]).includes(needed)) continue
      expect(await refusal(sid, name), `${role} calling ${name}`).toBe('FORBIDDEN')
    }
  })
})
