import type { PrinterConfig, PrintStatus, ReceiptResult } from '../../shared/contract'
import { PosError } from '../../shared/errors'
import { renderEscPos } from './escpos'
import { testPageLayout, ticketLayout, type LayoutOp } from './layout'
import { receiptLayout } from './receipts'
import { renderSvg } from './svg'
import { sendToPrinter, type Deadline } from './transport'
import type { PrintDeps, PrinterStatusView, ReceiptPrintData, TicketPrintData } from './types'

export interface PrintServiceOptions {
  /** Injected clock, for the test page's timestamp. */
  now?: () => Date
  /** Store details for the test page; PrintDeps only knows about tickets. */
  testPageInfo?: () => { store_name: string; timezone: string }
  /** The terminal's data folder: a printer device path inside it is refused at print time. */
  dataDir?: string | null
  /** Arms each job's deadline (default: a real timer); tests fire it instead of waiting. */
  deadline?: Deadline
  /** Where an unexpected failure is told (the terminal's log); default the console. */
  log?: (msg: string, err?: unknown) => void
}

/** Paper width the preview uses before a printer is configured (the settings form's default). */
const DEFAULT_WIDTH = 42

const NOT_CONFIGURED_MESSAGE = 'No printer is set up: a manager adds one in Settings, Receipt printer, then reprint.'
// Receipts have no Reprint action, so this one does not promise one.
const RECEIPT_NOT_CONFIGURED_MESSAGE =
  'No printer is set up, so the receipt was not printed: a manager adds one in Settings, Receipt printer.'

function asPosError(err: unknown): PosError {
  if (err instanceof PosError) return err
  const detail = err instanceof Error ? err.message : String(err)
  return new PosError('PRINTER_ERROR', `Printing failed: ${detail}`)
}

/**
 * Prints tickets (and receipts) strictly one after another, in the background, so a sale
 * commits without waiting for paper. Every job ends in `printed` or `failed`;
 * a failed ticket keeps its message and waits for a Reprint.
 */
export class PrintService {
  private readonly deps: PrintDeps
  private readonly now: () => Date
  private readonly testPageInfo: () => { store_name: string; timezone: string }
  private readonly dataDir: string | null
  private readonly deadline: Deadline | undefined
  private readonly log: (msg: string, err?: unknown) => void
  private queue: Promise<void> = Promise.resolve()
  private waiting = 0
  /** Tickets with a job waiting or printing: asking again for one of them adds nothing. */
  private readonly queued = new Set<string>()
  /** Outcome of the last job and the printer it went to; a new address starts over as 'unknown'. */
  private last: { uri: string; ok: boolean; message: string | null } | null = null
  private lastView = ''

  constructor(deps: PrintDeps, opts: PrintServiceOptions = {}) {
    this.deps = deps
    this.now = opts.now ?? (() => new Date())
    this.testPageInfo = opts.testPageInfo ?? (() => ({ store_name: 'Lottery POS', timezone: 'UTC' }))
    this.dataDir = opts.dataDir ?? null
    this.deadline = opts.deadline
    this.log = opts.log ?? ((msg, err) => console.error(msg, err))
    const config = deps.getConfig()
    this.lastView = JSON.stringify(this.viewFor(config))
    // Pay the one-off costs (command tables, Intl and zone data) now rather than on the first sale.
    // Best effort: a failure here shows up again, with a message, on the first real job.
    try {
      if (config) renderEscPos(this.testPage(config), config)
    } catch {
      /* ignored */
    }
  }

  /**
   * Queues each ticket not already waiting or printing; returns those it queued. Whether a copy is marked
   * REPRINT is decided when it prints, by the ticket itself: only if some of its bytes may be on paper.
   */
  enqueue(ticketIds: string[], opts: { drawer?: boolean } = {}): string[] {
    const added: string[] = []
    for (const ticketId of ticketIds) {
      if (this.queued.has(ticketId)) continue
      this.queued.add(ticketId)
      // A cash sale opens the drawer with its first ticket's bytes: one job, no extra connection.
      const drawer = opts.drawer === true && added.length === 0
      added.push(ticketId)
      this.schedule(() => this.printTicket(ticketId, drawer).finally(() => this.queued.delete(ticketId)))
    }
    return added
  }

