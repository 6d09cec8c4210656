import { afterEach, describe, expect, it } from 'vitest'
import type { PrinterConfig, PrintStatus } from '../../shared/contract'
import { formatTicketNumber } from '../../shared/ticket-number'
import { closedPortUri, startFakePrinter, type FakePrinter } from '../../tests/support/fake-printer'
import { PREVIEW_MARKER, REPRINT_MARKER } from './layout'
import { PrintService } from './service'
import { STATUS_REQUEST, type Deadline } from './transport'
import { sampleTicket } from './test-fixtures'
import type { PrintDeps, TicketPrintData } from './types'

const A = sampleTicket()
const B = sampleTicket({
  ticket_id: '65a1b2c3d4e5f60718293a02',
  ticket_number: '000100100000000435',
  validation_code: '11112222',
  game_name: 'Daily Pick 3',
  numbers: [1, 2, 3],
})

/** In-memory stand-ins for the ticket repository and the event bus, recording what the UI would see. */
function harness(
  config: PrinterConfig | null,
  tickets: TicketPrintData[] = [A, B],
  deadline?: Deadline,
  printRefusal?: PrintDeps['printRefusal'],
) {
  const byId = new Map(tickets.map((t) => [t.ticket_id, t]))
  const stored = new Map<string, { status: PrintStatus; error: string | null }>()
  const events: { ticketId: string; status: PrintStatus; error: string | null }[] = []
  const state = { config, stateChanges: 0 }
  const deps: PrintDeps = {
    getConfig: () => state.config,
    loadTicket: (id) => byId.get(id) ?? null,
    setTicketPrintStatus: (id, status, error, neverSent) => {
      stored.set(id, { status, error })
      // What the ticket repository keeps: whether some of the ticket may be on paper.
      const t = byId.get(id)
      if (t && neverSent !== undefined) byId.set(id, { ...t, on_paper: neverSent === 0 })
    },
    emit: (_event, payload) => events.push(payload),
    onStateChange: () => state.stateChanges++,
    printRefusal,
  }
  const service = new PrintService(deps, {
    now: () => new Date('2026-11-28T19:03:05.000Z'),
    testPageInfo: () => ({ store_name: 'Corner News', timezone: 'America/New_York' }),
    deadline,
  })
  return { service, stored, events, state }
}

const configFor = (uri: string, over: Partial<PrinterConfig> = {}): PrinterConfig => ({
  uri,
  type: 'epson',
  width: 42,
  timeout_ms: 2000,
  status_check: true,
  ...over,
})

let printer: FakePrinter | null = null
const printers: FakePrinter[] = []
afterEach(async () => {
  await printer?.close()
  printer = null
  await Promise.all(printers.splice(0).map((p) => p.close()))
})

