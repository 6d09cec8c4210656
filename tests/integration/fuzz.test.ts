import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { contract, handlerNames, type HandlerName } from '../../shared/contract'
import { verifyChain } from '../../electron/audit/chain'
import { DEMO_USERS } from '../../electron/demo/seed'
import { testBackend, type TestBackend } from '../support/backend'

// Handlers left out, each for a reason outside the backend's own data:
// printer-set / sync-configure would point the terminal at whatever address the fuzzer makes up, and the
// next print or sync round would then send traffic off this machine; printer-test prints to that printer.
const SKIP = new Set<HandlerName>(['printer-set', 'printer-test', 'sync-configure'])

let b: TestBackend
beforeAll(() => {
  b = testBackend({ demoHistory: true, startSync: false })
  learnPlausible()
})
afterAll(() => b.cleanup())

/**
 * Rows per table, but for what a refusal may write by design: its audit entry, and the compliance notice a
 * lockout raises for the managers (and their outbox rows).
 */
function rowCounts(): Record<string, number> {
  const tables = b.ctx.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[]
  const out: Record<string, number> = {}
  for (const { name } of tables) {
    if (name === 'audit_logs') continue
    const where =
      name === 'outbox'
        ? " WHERE collection <> 'audit_logs' AND NOT (collection = 'notifications' AND doc_id IN (SELECT _id FROM notifications WHERE type = 'compliance'))"
        : name === 'notifications'
          ? " WHERE type <> 'compliance'"
          : ''
    out[name] = (b.ctx.db.prepare(`SELECT COUNT(*) AS n FROM "${name}"${where}`).get() as { n: number }).n
  }
  return out
}

const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '',
    ' ',
    "'; DROP TABLE tickets; --",
    'lone \uD800 surrogate',
    '\uDC00',
    '\u0000nul',
    '0'.repeat(26),
    '1'.repeat(5000),
    '../../etc/passwd',
    '<script>alert(1)</script>',
    '65a1b2c3d4e5f607182939ff',
    '000000000000000000000001',
    '2580',
    'mongodb://user:pw@127.0.0.1:1/x',
  ),
)
const scalar = fc.oneof(
  hostile,
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1, 2 ** 53, -(2 ** 53), Number.NaN, Number.POSITIVE_INFINITY, 1e308),
  fc.boolean(),
  fc.constant(null),
  fc.uuid(),
)
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('v'), { maxKeys: 3 }),
  ),
})).v

/** Values a real call would carry, per field name: ids of rows that exist, ticket scans, PINs, amounts. */
let plausible: Record<string, fc.Arbitrary<unknown>> = {}
let anyPlausible: fc.Arbitrary<unknown> = fc.constant(null)
function learnPlausible() {
  const ids = (sql: string) => (b.ctx.db.prepare(sql).all() as { v: string }[]).map((r) => r.v)
  const games = ids('SELECT _id AS v FROM lotteries')
  const people = ids('SELECT _id AS v FROM users')
  const tickets = ids('SELECT _id AS v FROM tickets')
  const scan = fc.oneof(
    fc.constantFrom(...ids('SELECT ticket_number || validation_code AS v FROM tickets')),
    fc.stringMatching(/^\d{18,26}$/),
  )
  const pin = fc.constantFrom('1111', '2222', '2580', '0000', '99999999')
  const amount = fc.integer({ min: 0, max: 30_000 })
  plausible = {
    requestId: fc.uuid(),
    lines: fc.array(fc.record({ lotteryId: fc.constantFrom(...games), quantity: fc.integer({ min: 1, max: 4 }) }), {
      minLength: 1,
      maxLength: 3,
    }),
    paymentMethod: fc.constantFrom('cash', 'card', 'wallet'),
    input: scan,
    reason: fc.oneof(fc.constant('sold in error'), fc.string({ maxLength: 30 })),
    approver: fc.record({ userId: fc.constantFrom(...people), pin }),
    userId: fc.constantFrom(...people),
    ticketId: fc.constantFrom(...tickets),
    pin,
    limit: fc.integer({ min: 1, max: 50 }),
    note: fc.string({ minLength: 3, maxLength: 40 }),
    expectedTotal: amount,
    confirm_threshold: amount,
    payout_confirm_threshold: amount,
    cancel_approval_threshold: amount,
    max_sale_amount: amount,
  }
  anyPlausible = fc.oneof(...Object.values(plausible), fc.boolean())
}