  /** The ticket has a job waiting or printing now. */
  isQueued(ticketId: string): boolean {
    return this.queued.has(ticketId)
  }

  /** Jobs not yet finished, including the one printing now. */
  pending(): number {
    return this.waiting
  }

  /** Prints the settings screen's test page through the same queue, so it never interleaves with a ticket. */
  printTest(): Promise<{ printed: true; bytes: number }> {
    return new Promise((resolve, reject) => {
      this.schedule(() => this.printTestPage().then(resolve, (err: unknown) => reject(asPosError(err))))
    })
  }

  /**
   * Prints a payout, not-cashed or refund receipt on the ticket queue, so it
   * never lands in the middle of a ticket. Never rejects: the payout or refund
   * is already committed, so a printer fault comes back as a message for the
   * cashier, with the on-screen copy, instead of failing the operation.
   */
  printReceipt(data: ReceiptPrintData): Promise<ReceiptResult> {
    return this.printDocument((width) => receiptLayout(data, { width }))
  }

  receiptPreview(data: ReceiptPrintData): string {
    return this.documentPreview((width) => receiptLayout(data, { width }))
  }

  /**
   * Prints any document laid out for the paper's width (a Z report, a cash slip) on the same queue; like a
   * receipt it never rejects and answers with the on-screen copy.
   */
  printDocument(build: (width: number) => LayoutOp[]): Promise<ReceiptResult> {
    return new Promise((resolve) => {
      this.schedule(() => this.printDocumentJob(build).then(resolve))
    })
  }

  /** The document as it would print on the configured paper. */
  documentPreview(build: (width: number) => LayoutOp[]): string {
    const width = this.deps.getConfig()?.width ?? DEFAULT_WIDTH
    return renderSvg(build(width), { width })
  }

  /** The ticket as it would print; `reprint`: as a copy would, marked only if some of it may be on paper. */
  preview(ticketId: string, reprint: boolean): string {
    const data = this.deps.loadTicket(ticketId)
    if (!data) throw new PosError('NOT_FOUND', 'That ticket was not found.')
    const width = this.deps.getConfig()?.width ?? DEFAULT_WIDTH
    return renderSvg(ticketLayout(data, { reprint: reprint && data.on_paper === true, width, preview: true }), {
      width,
    })
  }

  status(): PrinterStatusView {
    return this.viewFor(this.deps.getConfig())
  }

  /** Call after the printer settings change: the last job's outcome says nothing about the new printer. */
  configChanged(): void {
    this.last = null
    this.notifyIfChanged(this.status())
  }

  /** Resolves once every job queued so far, and any queued meanwhile, has finished. */
  async idle(): Promise<void> {
    let seen: Promise<void> | undefined
    while (seen !== this.queue) {
      seen = this.queue
      await seen
    }
  }

  private schedule(job: () => Promise<void>): void {
    this.waiting++
    this.queue = this.queue
      .then(job)
      .catch((err: unknown) => {
        // A job failing outside its own handling (e.g. the database refusing a status write) must not stall the queue.
        this.log('print job failed unexpectedly', err)
      })
      .finally(() => {
        this.waiting--
      })
  }

  /**
   * One ticket's job. Its 'printing' status records, before any byte leaves, that some of it may reach paper;
   * a job that fails before sending any of the ticket's bytes puts back that none did, so the first copy
   * that does print is the original, unmarked. A ticket voided or paid meanwhile is not printed.
   */
  private async printTicket(ticketId: string, drawer = false): Promise<void> {
    let data: TicketPrintData | null
    try {
      data = this.deps.loadTicket(ticketId)
    } catch (err) {
      this.setStatus(ticketId, 'failed', asPosError(err).message)
      return
    }
    if (data && data.status !== undefined && data.status !== 'sold') return
    const untouched = data?.on_paper === false
    // A ticket that printed stays printed whatever becomes of a copy: a failed or interrupted copy must not
    // put it back among the tickets that never printed (which print, and are voided, without a manager).
    const copy = (data?.print_count ?? 0) > 0
    const refusal = data ? (this.deps.printRefusal?.(ticketId, copy || !untouched) ?? null) : null
    if (refusal) {
      if (copy) this.setStatus(ticketId, 'printed', refusal)
      else this.setStatus(ticketId, 'failed', refusal)
      return
    }
    if (!copy) this.setStatus(ticketId, 'printing', null, 0)
    let sent = false
    try {
      const config = this.deps.getConfig()
      if (!config) throw new PosError('PRINTER_NOT_CONFIGURED', NOT_CONFIGURED_MESSAGE)
      if (!data) throw new PosError('NOT_FOUND', 'That ticket was not found, so it cannot be printed.')
      const layout = ticketLayout(data, { reprint: !untouched, width: config.width })
      const bytes = renderEscPos(drawer ? [{ kind: 'drawer' }, ...layout] : layout, config)
      await this.send(config, bytes, () => (sent = true))
      this.setStatus(ticketId, 'printed', null)
    } catch (err) {
      const message = asPosError(err).message
      if (copy) this.setStatus(ticketId, 'printed', message)
      else this.setStatus(ticketId, 'failed', message, untouched && !sent ? 1 : undefined)
    }
  }

