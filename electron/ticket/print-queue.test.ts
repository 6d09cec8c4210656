import { afterEach, describe, expect, it } from 'vitest'
import type { SaleResult } from '../../shared/contract'
import { formatTicketNumber } from '../../shared/ticket-number'
import { counts, expectPosError, newRequestId, testBackend, type TestBackend } from '../../tests/support/backend'
import { closedPortUri, startFakePrinter, type FakePrinter } from '../../tests/support/fake-printer'
import { REPRINT_MARKER } from '../printing/layout'

let b: TestBackend
const printers: FakePrinter[] = []
afterEach(async () => {
  await b?.cleanup()
  await Promise.all(printers.splice(0).map((p) => p.close()))
})

const id = (username: string) =>
  (b.ctx.db.prepare('SELECT _id FROM users WHERE username = ?').get(username) as { _id: string })._id

/** A terminal whose printer refuses every connection: nothing of any ticket reaches paper. */
async function refusingTerminal() {
  b = testBackend()
  const m = await b.login('maria')
  await b.call(m, 'printer-set', { uri: await closedPortUri(), timeout_ms: 400 })
  const s = await b.login('carlos')
  return { m, s }
}

async function sell(s: string, code: string, quantity: number): Promise<SaleResult> {
  const sale = await b.call(s, 'sale-create', {
    requestId: newRequestId(),
    paymentMethod: 'cash',
    lines: [{ lotteryId: b.gameId(code), quantity }],
  })
  await b.printer.idle()
  return sale
}

async function fixPrinter(m: string): Promise<FakePrinter> {
  const p = await startFakePrinter({ mode: 'ok' })
  printers.push(p)
  await b.call(m, 'printer-set', { uri: p.uri, timeout_ms: 400 })
  return p
}

