import { afterEach, describe, expect, it } from 'vitest'
import { formatTicketNumber } from '../../shared/ticket-number'
import { counts, expectPosError, newRequestId, testBackend, type TestBackend } from '../support/backend'
import { closedPortUri, startFakePrinter, type FakePrinter, type FakePrinterMode } from '../support/fake-printer'

let b: TestBackend | null = null
const printers: FakePrinter[] = []
afterEach(async () => {
  await b?.cleanup()
  await Promise.all(printers.splice(0).map((p) => p.close()))
  b = null
})

async function faultyPrinter(kind: 'refused' | FakePrinterMode): Promise<string> {
  if (kind === 'refused') return closedPortUri()
  const p = await startFakePrinter({ mode: kind })
  printers.push(p)
  return p.uri
}

// Whether some of the ticket may have reached paper before the fault: only then is the next copy a REPRINT.
const bytesLeft = { refused: false, hang: false, 'close-on-connect': false, 'close-after-status': true } as const

describe.each(['refused', 'hang', 'close-on-connect', 'close-after-status'] as const)(
  'a printer that is %s',
  (kind) => {
    it('leaves the sale recorded exactly once, the ticket print-pending, and reprintable', async () => {
      b = testBackend()
      const m = await b.login('maria')
      await b.call(m, 'printer-set', { uri: await faultyPrinter(kind), timeout_ms: 400 })
      const s = await b.login('carlos')
      const sale = await b.call(s, 'sale-create', {
        requestId: newRequestId(),
        paymentMethod: 'cash',
        lines: [{ lotteryId: b.gameId('PICK3'), quantity: 2 }],
      })
      await b.printer.idle()
      const recent = await b.call(s, 'ticket-recent', { limit: 10 })
      expect(recent.map((t) => t.print_status)).toEqual(['failed', 'failed'])
      expect(recent[0].print_error).toMatch(/printer/i)
      expect(counts(b)).toMatchObject({ tickets: 2, sales: 1 })
      expect((await b.call(s, 'status-get')).printer).toMatchObject({ state: 'error', pending_prints: 2 })

      // The printer is fixed; Reprint prints the same ticket and sells nothing again. It is marked REPRINT only
      // if the failed job may have put some of it on paper; otherwise this is the first copy, the original.
      const good = await startFakePrinter({ mode: 'ok' })
      printers.push(good)
      await b.call(m, 'printer-set', { uri: good.uri, timeout_ms: 400 })
      const ticket = sale.tickets[0]
      // A copy of a ticket some of which may be on paper carries the same codes: a manager approves it.
      if (bytesLeft[kind]) {
        await expectPosError(b.call(s, 'ticket-reprint', { ticketId: ticket._id }), 'MANAGER_APPROVAL_REQUIRED')
        const maria = (b.ctx.db.prepare("SELECT _id FROM users WHERE username = 'maria'").get() as { _id: string })._id
        await b.call(s, 'ticket-reprint', { ticketId: ticket._id, approver: { userId: maria, pin: '2580' } })
      } else await b.call(s, 'ticket-reprint', { ticketId: ticket._id })
      await b.printer.idle()
      const bytes = await good.waitForBytes(formatTicketNumber(ticket.ticket_number))
      expect(bytes.toString('latin1').includes('REPRINT')).toBe(bytesLeft[kind])
      const after = await b.call(s, 'ticket-recent', { limit: 10 })
      expect(after.find((t) => t._id === ticket._id)).toMatchObject({ print_status: 'printed', print_count: 1 })
      expect(counts(b)).toMatchObject({ tickets: 2, sales: 1 })
      const reprints = b.ctx.db.prepare("SELECT COUNT(*) AS n FROM audit_logs WHERE action = 'ticket.reprint'").get()
      expect(reprints).toEqual({ n: 1 })
    })
  },
)
