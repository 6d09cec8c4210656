import { afterEach, describe, expect, it } from 'vitest'
import { newRequestId, testBackend, type TestBackend } from '../../tests/support/backend'

let b: TestBackend
afterEach(() => b.cleanup())

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

describe("the status bar's figures", () => {
  it('are never recounted per change: no COUNT over the outbox or the tickets on the sale and print path', async () => {
    const statements: string[] = []
    b = testBackend({ onStatement: (sql) => statements.push(sql) })
    const s = await b.login('carlos')
    statements.length = 0
    for (let i = 0; i < 3; i++)
      await b.call(s, 'sale-create', {
        requestId: newRequestId(),
        paymentMethod: 'cash',
        lines: [{ lotteryId: b.gameId('LOTTO'), quantity: 2 }],
      })
    await b.printer.idle()
    await nextTurn()
    const status = await b.call(s, 'status-get')
    expect(statements.filter((q) => /COUNT\s*\(/i.test(q) && /\b(outbox|tickets)\b/i.test(q))).toEqual([])
    // And the figures are right: every record queued, every ticket waiting to print (no printer here).
    const n = (sql: string) => (b.ctx.db.prepare(sql).get() as { n: number }).n
    expect(status.sync.pending).toBe(n("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'"))
    expect(status.printer.pending_prints).toBe(n("SELECT COUNT(*) AS n FROM tickets WHERE print_status <> 'printed'"))
    expect(status.printer.pending_prints).toBe(6)
  })

  it('a burst of changes is one push', async () => {
    b = testBackend()
    const s = await b.login('carlos')
    const pushes: unknown[] = []
    b.events.subscribe((event, payload) => {
      if (event === 'status-changed') pushes.push(payload)
    })
    await b.call(s, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod: 'cash',
      lines: [{ lotteryId: b.gameId('LOTTO'), quantity: 5 }],
    })
    await b.printer.idle()
    await nextTurn()
    // The sale and five failed prints (no printer) changed the figures six times or more; the UI got few pushes.
    expect(pushes.length).toBeGreaterThan(0)
    expect(pushes.length).toBeLessThanOrEqual(2)
  })
})