describe('the print queue', () => {
  it('lists every ticket that did not print, oldest first, and prints one, then all', async () => {
    const { m, s } = await refusingTerminal()
    const first = await sell(s, 'PICK3', 2)
    b.clock.advance(60_000)
    const second = await sell(s, 'LOTTO', 1)
    const list = await b.call(s, 'ticket-unprinted', {})
    expect(list.total).toBe(3)
    expect((await b.call(s, 'status-get')).printer.pending_prints).toBe(3)
    expect(list.tickets.map((t) => t._id)).toEqual([...first.tickets, ...second.tickets].map((t) => t._id))
    expect(list.tickets[0]).toMatchObject({
      transaction_id: first.transaction_id,
      game_name: 'Daily Pick 3',
      print_status: 'failed',
      on_paper: false,
      closed: false,
      queued: false,
      voidable: true,
    })
    expect(list.tickets[0].print_error).toMatch(/refused/)
    expect(JSON.stringify(list)).not.toMatch(/validation_code/)

    const printer = await fixPrinter(m)
    expect(await b.call(s, 'ticket-print', { ticketId: first.tickets[1]._id })).toEqual({ queued: 1, skipped: [] })
    await b.printer.idle()
    expect(printer.jobs()).toHaveLength(1)
    // The first paper copy of a ticket nothing of which reached paper is the original.
    expect(printer.jobs()[0].includes(formatTicketNumber(first.tickets[1].ticket_number))).toBe(true)
    expect(printer.jobs()[0].includes(REPRINT_MARKER)).toBe(false)
    expect((await b.call(s, 'ticket-unprinted', {})).total).toBe(2)
    await expectPosError(b.call(s, 'ticket-print', { ticketId: first.tickets[1]._id }), 'NOT_ALLOWED')

    expect(await b.call(s, 'ticket-print', {})).toEqual({ queued: 2, skipped: [] })
    await b.printer.idle()
    expect(printer.jobs()).toHaveLength(3)
    expect(await b.call(s, 'ticket-unprinted', {})).toEqual({ tickets: [], total: 0 })
    expect((await b.call(s, 'status-get')).printer.pending_prints).toBe(0)
    const entries = b.ctx.db.prepare("SELECT description FROM audit_logs WHERE action = 'ticket.print_queue'").all()
    expect(entries).toHaveLength(2)
  })

  it("leaves out a ticket whose draw's sales have closed", async () => {
    const { m, s } = await refusingTerminal()
    const pick = await sell(s, 'PICK3', 1)
    const lotto = await sell(s, 'LOTTO', 1)
    // Past Pick 3's cutoff (13:00 New York, 5 minutes before), before Lotto's (20:00, an hour before).
    b.clock.set('2026-11-21T18:00:00Z')
    const list = await b.call(s, 'ticket-unprinted', {})
    expect(list.tickets.map((t) => [t.game_code, t.closed, t.voidable])).toEqual([
      ['PICK3', true, false],
      ['LOTTO', false, true],
    ])
    const printer = await fixPrinter(m)
    const r = await b.call(s, 'ticket-print', {})
    expect(r.queued).toBe(1)
    expect(r.skipped).toEqual([
      {
        ticket_id: pick.tickets[0]._id,
        ticket_number: pick.tickets[0].ticket_number,
        reason: expect.stringMatching(/closed/),
      },
    ])
    await b.printer.idle()
    expect(printer.received().includes(formatTicketNumber(lotto.tickets[0].ticket_number))).toBe(true)
  })

  it('prints price, tax and total on each ticket, and the cash tendered and change on the last', async () => {
    b = testBackend()
    const m = await b.login('maria')
    const printer = await fixPrinter(m)
    const s = await b.login('carlos')
    const sale = await b.call(s, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod: 'cash',
      tendered: 1000,
      lines: [{ lotteryId: b.gameId('PICK3'), quantity: 3 }],
    })
    await b.printer.idle()
    expect(
      b.ctx.db.prepare('SELECT change_due FROM sale_tenders WHERE transaction_id = ?').get(sale.transaction_id),
    ).toEqual({ change_due: 685 })
    const jobs = printer.jobs().map((j) => j.toString('latin1'))
    expect(jobs).toHaveLength(3)
    for (const job of jobs) {
      expect(job).toMatch(/Price +\$1\.00/)
      expect(job).toMatch(/Tax +\$0\.05/)
      expect(job).toMatch(/Total +\$1\.05/)
    }
    expect(jobs[2]).toMatch(/Sale total +\$3\.15/)
    expect(jobs[2]).toMatch(/Cash tendered +\$10\.00/)
    expect(jobs[2]).toMatch(/Change +\$6\.85/)
    expect(jobs[0]).not.toMatch(/Cash tendered|Sale total/)
    // A card sale records no tender: its receipt says nothing about it.
    await b.call(s, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod: 'card',
      lines: [{ lotteryId: b.gameId('LOTTO'), quantity: 1 }],
    })
    await b.printer.idle()
    const card = printer.jobs().at(-1)!.toString('latin1')
    expect(card).toMatch(/Sale total +\$3\.15/)
    expect(card).not.toMatch(/tendered|Change/)
  })
})

