import { randomUUID } from 'node:crypto'
import type { SaleResult } from '../../shared/contract'
import { formatTicketNumber } from '../../shared/ticket-number'
import type { FakePrinter } from '../support/fake-printer'
import type { TestBackend } from '../support/backend'

const STATUS_REQUEST = Buffer.from([0x10, 0x04, 0x01])

/** The last ticket's bytes have all arrived once the post-job status request follows its number. */
export function arrived(ticketNumber: string) {
  const needle = Buffer.from(formatTicketNumber(ticketNumber))
  return (all: Buffer) => {
    const at = all.lastIndexOf(needle)
    return at >= 0 && all.indexOf(STATUS_REQUEST, at) >= 0
  }
}

/**
 * One sale as the cashier makes it: sale-create through the dispatcher, timed to the last byte of its last
 * ticket at the printer; then the print queue settles (not timed) so the next sale starts from quiet.
 */
export async function sellToLastByte(
  b: TestBackend,
  printer: FakePrinter,
  session: string,
  lotteryId: string,
  quantity: number,
): Promise<bigint> {
  const t = process.hrtime.bigint()
  const r = await b.dispatcher.dispatch(session, 'sale-create', {
    requestId: randomUUID(),
    paymentMethod: 'cash',
    confirmed: true,
    lines: [{ lotteryId, quantity }],
  })
  if (!r.ok) throw new Error(r.error.message)
  const last = (r.value as SaleResult).tickets.at(-1)!
  await printer.waitForBytes(arrived(last.ticket_number), 10_000)
  const dt = process.hrtime.bigint() - t
  await b.printer.idle()
  return dt
}