describe('PrintService.enqueue', () => {
  it('prints a sold ticket and reports printing, then printed', async () => {
    printer = await startFakePrinter({ mode: 'ok' })
    const { service, stored, events } = harness(configFor(printer.uri))
    service.enqueue([A.ticket_id])
    await service.idle()
    const bytes = printer.received()
    expect(bytes.includes(formatTicketNumber(A.ticket_number))).toBe(true)
    expect(bytes.includes('Lotto 6/49')).toBe(true)
    expect(bytes.includes(REPRINT_MARKER)).toBe(false)
    expect(events.map((e) => e.status)).toEqual(['printing', 'printed'])
    expect(stored.get(A.ticket_id)).toEqual({ status: 'printed', error: null })
  })

  it('marks a copy REPRINT when some of the ticket may already be on paper', async () => {
    printer = await startFakePrinter({ mode: 'ok' })
    const { service } = harness(configFor(printer.uri), [{ ...A, on_paper: true }])
    service.enqueue([A.ticket_id])
    await service.idle()
    expect(printer.received().includes(REPRINT_MARKER)).toBe(true)
  })

  it('re-checks a ticket when its job runs, and prints nothing the rules refuse by then', async () => {
    printer = await startFakePrinter({ mode: 'ok' })
    const asked: { id: string; copy: boolean }[] = []
    const refuse = (id: string, copy: boolean) => (asked.push({ id, copy }), 'Not printed: the result is known.')
    const { service, stored } = harness(
      configFor(printer.uri),
      [A, { ...B, print_count: 1, on_paper: true }],
      undefined,
      refuse,
    )
    service.enqueue([A.ticket_id, B.ticket_id])
    await service.idle()
    expect(printer.received().length).toBe(0)
    expect(asked).toEqual([
      { id: A.ticket_id, copy: false },
      { id: B.ticket_id, copy: true },
    ])
    // A first print fails; a ticket that printed before stays printed, with why the copy did not.
    expect(stored.get(A.ticket_id)).toEqual({ status: 'failed', error: 'Not printed: the result is known.' })
    expect(stored.get(B.ticket_id)).toEqual({ status: 'printed', error: 'Not printed: the result is known.' })
  })

  it('a copy that fails leaves a printed ticket printed, with the error', async () => {
    const { service, stored, events } = harness(configFor(await closedPortUri()), [
      { ...A, print_count: 1, on_paper: true },
    ])
    service.enqueue([A.ticket_id])
    await service.idle()
    expect(events.map((e) => e.status)).toEqual(['printed'])
    expect(stored.get(A.ticket_id)).toMatchObject({ status: 'printed', error: expect.stringMatching(/refused/) })
  })

  it('prints tickets one at a time, in order, each job holding only its own ticket', async () => {
    printer = await startFakePrinter({ mode: 'ok' })
    const { service, events } = harness(configFor(printer.uri))
    service.enqueue([A.ticket_id, B.ticket_id])
    await service.idle()
    const [first, second] = printer.jobs()
    expect(printer.connections()).toBe(2)
    expect(first.includes(formatTicketNumber(A.ticket_number))).toBe(true)
    expect(second.includes(formatTicketNumber(B.ticket_number))).toBe(true)
    expect(second.includes(formatTicketNumber(A.ticket_number))).toBe(false)
    expect(events.map((e) => `${e.status} ${e.ticketId.slice(-2)}`)).toEqual([
      'printing 01',
      'printed 01',
      'printing 02',
      'printed 02',
    ])
  })

  it('keeps going after a ticket fails', async () => {
    printer = await startFakePrinter({ mode: 'ok' })
    const { service, stored } = harness(configFor(printer.uri))
    service.enqueue(['65a1b2c3d4e5f607182939ff', B.ticket_id])
    await service.idle()
    expect(stored.get('65a1b2c3d4e5f607182939ff')?.status).toBe('failed')
    expect(stored.get(B.ticket_id)?.status).toBe('printed')
  })

  it('leaves the ticket failed when the printer refuses, and the later copy is the original, unmarked', async () => {
    const { service, stored, state } = harness(configFor(await closedPortUri()))
    service.enqueue([A.ticket_id])
    await service.idle()
    expect(stored.get(A.ticket_id)?.status).toBe('failed')
    expect(stored.get(A.ticket_id)?.error).toMatch(/refused the connection\. Check it is switched on\./)
    expect(service.status().state).toBe('error')

    printer = await startFakePrinter({ mode: 'ok' })
    state.config = configFor(printer.uri)
    service.configChanged()
    service.enqueue([A.ticket_id])
    await service.idle()
    expect(stored.get(A.ticket_id)).toEqual({ status: 'printed', error: null })
    // Nothing of the ticket left on the refused connection: no first copy exists to be a REPRINT of.
    expect(printer.received().includes(formatTicketNumber(A.ticket_number))).toBe(true)
    expect(printer.received().includes(REPRINT_MARKER)).toBe(false)
    // Once printed, any further copy is one.
    service.enqueue([A.ticket_id])
    await service.idle()
    expect(printer.jobs().at(-1)!.includes(REPRINT_MARKER)).toBe(true)
  })

  it.each([
    ['no printer set', 'none', true],
    ['printer offline in the status check', 'offline', true],
    ['printer that hangs up on connecting', 'close-on-connect', true],
    ['printer that never answers the status check', 'hang', true],
    ['printer that took the job and hung up', 'close-after-status', false],
  ] as const)('after a %s, the next copy is the original: %s', async (_what, mode, original) => {
    let bad: FakePrinter | null = null
    if (mode !== 'none') printers.push((bad = await startFakePrinter({ mode })))
    // The hung printer's deadline is fired by the test, once the status request has arrived.
    const fire: (() => void)[] = []
    const deadline: Deadline | undefined = mode === 'hang' ? (expire) => (fire.push(expire), () => {}) : undefined
    const { service, stored, state } = harness(bad && configFor(bad.uri), [A], deadline)
    service.enqueue([A.ticket_id])
    if (mode === 'hang') {
      await bad!.waitForBytes(STATUS_REQUEST)
      fire.forEach((f) => f())
    }
    await service.idle()
    expect(stored.get(A.ticket_id)?.status).toBe('failed')
    printer = await startFakePrinter({ mode: 'ok' })
    state.config = configFor(printer.uri)
    service.enqueue([A.ticket_id])
    await service.idle()
    expect(stored.get(A.ticket_id)?.status).toBe('printed')
    expect(printer.received().includes(REPRINT_MARKER)).toBe(!original)
  })

  it('queues a ticket once while it waits or prints', async () => {
    printer = await startFakePrinter({ mode: 'ok' })
    const { service, events } = harness(configFor(printer.uri))
    expect(service.enqueue([A.ticket_id, A.ticket_id])).toEqual([A.ticket_id])
    expect(service.isQueued(A.ticket_id)).toBe(true)
    expect(service.enqueue([A.ticket_id, B.ticket_id])).toEqual([B.ticket_id])
    await service.idle()
    expect(service.isQueued(A.ticket_id)).toBe(false)
    expect(printer.jobs()).toHaveLength(2)
    expect(events.filter((e) => e.status === 'printed')).toHaveLength(2)
  })

  it('does not print a ticket voided while it waited', async () => {
    printer = await startFakePrinter({ mode: 'ok' })
    const { service, events } = harness(configFor(printer.uri), [{ ...A, status: 'cancelled' }])
    service.enqueue([A.ticket_id])
    await service.idle()
    expect(printer.connections()).toBe(0)
    expect(events).toEqual([])
  })

  it('fails the ticket with a clear message when no printer is set up', async () => {
    const { service, stored } = harness(null)
    service.enqueue([A.ticket_id])
    await service.idle()
    expect(stored.get(A.ticket_id)).toEqual({
      status: 'failed',
      error: 'No printer is set up: a manager adds one in Settings, Receipt printer, then reprint.',
    })
  })

  it('times out on a printer that never answers', async () => {
    const hung = await startFakePrinter({ mode: 'hang' })
    printer = hung
    // The 300 ms pass once the unanswered status request has arrived: no real waiting.
    const armed: number[] = []
    const deadline: Deadline = (expire, ms) => {
      armed.push(ms)
      void hung.waitForBytes(STATUS_REQUEST).then(expire)
      return () => {}
    }
    const { service, stored } = harness(configFor(hung.uri, { timeout_ms: 300 }), [A, B], deadline)
    service.enqueue([A.ticket_id])
    await service.idle()
    expect(stored.get(A.ticket_id)?.status).toBe('failed')
    expect(stored.get(A.ticket_id)?.error).toContain('did not answer')
    expect(armed).toEqual([300])
  })

  it('idle() waits for jobs queued while it was waiting', async () => {
    printer = await startFakePrinter({ mode: 'ok' })
    const { service, stored } = harness(configFor(printer.uri))
    service.enqueue([A.ticket_id])
    const idle = service.idle()
    service.enqueue([B.ticket_id])
    expect(service.pending()).toBe(2)
    await idle
    expect(stored.get(B.ticket_id)?.status).toBe('printed')
    expect(service.pending()).toBe(0)
  })
})