describe('voiding a ticket that never printed', () => {
  it('by a manager: a cancellation with its refund, stock back, audit and sync, outside the cancel window', async () => {
    const { m, s } = await refusingTerminal()
    // Lotto never allows cancelling; hours after the sale, but before its draw's cutoff.
    const sale = await sell(s, 'LOTTO', 2)
    b.clock.advance(5 * 3600_000)
    const ticket = sale.tickets[0]
    const stock = () =>
      (
        b.ctx.db
          .prepare('SELECT SUM(remaining_stock) AS n FROM inventory WHERE lottery_id = ?')
          .get(b.gameId('LOTTO')) as { n: number }
      ).n
    const before = { ...counts(b), stock: stock() }
    const r = await b.call(m, 'ticket-void', { ticketId: ticket._id, reason: 'Customer walked away' })
    expect(r).toMatchObject({ price: 300, tax: 15, total_amount: 315, ticket: { status: 'cancelled' } })
    expect(r.receipt.printed).toBe(false)
    const row = b.ctx.db.prepare('SELECT * FROM cancellations WHERE ticket_id = ?').get(ticket._id)
    expect(row).toMatchObject({
      total_amount: 315,
      reason: 'Customer walked away',
      approved_by: null,
      user_id: id('maria'),
    })
    expect(stock()).toBe(before.stock + 1)
    const audit = b.ctx.db.prepare("SELECT description FROM audit_logs WHERE action = 'ticket.void'").all()
    expect(audit).toEqual([
      { description: expect.stringMatching(/voided .* never printed, refund 3\.15: Customer walked away/) },
    ])
    const queued = b.ctx.db
      .prepare("SELECT collection, op FROM outbox WHERE doc_id IN (?, ?) AND status = 'pending' ORDER BY seq")
      .all(r.cancellation_id, ticket._id)
    expect(queued).toEqual(
      expect.arrayContaining([
        { collection: 'cancellations', op: 'insert' },
        { collection: 'tickets', op: 'update' },
      ]),
    )
    // It leaves the queue and the status bar's count; the other ticket of the sale stays.
    expect((await b.call(s, 'ticket-unprinted', {})).tickets.map((t) => t._id)).toEqual([sale.tickets[1]._id])
    expect((await b.call(s, 'status-get')).printer.pending_prints).toBe(1)
    await expectPosError(b.call(m, 'ticket-void', { ticketId: ticket._id, reason: 'again' }), 'CANCEL_NOT_ALLOWED')
  })

  it("by a cashier only with a manager's PIN; any refusal writes nothing", async () => {
    const { s } = await refusingTerminal()
    const sale = await sell(s, 'PICK3', 1)
    const ticketId = sale.tickets[0]._id
    const before = counts(b)
    await expectPosError(b.call(s, 'ticket-void', { ticketId, reason: 'Walked away' }), 'MANAGER_APPROVAL_REQUIRED')
    await expectPosError(
      b.call(s, 'ticket-void', { ticketId, reason: 'Walked away', approver: { userId: id('chloe'), pin: '2222' } }),
      'MANAGER_APPROVAL_REQUIRED',
    )
    await expectPosError(b.call(s, 'ticket-void', { ticketId, reason: 'x' }), 'VALIDATION')
    await expectPosError(b.call(s, 'ticket-void', { ticketId: 'nope', reason: 'Walked away' } as never), 'VALIDATION')
    await expectPosError(
      b.call(s, 'ticket-void', { ticketId: '0000000000000000000000ff', reason: 'Walked away' }),
      'NOT_FOUND',
    )
    expect(counts(b)).toEqual(before)
    const r = await b.call(s, 'ticket-void', {
      ticketId,
      reason: 'Walked away',
      approver: { userId: id('maria'), pin: '2580' },
    })
    expect(r.ticket.status).toBe('cancelled')
    expect(b.ctx.db.prepare('SELECT approved_by FROM cancellations').get()).toEqual({ approved_by: id('maria') })
  })

  it("refuses after the draw's cutoff, and for a ticket some of whose bytes may be on paper", async () => {
    b = testBackend()
    const m = await b.login('maria')
    const s = await b.login('carlos')
    // This printer takes the job and hangs up before confirming it: the ticket may be on paper.
    const partial = await startFakePrinter({ mode: 'close-after-status' })
    printers.push(partial)
    await b.call(m, 'printer-set', { uri: partial.uri, timeout_ms: 400 })
    const onPaper = await sell(s, 'LOTTO', 1)
    await b.call(m, 'printer-set', { uri: await closedPortUri(), timeout_ms: 400 })
    const never = await sell(s, 'PICK3', 1)
    const list = await b.call(m, 'ticket-unprinted', {})
    expect(list.tickets.map((t) => [t.game_code, t.on_paper, t.voidable])).toEqual([
      ['LOTTO', true, false],
      ['PICK3', false, true],
    ])
    const before = counts(b)
    const err = await expectPosError(
      b.call(m, 'ticket-void', { ticketId: onPaper.tickets[0]._id, reason: 'Walked away' }),
      'CANCEL_NOT_ALLOWED',
    )
    expect(err.message).toMatch(/may have reached paper/)
    b.clock.set('2026-11-21T17:56:00Z') // Pick 3 draws 13:00 New York, sales close 5 minutes before
    const late = await expectPosError(
      b.call(m, 'ticket-void', { ticketId: never.tickets[0]._id, reason: 'Walked away' }),
      'CANCEL_NOT_ALLOWED',
    )
    expect(late.message).toMatch(/sales for this draw have closed/)
    expect(counts(b)).toEqual(before)

    // Some of it may be on paper: the queue prints it for nobody (a copy needs a manager); a manager's Reprint
    // prints it, marked REPRINT.
    const printer = await fixPrinter(m)
    const refused = await expectPosError(b.call(m, 'ticket-print', { ticketId: onPaper.tickets[0]._id }), 'NOT_ALLOWED')
    expect(refused.message).toMatch(/may already be on paper/)
    await b.call(m, 'ticket-reprint', { ticketId: onPaper.tickets[0]._id })
    await b.printer.idle()
    expect(printer.received().includes(REPRINT_MARKER)).toBe(true)
  })
})

