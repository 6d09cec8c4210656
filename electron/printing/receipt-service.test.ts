import { afterEach, describe, expect, it } from 'vitest'
import type { PrinterConfig } from '../../shared/contract'
import { formatTicketNumber } from '../../shared/ticket-number'
import { closedPortUri, startFakePrinter, type FakePrinter } from '../../tests/support/fake-printer'
import { RECEIPT_HEADINGS } from './receipts'
import { PrintService } from './service'
import { sampleReceipts, sampleTicket } from './test-fixtures'
import type { PrintDeps } from './types'

const ticketA = sampleTicket()
const ticketB = sampleTicket({ ticket_id: '65a1b2c3d4e5f60718293a02', ticket_number: '000100100000000435' })
const formattedTicket = formatTicketNumber('000100100000000427')

const configFor = (uri: string, over: Partial<PrinterConfig> = {}): PrinterConfig => ({
  uri,
  type: 'epson',
  width: 42,
  timeout_ms: 2000,
  status_check: true,
  ...over,
})

/** The print service with in-memory tickets; `log` records what happened, in order, for the ordering test. */
function harness(config: PrinterConfig | null) {
  const tickets = new Map([ticketA, ticketB].map((t) => [t.ticket_id, t]))
  const state = { config }
  const log: string[] = []
  let printer: FakePrinter | null = null
  const deps: PrintDeps = {
    getConfig: () => state.config,
    loadTicket: (id) => tickets.get(id) ?? null,
    setTicketPrintStatus: () => {},
    emit: (_event, { ticketId, status }) => log.push(`${ticketId.slice(-2)} ${status} @${printer?.connections()}`),
  }
  const service = new PrintService(deps)
  return { service, state, log, watch: (p: FakePrinter) => (printer = p) }
}

const unescape = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
const svgLines = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => unescape(m[1]))

let printer: FakePrinter | null = null
afterEach(async () => {
  await printer?.close()
  printer = null
})

describe('PrintService.printReceipt', () => {
  it.each([
    ['payout', '$250.00'],
    ['not_cashed', '$1,000.00'],
    ['refund', '$2.16'],
  ] as const)('prints a %s receipt with its heading, ticket number and amount', async (kind, amount) => {
    printer = await startFakePrinter({ mode: 'ok' })
    const { service } = harness(configFor(printer.uri))
    const result = await service.printReceipt(sampleReceipts[kind]())
    expect(result).toMatchObject({ printed: true, error: null })
    const bytes = printer.received()
    expect(bytes.includes(RECEIPT_HEADINGS[kind])).toBe(true)
    expect(bytes.includes(formattedTicket)).toBe(true)
    expect(bytes.includes(amount)).toBe(true)
    expect(printer.connections()).toBe(1)
    expect(service.status().state).toBe('ready')
  })

  it('says NOT CASHED and names the payout limit', async () => {
    printer = await startFakePrinter({ mode: 'ok' })
    const { service } = harness(configFor(printer.uri))
    await service.printReceipt(sampleReceipts.not_cashed())
    const bytes = printer.received()
    expect(bytes.includes('NOT CASHED')).toBe(true)
    expect(bytes.includes('Claim at the lottery office')).toBe(true)
    expect(bytes.includes("Prize above this store's payout limit of")).toBe(true)
    expect(bytes.includes('$600.00')).toBe(true)
  })

  it('shows the refund as price, tax and total', async () => {
    printer = await startFakePrinter({ mode: 'ok' })
    const { service } = harness(configFor(printer.uri))
    await service.printReceipt(sampleReceipts.refund())
    const text = printer.received().toString('latin1')
    expect(text).toMatch(/Price +\$2\.00/)
    expect(text).toMatch(/Tax +\$0\.16/)
    expect(text).toMatch(/Total refunded +\$2\.16/)
    expect(text).toMatch(/Approved by +Maria Lopez/)
  })

  it('resolves with printed false and the refused message when the printer refuses, still with the preview', async () => {
    const uri = await closedPortUri()
    const { service } = harness(configFor(uri))
    const result = await service.printReceipt(sampleReceipts.payout())
    const where = uri.slice('tcp://'.length)
    expect(result.printed).toBe(false)
    expect(result.error).toBe(`The printer at ${where} refused the connection. Check it is switched on.`)
    expect(svgLines(result.svg)).toContain(RECEIPT_HEADINGS.payout)
    expect(service.status()).toMatchObject({ state: 'error', message: result.error })
  })

  it('resolves with printed false when no printer is set up', async () => {
    const result = await harness(null).service.printReceipt(sampleReceipts.refund())
    expect(result).toMatchObject({
      printed: false,
      error: 'No printer is set up, so the receipt was not printed: a manager adds one in Settings, Receipt printer.',
    })
    expect(svgLines(result.svg)).toContain(RECEIPT_HEADINGS.refund)
  })

  it('queues receipts with tickets: one job at a time, in order, none inside another', async () => {
    printer = await startFakePrinter({ mode: 'ok' })
    const { service, log, watch } = harness(configFor(printer.uri))
    watch(printer)
    // `@n` is how many connections the printer had seen: job n+1 must not have connected before job n finished.
    // Receipts for other tickets than the two queued, so every job's content is its own.
    const receipt = (kind: 'payout' | 'refund', ticket_number: string) =>
      service
        .printReceipt(sampleReceipts[kind]({ ticket_number }))
        .then((r) => log.push(`${kind} ${r.printed} @${printer?.connections()}`))
    service.enqueue([ticketA.ticket_id])
    const payout = receipt('payout', '000100100000000450')
    service.enqueue([ticketB.ticket_id])
    const refund = receipt('refund', '000100100000000468')
    expect(service.pending()).toBe(4)
    await Promise.all([payout, refund, service.idle()])

    expect(log).toEqual([
      '01 printing @0',
      '01 printed @1',
      'payout true @2',
      '02 printing @2',
      '02 printed @3',
      'refund true @4',
    ])
    const marks = [
      formatTicketNumber(ticketA.ticket_number),
      RECEIPT_HEADINGS.payout,
      formatTicketNumber(ticketB.ticket_number),
      RECEIPT_HEADINGS.refund,
    ]
    const jobs = printer.jobs()
    expect(jobs).toHaveLength(4)
    jobs.forEach((job, i) => {
      // Each connection holds one whole document (it ends with the cut) and nothing of the others.
      marks.forEach((mark, j) => expect(job.includes(mark), `job ${i}: ${mark}`).toBe(i === j))
      expect(job.includes(Buffer.from([0x1d, 0x56, 0x00]))).toBe(true)
    })
  })
})

describe('PrintService receipt preview', () => {
  it.each(['payout', 'not_cashed', 'refund'] as const)(
    'shows the %s receipt with its heading, every line as printed',
    async (kind) => {
      printer = await startFakePrinter({ mode: 'ok' })
      const { service } = harness(configFor(printer.uri, { width: 32 }))
      const data = sampleReceipts[kind]()
      const result = await service.printReceipt(data)
      const shown = svgLines(result.svg)
      expect(shown).toContain(RECEIPT_HEADINGS[kind])
      const printed = printer.received()
      for (const line of shown) expect(printed.includes(line), line).toBe(true)
      expect(service.receiptPreview(data)).toBe(result.svg)
    },
  )
})