describe('PrintService.status', () => {
  it('goes from unknown to ready to error, telling the UI each time it changes', async () => {
    printer = await startFakePrinter({ mode: 'ok' })
    const { service, state } = harness(configFor(printer.uri))
    expect(service.status()).toEqual({ state: 'unknown', uri: printer.uri, message: null })

    service.enqueue([A.ticket_id, B.ticket_id])
    await service.idle()
    expect(service.status()).toEqual({ state: 'ready', uri: printer.uri, message: null })
    expect(state.stateChanges).toBe(1)

    await printer.close()
    service.enqueue([A.ticket_id])
    await service.idle()
    const status = service.status()
    expect(status.state).toBe('error')
    expect(status.message).toMatch(/refused the connection/)
    expect(state.stateChanges).toBe(2)
    printer = null
  })

  it('is not_configured without a printer', () => {
    expect(harness(null).service.status()).toEqual({ state: 'not_configured', uri: null, message: null })
  })
})

describe('PrintService.printTest', () => {
  it('prints a test page naming the store and the printer', async () => {
    printer = await startFakePrinter({ mode: 'ok' })
    const { service } = harness(configFor(printer.uri))
    const result = await service.printTest()
    const bytes = printer.received()
    expect(result.printed).toBe(true)
    // Everything but the two 3-byte status requests is the page.
    expect(result.bytes).toBe(bytes.length - 6)
    expect(bytes.includes('PRINTER TEST')).toBe(true)
    expect(bytes.includes('Corner News')).toBe(true)
    expect(bytes.includes(printer.uri)).toBe(true)
    expect(service.status().state).toBe('ready')
  })

  it('throws the printer error for the settings screen to show', async () => {
    const { service } = harness(configFor(await closedPortUri()))
    await expect(service.printTest()).rejects.toMatchObject({ code: 'PRINTER_REFUSED' })
    await expect(harness(null).service.printTest()).rejects.toMatchObject({ code: 'PRINTER_NOT_CONFIGURED' })
  })
})