describe('a ticket that printed stays printed', () => {
  it('a copy that fails leaves it printed: not listed, not printable from the queue, and a copy still needs a manager', async () => {
    b = testBackend()
    const m = await b.login('maria')
    const good = await fixPrinter(m)
    const s = await b.login('carlos')
    const sale = await sell(s, 'PICK3', 1)
    const t = sale.tickets[0]
    await good.waitForBytes(formatTicketNumber(t.ticket_number))
    // The manager's copy goes to a printer that refuses: the copy fails, the ticket is still the one that printed.
    await b.call(m, 'printer-set', { uri: await closedPortUri(), timeout_ms: 400 })
    await b.call(m, 'ticket-reprint', { ticketId: t._id })
    await b.printer.idle()
    const row = b.ctx.db.prepare('SELECT print_status, print_count, print_error FROM tickets WHERE _id = ?').get(t._id)
    expect(row).toMatchObject({
      print_status: 'printed',
      print_count: 1,
      print_error: expect.stringMatching(/refused/),
    })
    expect((await b.call(s, 'ticket-unprinted', {})).tickets).toEqual([])
    expect((await b.call(s, 'status-get')).printer.pending_prints).toBe(0)
    await expectPosError(b.call(s, 'ticket-print', { ticketId: t._id }), 'NOT_ALLOWED')
    await expectPosError(b.call(s, 'ticket-reprint', { ticketId: t._id }), 'MANAGER_APPROVAL_REQUIRED')
    await expectPosError(b.call(s, 'ticket-void', { ticketId: t._id, reason: 'Walked away' }), 'CANCEL_NOT_ALLOWED')
  })

  it('a job re-checks its draw when it runs: never once the result is known; a copy never after the cutoff', async () => {
    b = testBackend()
    const m = await b.login('maria')
    await fixPrinter(m)
    const s = await b.login('carlos')
    const t = (await sell(s, 'PICK3', 1)).tickets[0]
    const { printRefusal } = await import('./print-rules')
    expect(printRefusal(b.ctx, t._id, false)).toBeNull()
    expect(printRefusal(b.ctx, t._id, true)).toBeNull()
    // Pick 3 draws at 13:00 New York and closes 5 minutes before.
    b.clock.set('2026-11-21T17:56:00Z')
    expect(printRefusal(b.ctx, t._id, true)).toMatch(/draw has closed/)
    expect(printRefusal(b.ctx, t._id, false)).toBeNull()
    b.ctx.db
      .prepare(
        "INSERT INTO draw_results (_id, lottery_id, draw_date, winning_numbers, status, created_at, updated_at) VALUES ('d'||hex(randomblob(11)), ?, ?, '[1,2,3]', 'official', ?, ?)",
      )
      .run(t.lottery_id, t.draw_date, t.draw_date, t.draw_date)
    expect(printRefusal(b.ctx, t._id, false)).toMatch(/result of this ticket's draw is known/)
  })

  it('a ticket printed twice is cancelled only with a manager, whatever its amount', async () => {
    b = testBackend()
    const m = await b.login('maria')
    const good = await fixPrinter(m)
    const s = await b.login('carlos')
    const t = (await sell(s, 'PICK3', 1)).tickets[0]
    await good.waitForBytes(formatTicketNumber(t.ticket_number))
    await b.call(m, 'ticket-reprint', { ticketId: t._id })
    await b.printer.idle()
    const code = (
      b.ctx.db.prepare('SELECT validation_code FROM tickets WHERE _id = ?').get(t._id) as { validation_code: string }
    ).validation_code
    const input = t.ticket_number + code
    const asked = await expectPosError(
      b.call(s, 'ticket-cancel', { input, reason: 'Player changed their mind' }),
      'MANAGER_APPROVAL_REQUIRED',
    )
    expect(asked.message).toMatch(/printed 2 times/)
    const r = await b.call(s, 'ticket-cancel', {
      input,
      reason: 'Player changed their mind',
      approver: { userId: id('maria'), pin: '2580' },
    })
    expect(r.ticket.status).toBe('cancelled')
  })
})