  /** Resolves with the outcome in every case; printDocument's promise depends on it. */
  private async printDocumentJob(build: (width: number) => LayoutOp[]): Promise<ReceiptResult> {
    // The config at print time, not at enqueue time: the preview must match the paper it went to.
    const config = this.deps.getConfig()
    const width = config?.width ?? DEFAULT_WIDTH
    let ops: LayoutOp[]
    try {
      ops = build(width)
    } catch (err) {
      return { printed: false, error: asPosError(err).message, svg: '' }
    }
    let svg = ''
    try {
      svg = renderSvg(ops, { width })
    } catch (err) {
      // The paper copy matters more than the on-screen one: print anyway.
      this.log('receipt preview failed', err)
    }
    try {
      if (!config) throw new PosError('PRINTER_NOT_CONFIGURED', RECEIPT_NOT_CONFIGURED_MESSAGE)
      await this.send(config, renderEscPos(ops, config))
      return { printed: true, error: null, svg }
    } catch (err) {
      return { printed: false, error: asPosError(err).message, svg }
    }
  }

  private async printTestPage(): Promise<{ printed: true; bytes: number }> {
    const config = this.deps.getConfig()
    if (!config) throw new PosError('PRINTER_NOT_CONFIGURED', NOT_CONFIGURED_MESSAGE)
    const bytes = await this.send(config, renderEscPos(this.testPage(config), config))
    return { printed: true, bytes }
  }

  private testPage(config: PrinterConfig): LayoutOp[] {
    const info = this.testPageInfo()
    const page = {
      store_name: info.store_name,
      timezone: info.timezone,
      printer_uri: config.uri,
      printer_type: config.type,
      printed_at: this.now().toISOString(),
    }
    return testPageLayout(page, { width: config.width })
  }

  /** Sends one job and records the printer's health from the outcome. */
  private async send(config: PrinterConfig, bytes: Buffer, onSend?: () => void): Promise<number> {
    try {
      await sendToPrinter(config.uri, bytes, {
        timeoutMs: config.timeout_ms,
        statusCheck: config.status_check,
        dataDir: this.dataDir,
        deadline: this.deadline,
        onSend,
      })
      this.recordOutcome(config, null)
      return bytes.length
    } catch (err) {
      this.recordOutcome(config, asPosError(err).message)
      throw err
    }
  }

  private recordOutcome(config: PrinterConfig, error: string | null): void {
    this.last = { uri: config.uri, ok: error === null, message: error }
    this.notifyIfChanged(this.viewFor(config))
  }

  private viewFor(config: PrinterConfig | null): PrinterStatusView {
    if (!config) return { state: 'not_configured', uri: null, message: null }
    if (!this.last || this.last.uri !== config.uri) return { state: 'unknown', uri: config.uri, message: null }
    return { state: this.last.ok ? 'ready' : 'error', uri: config.uri, message: this.last.message }
  }

  private notifyIfChanged(view: PrinterStatusView): void {
    const key = JSON.stringify(view)
    if (key === this.lastView) return
    this.lastView = key
    this.deps.onStateChange?.()
  }

  private setStatus(ticketId: string, status: PrintStatus, error: string | null, neverSent?: 0 | 1): void {
    this.deps.setTicketPrintStatus(ticketId, status, error, neverSent)
    this.deps.emit('print-status', { ticketId, status, error })
  }
}