describe('PrintService.preview', () => {
  const unescape = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))

  it('shows exactly the lines that go to the printer', async () => {
    printer = await startFakePrinter({ mode: 'ok' })
    const { service } = harness(configFor(printer.uri, { width: 32 }), [{ ...A, on_paper: true }])
    const svg = service.preview(A.ticket_id, true)
    service.enqueue([A.ticket_id])
    await service.idle()
    const printed = printer.received()
    const shown = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => unescape(m[1]))
    expect(shown).toContain(formatTicketNumber(A.ticket_number))
    expect(shown).toContain(REPRINT_MARKER)
    // The preview is marked as one, and says where the codes are; every other line is the paper's.
    expect(shown).toContain(PREVIEW_MARKER)
    const previewOnly = (line: string) => line === PREVIEW_MARKER || /^Codes print on paper only\.$/.test(line)
    for (const line of shown.filter((l) => !previewOnly(l))) expect(printed.includes(line), line).toBe(true)
  })

  it('never shows the validation code or a scannable code: those reach paper only', async () => {
    printer = await startFakePrinter({ mode: 'ok' })
    const { service } = harness(configFor(printer.uri, { width: 42 }))
    const svg = service.preview(A.ticket_id, false)
    expect(svg).not.toContain(A.validation_code)
    service.enqueue([A.ticket_id])
    await service.idle()
    expect(printer.received().includes(A.validation_code)).toBe(true)
  })

  it('says the ticket was not found', () => {
    const { service } = harness(null)
    expect(() => service.preview('65a1b2c3d4e5f607182939ff', false)).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    )
  })
})
