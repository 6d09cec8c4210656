import { ObjectId } from 'bson'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { listPullRejects } from './repo'
import { openKit, type Kit } from './test-kit'

let k: Kit
beforeEach(async () => {
  k = await openKit('pull')
})
afterEach(() => k.close())

const later = (minutes: number) => new Date(Date.parse('2026-11-21T16:00:00Z') + minutes * 60_000)
const row = (sql: string, ...args: unknown[]) =>
  k.b.ctx.db.prepare(sql).get(...args) as Record<string, unknown> | undefined
const set = (collection: string, id: string, fields: object) =>
  k.t.db.collection(collection).updateOne({ _id: ObjectId.createFromHexString(id) }, { $set: fields })

describe('pull', () => {
  it('applies catalogue changes from central: central wins for catalogue fields', async () => {
    const pick3 = k.b.gameId('PICK3')
    await set('lotteries', pick3, { name: 'Pick 3 Daily', ticket_price: 150, updated_at: later(1) })
    const lottery = new ObjectId()
    await k.t.db.collection('lotteries').insertMany(
      [
        {
          _id: lottery,
          name: 'Cash 4',
          code: 'CASH4',
          draw_time: '19:00',
          prize_structure: [{ prize_level: 'Match 4', amount: 500_000 }],
          ticket_price: 200,
          status: 'active',
          created_at: later(2),
          updated_at: later(2),
          draw_days: [1, 3, 5],
          pick_count: 4,
          pick_min: 0,
          pick_max: 9,
          cancellable: false,
        },
      ],
      { ordered: false },
    )
    const draw = new ObjectId()
    await k.t.db.collection('draw_results').insertMany(
      [
        {
          _id: draw,
          lottery_id: ObjectId.createFromHexString(pick3),
          draw_date: later(-60),
          winning_numbers: [3, 14, 27],
          status: 'official',
          created_at: later(3),
          updated_at: later(3),
        },
      ],
      { ordered: false },
    )
    const report = await k.engine().syncNow()
    expect(report.error).toBeNull()
    expect(row('SELECT name, ticket_price, pick_count FROM lotteries WHERE _id = ?', pick3)).toEqual({
      name: 'Pick 3 Daily',
      ticket_price: 150,
      pick_count: 3,
    })
    expect(row('SELECT code, draw_days, cancellable FROM lotteries WHERE _id = ?', lottery.toHexString())).toEqual({
      code: 'CASH4',
      draw_days: '[1,3,5]',
      cancellable: 0,
    })
    expect(
      row('SELECT lottery_id, winning_numbers, status, draw_date FROM draw_results WHERE _id = ?', draw.toHexString()),
    ).toEqual({
      lottery_id: pick3,
      winning_numbers: '[3,14,27]',
      status: 'official',
      draw_date: later(-60).toISOString(),
    })
  })

  it('skips and reports a malformed document without stopping the worker or the rest of the batch', async () => {
    const pick3 = k.b.gameId('PICK3')
    const lotto = k.b.gameId('LOTTO')
    await set('lotteries', pick3, { ticket_price: 'one dollar', updated_at: later(1) })
    await set('lotteries', lotto, { name: 'Lotto 6/49 Plus', updated_at: later(2) })
    const e = k.engine()
    const report = await e.syncNow()
    expect(report.ok).toBe(true)
    expect(report.pulled?.rejected).toEqual([
      { collection: 'lotteries', doc_id: pick3, reason: expect.stringMatching(/ticket_price/) },
    ])
    expect(row('SELECT ticket_price FROM lotteries WHERE _id = ?', pick3)).toEqual({ ticket_price: 100 })
    expect(row('SELECT name FROM lotteries WHERE _id = ?', lotto)).toEqual({ name: 'Lotto 6/49 Plus' })
    expect(e.status().rejected).toBe(1)
    expect(listPullRejects(k.b.ctx.db)[0]).toMatchObject({ collection: 'lotteries', doc_id: pick3 })
    expect(k.logs.join('\n')).toMatch(/lotteries .* skipped: ticket_price/)
    // Fixed on central: applied, and the report clears.
    await set('lotteries', pick3, { ticket_price: 120, updated_at: later(3) })
    await e.syncNow()
    expect(row('SELECT ticket_price FROM lotteries WHERE _id = ?', pick3)).toEqual({ ticket_price: 120 })
    expect(e.status().rejected).toBe(0)
  })

  it('turns soft deletes into inactive rows and never deletes anything sales refer to', async () => {
    await k.sell('KENO', 1)
    const keno = k.b.gameId('KENO')
    const carlos = (row("SELECT _id FROM users WHERE username = 'carlos'") as { _id: string })._id
    const chloe = (row("SELECT _id FROM users WHERE username = 'chloe'") as { _id: string })._id
    await set('lotteries', keno, { deleted_at: later(1), updated_at: later(1) })
    await set('users', chloe, { status: 'inactive', updated_at: later(1) })
    await set('users', carlos, { deleted_at: later(1), updated_at: later(2) })
    expect((await k.engine().syncNow()).error).toBeNull()
    expect(row('SELECT status FROM lotteries WHERE _id = ?', keno)).toEqual({ status: 'inactive' })
    expect(row('SELECT status FROM users WHERE _id = ?', chloe)).toEqual({ status: 'inactive' })
    expect(row('SELECT status FROM users WHERE _id = ?', carlos)).toEqual({ status: 'inactive' })
    expect(row('SELECT COUNT(*) AS n FROM sales WHERE lottery_id = ?', keno)).toEqual({ n: 1 })
  })

  it('keeps its checkpoint across a restart and pulls only what changed since', async () => {
    const pick3 = k.b.gameId('PICK3')
    await set('lotteries', pick3, { name: 'First', updated_at: later(1) })
    await k.engine().syncNow()
    const cp = row("SELECT updated_at, last_id FROM sync_checkpoints WHERE collection = 'lotteries'")
    expect(cp).toEqual({ updated_at: later(1).toISOString(), last_id: `{"$oid":"${pick3}"}` })
    await k.restart()
    // A local edit central never saw is not overwritten by a re-pull of unchanged documents.
    k.b.ctx.db.prepare('UPDATE lotteries SET hotkey = ? WHERE _id = ?').run('F9', pick3)
    const report = await k.engine().syncNow()
    expect(report.pulled?.applied).toBe(0)
    expect(row('SELECT hotkey FROM lotteries WHERE _id = ?', pick3)).toEqual({ hotkey: 'F9' })
    await set('lotteries', pick3, { name: 'Second', updated_at: later(2) })
    expect((await k.engine().syncNow()).pulled?.applied).toBe(1)
    expect(row('SELECT name FROM lotteries WHERE _id = ?', pick3)).toEqual({ name: 'Second' })
  })

  it('pages through more documents than one batch, ties on updated_at broken by _id', async () => {
    const same = later(5)
    const docs = Array.from({ length: 7 }, (_, i) => ({
      _id: new ObjectId(),
      lottery_id: ObjectId.createFromHexString(k.b.gameId('PICK3')),
      draw_date: later(-i * 1440),
      winning_numbers: [i, i + 1, i + 2],
      status: 'official',
      created_at: same,
      updated_at: same,
    }))
    await k.t.db.collection('draw_results').insertMany(docs, { ordered: false })
    const report = await k.engine({ batchSize: 3 }).syncNow()
    expect(report.pulled?.applied).toBeGreaterThanOrEqual(7)
    expect(row('SELECT COUNT(*) AS n FROM draw_results')).toEqual({ n: 7 })
  })

  it('takes central stock figures but keeps decrements not yet acknowledged', async () => {
    await k.sell('PICK3', 5)
    k.t.faulty.offline = true
    await k.engine().syncNow()
    k.t.faulty.offline = false
    const inv = (row('SELECT _id FROM inventory WHERE lottery_id = ?', k.b.gameId('PICK3')) as { _id: string })._id
    // Central restocks (another office action): 1000 -> 1200 total, remaining 1200 before this terminal's 5 arrive.
    await set('inventory', inv, { total_stock: 1200, remaining_stock: 1200, updated_at: later(1) })
    // Pull alone (the push of the 5 is blocked by a fault before it lands).
    k.t.faulty.injectFault(0, 'before')
    await k.engine().syncNow()
    k.t.faulty.clearFaults()
    await k.engine().syncNow()
    expect(row('SELECT remaining_stock FROM inventory WHERE _id = ?', inv)).toEqual({ remaining_stock: 1195 })
    expect((await k.centralStock()).get(inv)).toBe(1195)
  })
})
