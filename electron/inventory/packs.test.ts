import { afterEach, describe, expect, it } from 'vitest'
import { instantCode, nextTicketOf } from '../../shared/instant'
import { expectPosError, testBackend, type TestBackend } from '../../tests/support/backend'
import { DEMO_INSTANT } from '../demo/history'

let b: TestBackend
afterEach(() => b?.cleanup())
const n = (sql: string) => (b.ctx.db.prepare(sql).get() as { n: number }).n

describe('instant packs', () => {
  it('a cashier confirms a delivered pack by its label; a manager activates, settles, returns or reports it stolen', async () => {
    b = testBackend({ demoHistory: true })
    const s = await b.login('carlos')
    const m = await b.login('maria')
    const pack = await b.call(s, 'pack-receive', { label: instantCode(DEMO_INSTANT.game_number, '200001') })
    expect(pack).toMatchObject({ status: 'received', tickets_per_pack: 60, ticket_price: 500, game_name: 'Cash Blast' })
    await expectPosError(b.call(s, 'pack-move', { packId: pack._id, to: 'activated' }), 'FORBIDDEN')
    const on = await b.call(m, 'pack-move', { packId: pack._id, to: 'activated' })
    expect(on.status).toBe('activated')
    expect(on.activated_at).not.toBeNull()
    await expectPosError(b.call(m, 'pack-move', { packId: pack._id, to: 'activated' }), 'PACK_STATE')
    const stolen = await b.call(m, 'pack-move', { packId: pack._id, to: 'stolen', note: 'missing after the break-in' })
    expect(stolen.status).toBe('stolen')
    // Final: nothing moves it again, not even SQL.
    await expectPosError(b.call(m, 'pack-move', { packId: pack._id, to: 'returned', note: 'x' }), 'PACK_STATE')
    expect(() => b.ctx.db.prepare("UPDATE packs SET status = 'activated' WHERE _id = ?").run(pack._id)).toThrow(
      /never changes/,
    )
    expect(b.ctx.db.prepare("SELECT title FROM notifications WHERE type = 'compliance'").all()).toEqual([
      { title: 'Pack reported stolen: Cash Blast 200001' },
    ])
    expect(
      b.ctx.db.prepare('SELECT event FROM pack_events WHERE pack_id = ? ORDER BY created_at, _id').all(pack._id),
    ).toEqual([{ event: 'received' }, { event: 'activated' }, { event: 'stolen' }])
    expect(n("SELECT COUNT(*) AS n FROM outbox WHERE collection = 'pack_events'")).toBe(3)
    expect((await b.call(m, 'pack-list', { status: 'activated' })).map((p) => p.pack_number)).toEqual(['100001'])
  })

  it('refuses a malformed label, a ticket barcode, an unknown game, a pack received twice, and a return without a reason', async () => {
    b = testBackend({ demoHistory: true })
    const m = await b.login('maria')
    const before = n('SELECT COUNT(*) AS n FROM packs')
    const label = instantCode(DEMO_INSTANT.game_number, '200002')
    const typo = label.slice(0, -1) + String((Number(label.at(-1)) + 1) % 10)
    expect((await expectPosError(b.call(m, 'pack-receive', { label: typo }), 'BARCODE_INVALID')).message).toMatch(
      /check digit/,
    )
    await expectPosError(b.call(m, 'pack-receive', { label: 'pack please' }), 'BARCODE_INVALID')
    await expectPosError(
      b.call(m, 'pack-receive', { label: instantCode(DEMO_INSTANT.game_number, '200002', 5) }),
      'BARCODE_INVALID',
    )
    await expectPosError(b.call(m, 'pack-receive', { label: instantCode('9999', '200002') }), 'NOT_FOUND')
    await expectPosError(
      b.call(m, 'pack-receive', { label: instantCode(DEMO_INSTANT.game_number, '100001') }),
      'PACK_EXISTS',
    )
    expect(n('SELECT COUNT(*) AS n FROM packs')).toBe(before)
    const received = (await b.call(m, 'pack-list', { status: 'received' }))[0]
    await expectPosError(b.call(m, 'pack-move', { packId: received._id, to: 'returned' }), 'VALIDATION')
    await expectPosError(b.call(m, 'pack-move', { packId: received._id, to: 'settled' }), 'PACK_STATE')
    // Instant games are not on the counter's grid of draw games.
    expect((await b.call(m, 'game-list')).map((g) => g.code)).not.toContain('BLAST')
  })
})

describe("a book count's next ticket", () => {
  const pack = { game_number: '0457', pack_number: '100001' }
  it('is typed, or that ticket scanned from this pack of this game, nothing else', () => {
    expect(nextTicketOf('7', pack)).toBe(7)
    expect(nextTicketOf(' 012 ', pack)).toBe(12)
    expect(nextTicketOf(instantCode('0457', '100001', 33), pack)).toBe(33)
    // Another pack, another game with the same pack number, a digit wrong, words: no number.
    expect(nextTicketOf(instantCode('0457', '100002', 33), pack)).toBeNull()
    expect(nextTicketOf(instantCode('0999', '100001', 33), pack)).toBeNull()
    const code = instantCode('0457', '100001', 33)
    expect(nextTicketOf(code.slice(0, -1) + String((Number(code.at(-1)) + 1) % 10), pack)).toBeNull()
    expect(nextTicketOf('next', pack)).toBeNull()
    expect(nextTicketOf('', pack)).toBeNull()
  })
})