/** Arguments near the handler's own shape: its field names with plausible or hostile values, sometimes extra fields. */
function argsFor(name: HandlerName) {
  const schema = contract[name].args as z.ZodType
  const shape = schema instanceof z.ZodObject ? Object.keys(schema.shape) : []
  const field = (k: string) =>
    fc.oneof({ weight: 4, arbitrary: plausible[k] ?? anyPlausible }, { weight: 1, arbitrary: value })
  const fields = Object.fromEntries(shape.map((k) => [k, field(k)]))
  // Every field present (reaches the handler's own rules), or any subset (exercises the schema's).
  const near = fc.oneof(fc.record(fields), fc.record(fields, { requiredKeys: [] }))
  return fc.oneof(
    near,
    fc.tuple(near, fc.dictionary(fc.string(), value, { maxKeys: 2 })).map(([a, x]) => ({ ...x, ...a })),
    value,
  )
}

const call = fc
  .constantFrom(...handlerNames.filter((n) => !SKIP.has(n)))
  .chain((name) =>
    fc.record({ name: fc.constant(name), args: argsFor(name), who: fc.constantFrom('none', 'carlos', 'maria') }),
  )

describe('every handler, fuzzed', () => {
  it('answers every call with a coded result, writes nothing on a refusal, and leaves the audit chain intact', async () => {
    const sessions: Record<string, string> = {}
    const ensure = async (who: string) => {
      if (who === 'none') return 'fuzz-anonymous'
      // A fuzzed auth-lock or auth-logout ends the session it ran in: log in again for the next call.
      if (!b.dispatcher.sessions.has(`fuzz-${who}`) || b.dispatcher.sessions.get(`fuzz-${who}`)!.locked) {
        const users = await b.call('fuzz-login', 'auth-users')
        const u = DEMO_USERS.find((x) => x.username === who)!
        // A lockout from the fuzzer's wrong PINs would end the run: move the clock past any lockout first.
        b.ctx.db.prepare('UPDATE users SET locked_until = NULL').run()
        const r = await b.dispatcher.dispatch(`fuzz-${who}`, 'auth-login', {
          userId: users.find((x) => x.username === who)!._id,
          pin: u.pin,
        })
        if (!r.ok) throw new Error(`cannot log ${who} in: ${r.error.message}`)
      }
      sessions[who] = `fuzz-${who}`
      return sessions[who]
    }
    let refused = 0
    const codes = new Map<string, number>()
    await fc.assert(
      fc.asyncProperty(call, async ({ name, args, who }) => {
        const sid = await ensure(who)
        const before = rowCounts()
        const r = await b.dispatcher.dispatch(sid, name, args)
        expect(typeof r.ok).toBe('boolean')
        codes.set(r.ok ? 'ok' : r.error.code, (codes.get(r.ok ? 'ok' : r.error.code) ?? 0) + 1)
        if (!r.ok) {
          refused++
          expect(r.error.code).toMatch(/^[A-Z_]+$/)
          expect(r.error.code, `${name}: ${r.error.message}`).not.toBe('INTERNAL')
          expect(rowCounts(), `${name} refused (${r.error.code}) but wrote rows`).toEqual(before)
        }
      }),
      { numRuns: 1500, seed: 20261201 },
    )
    console.log('fuzz outcomes:', JSON.stringify(Object.fromEntries(codes)))
    expect(refused).toBeGreaterThan(600)
    // Past the schemas too: handlers ran and refused on their own rules, and some calls succeeded.
    expect(codes.get('ok') ?? 0).toBeGreaterThan(20)
    expect(
      [...codes.keys()].filter((c) => !['ok', 'VALIDATION', 'UNAUTHENTICATED', 'FORBIDDEN'].includes(c)).length,
    ).toBeGreaterThan(0)
    expect(verifyChain(b.ctx.db)).toMatchObject({ ok: true, broken_count: 0 })
  })
})
