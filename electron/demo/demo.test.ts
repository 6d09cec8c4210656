import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { DateTime } from 'luxon'
import { afterEach, describe, expect, it } from 'vitest'
import type { ResultOf } from '../../shared/contract'
import { testBackend, type TestBackend } from '../../tests/support/backend'
import { describeDemoTickets } from './history'

let b: TestBackend | null = null
afterEach(async () => {
  await b?.cleanup()
  b = null
})

const draws = (t: TestBackend) =>
  t.ctx.db
    .prepare(
      'SELECT l.code, l.draw_days, l.draw_time, d.draw_date FROM draw_results d JOIN lotteries l ON l._id = d.lottery_id',
    )
    .all() as { code: string; draw_days: string; draw_time: string; draw_date: string }[]

describe('the demo history', () => {
  // Every weekday of one week: the Mega Jackpot draws Tuesday and Friday, Lotto Wednesday and Saturday.
  it.each([0, 1, 2, 3, 4, 5, 6])('puts every result on one of its game draw days, in the past (day %i)', async (d) => {
    const start = DateTime.fromISO('2026-11-16T15:00:00Z').plus({ days: d })
    b = testBackend({ demoHistory: true, start: start.toISO()! })
    const rows = draws(b)
    expect(rows.map((r) => r.code).sort()).toEqual(['KENO', 'LOTTO', 'MEGA', 'PICK3'])
    for (const r of rows) {
      const local = DateTime.fromISO(r.draw_date, { zone: b.ctx.store.timezone })
      expect(JSON.parse(r.draw_days), `${r.code} drawn on a ${local.weekdayLong}`).toContain(local.weekday)
      expect(local.toFormat('HH:mm')).toBe(r.draw_time)
      expect(local < start).toBe(true)
    }
  })

  it('names each demo ticket for what checking it shows', async () => {
    b = testBackend({ demoHistory: true, start: '2026-11-21T15:00:00Z' })
    const s = await b.login('carlos')
    const tickets = describeDemoTickets(b.ctx.db)
    expect(tickets).toHaveLength(5)
    const seen: Record<string, ResultOf<'ticket-validate'>> = {}
    for (const t of tickets) seen[t.is] = await b.call(s, 'ticket-validate', { input: t.scan })
    const by = (prefix: string) => Object.entries(seen).find(([is]) => is.startsWith(prefix))![1]
    expect(by('the $500 winner')).toMatchObject({ outcome: 'winner', payable: true, prize: { amount: 50_000 } })
    expect(by('the $5 winner')).toMatchObject({ outcome: 'winner', payable: true, prize: { amount: 500 } })
    expect(by('the loser').outcome).toBe('not_winner')
    expect(by('the $2,500 winner')).toMatchObject({ outcome: 'winner', payable: false, prize: { amount: 250_000 } })
    expect(by('the expired $20 winner').outcome).toBe('expired')
  })

  it('npm run demo:tickets prints what to scan for each, and what it is', async () => {
    b = testBackend({ demoHistory: true, start: '2026-11-21T15:00:00Z' })
    const expected = describeDemoTickets(b.ctx.db)
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'electron/demo/tickets-cli.ts', path.join(b.dataDir, 'pos.sqlite')],
      {
        encoding: 'utf8',
      },
    )
    for (const t of expected) expect(out).toContain(`${t.scan}`)
    expect(out).toMatch(/\d{26} .*Daily Pick 3 \[3,14,27\]: the \$500 winner \(Match 3\): pay it \(sold\)/)
    expect(out).toMatch(/: the expired \$20 winner/)
    // And a label for a new delivery of the demo's instant game, one the Stock screen accepts.
    const label = /Cash Blast \(0457\): pack labels to receive on the Instant packs screen: (\d{11})/.exec(out)![1]
    const m = await b.login('maria')
    expect((await b.call(m, 'pack-receive', { label })).status).toBe('received')
  })
})
