import { DateTime } from 'luxon'
import { formatMoney } from '../../shared/money'
import { formatTicketNumber, scanPayload } from '../../shared/ticket-number'
import type { SaleSummaryPrint, TicketPrintData } from './types'

/**
 * A receipt as a list of device-neutral operations. Both the printer bytes
 * (escpos.ts) and the on-screen preview (svg.ts) are drawn from the same list,
 * so what the cashier sees is what prints. Lines are already wrapped to the
 * paper width here, so neither renderer has to make layout decisions.
 */
export type Align = 'left' | 'center' | 'right'

export type LayoutOp =
  | { kind: 'text'; text: string; align: Align; bold: boolean; size: 1 | 2 }
  | { kind: 'rule'; char: string }
  | { kind: 'qr'; data: string }
  | { kind: 'barcode128'; data: string }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut' }
  /** A pulse on the printer's cash-drawer kick port: opens the drawer; nothing on paper or on screen. */
  | { kind: 'drawer' }

export interface LayoutOptions {
  /** Characters per line at normal size. */
  width: number
}

export const REPRINT_MARKER = '*** REPRINT ***'

export interface TextStyle {
  align?: Align
  bold?: boolean
  size?: 1 | 2
}

/** Columns available at a size: double-size characters take two columns. */
export function columnsFor(width: number, size: 1 | 2): number {
  return Math.max(1, Math.floor(width / size))
}

/** Word wrap that still breaks a word longer than a line, so nothing runs off the paper. */
export function wrap(text: string, cols: number): string[] {
  const out: string[] = []
  for (const paragraph of text.split('\n')) {
    let line = ''
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let rest = word
      while (rest.length > cols) {
        if (line) out.push(line)
        line = ''
        out.push(rest.slice(0, cols))
        rest = rest.slice(cols)
      }
      if (!line) line = rest
      else if (line.length + 1 + rest.length <= cols) line += ' ' + rest
      else {
        out.push(line)
        line = rest
      }
    }
    out.push(line)
  }
  return out
}

/**
 * Control characters never reach the printer as themselves: a reason typed with ESC or GS in it would be a
 * printer command (open the drawer, cut, stop printing the rest of a Z). Each becomes '?', on paper and preview.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g
export const printable = (s: string) => s.replace(CONTROL, '?')

export function text(value: string, width: number, style: TextStyle = {}): LayoutOp[] {
  const size = style.size ?? 1
  if (!value.trim()) return []
  return wrap(value, columnsFor(width, size)).map((line) => ({
    kind: 'text',
    text: printable(line),
    align: style.align ?? 'left',
    bold: style.bold ?? false,
    size,
  }))
}

/** "Label ......... value" on one line when it fits, otherwise the value right-aligned below. */
export function pair(rawLabel: string, rawValue: string, width: number, bold = false): LayoutOp[] {
  const label = printable(rawLabel)
  const value = printable(rawValue)
  if (label.length + 1 + value.length <= width) {
    const line = label + ' '.repeat(width - label.length - value.length) + value
    return [{ kind: 'text', text: line, align: 'left', bold, size: 1 }]
  }
  return [...text(label, width, { bold }), ...text(value, width, { align: 'right', bold })]
}

/**
 * Dates are printed in the store's zone with a fixed English format, so a
 * terminal's OS locale never changes what a ticket says. An unknown zone
 * falls back to UTC and says so rather than printing "Invalid DateTime".
 */
export function formatReceiptTime(iso: string, timezone: string, seconds = false): string {
  const pattern = seconds ? 'ccc d LLL yyyy HH:mm:ss' : 'ccc d LLL yyyy HH:mm'
  const instant = DateTime.fromISO(iso, { zone: 'utc', locale: 'en-US' })
  if (!instant.isValid) return iso
  const local = instant.setZone(timezone)
  return local.isValid ? local.toFormat(pattern) : `${instant.toFormat(pattern)} UTC`
}

export function formatNumbers(numbers: number[]): string {
  return numbers.map((n) => String(n).padStart(2, '0')).join(' ')
}

/** Rows of equal length, so six numbers on narrow paper read 3 + 3, not 5 + 1. */
function numberRows(numbers: number[], cols: number): string[] {
  if (numbers.length === 0) return []
  const cell = Math.max(...numbers.map((n) => String(n).padStart(2, '0').length)) + 1
  const fit = Math.max(1, Math.floor((cols + 1) / cell))
  const perRow = Math.ceil(numbers.length / Math.ceil(numbers.length / fit))
  const rows: string[] = []
  for (let i = 0; i < numbers.length; i += perRow) rows.push(formatNumbers(numbers.slice(i, i + perRow)))
  return rows
}

function reprintBanner(width: number): LayoutOp[] {
  // Size 2 needs 15 columns; narrower paper still gets the marker, just smaller.
  const size = columnsFor(width, 2) >= REPRINT_MARKER.length ? 2 : 1
  return text(REPRINT_MARKER, width, { align: 'center', bold: true, size })
}

export const PREVIEW_MARKER = 'PREVIEW - NOT A TICKET'

/**
 * A ticket's layout. `preview` is the on-screen copy: marked as a preview, with
 * no validation code and no scannable codes, so a screenshot of the screen is
 * never a ticket that could be paid. The validation code reaches paper only.
 */
export function ticketLayout(
  data: TicketPrintData,
  opts: { reprint: boolean; width: number; preview?: boolean },
): LayoutOp[] {
  const { width, reprint, preview = false } = opts
  const ops: LayoutOp[] = []
  const previewBanner = () => text(PREVIEW_MARKER, width, { align: 'center', bold: true })
  if (preview) ops.push(...previewBanner(), { kind: 'feed', lines: 1 })
  if (reprint) ops.push(...reprintBanner(width), { kind: 'feed', lines: 1 })
  ops.push(
    ...text(data.store_name, width, { align: 'center', bold: true }),
    ...text(data.store_address, width, { align: 'center' }),
    { kind: 'rule', char: '=' },
    ...text(data.game_name, width, { align: 'center', bold: true, size: 2 }),
    ...text(`Draw ${formatReceiptTime(data.draw_date, data.timezone)}`, width, { align: 'center' }),
    { kind: 'rule', char: '-' },
    ...text('Ticket', width, { align: 'center' }),
    ...text(formatTicketNumber(data.ticket_number), width, { align: 'center', bold: true }),
    { kind: 'feed', lines: 1 },
    ...text('Your numbers', width, { align: 'center' }),
    ...numberRows(data.numbers, columnsFor(width, 2)).flatMap((row) =>
      text(row, width, { align: 'center', bold: true, size: 2 }),
    ),
  )
  if (data.quick_pick) ops.push(...text('QUICK PICK', width, { align: 'center', bold: true }))
  ops.push(
    { kind: 'rule', char: '-' },
    // What the customer paid for this ticket, in the store's currency.
    ...pair('Price', formatMoney(data.price, data.currency), width),
    ...pair('Tax', formatMoney(data.tax, data.currency), width),
    ...pair('Total', formatMoney(data.price + data.tax, data.currency), width, true),
    ...pair('Sold', formatReceiptTime(data.purchase_datetime, data.timezone, true), width),
    ...pair('Terminal', data.device_id, width),
    ...pair('Cashier', data.cashier_name, width),
    ...pair('Transaction', data.transaction_id, width),
    { kind: 'rule', char: '-' },
  )
  if (preview) {
    ops.push(...text('Codes print on paper only.', width, { align: 'center' }))
  } else {
    const payload = scanPayload(data.ticket_number, data.validation_code)
    ops.push(
      { kind: 'qr', data: payload },
      { kind: 'feed', lines: 1 },
      { kind: 'barcode128', data: payload },
      ...text(`Validation code ${data.validation_code}`, width, { align: 'center', bold: true }),
    )
  }
  if (data.sale) ops.push(...saleReceipt(data.sale, data.currency, width))
  if (reprint) ops.push({ kind: 'feed', lines: 1 }, ...reprintBanner(width))
  if (preview) ops.push({ kind: 'feed', lines: 1 }, ...previewBanner())
  ops.push({ kind: 'feed', lines: 2 }, { kind: 'cut' })
  return ops
}

const PAYMENT_NAMES: Record<SaleSummaryPrint['payment_method'], string> = {
  cash: 'Cash',
  card: 'Card',
  wallet: 'Wallet',
}

/**
 * The customer's receipt for the whole sale, at the foot of its last ticket: the sale's totals, how it was
 * paid, and for cash the amount tendered and the change when the sale recorded them.
 */
function saleReceipt(sale: SaleSummaryPrint, currency: string, width: number): LayoutOp[] {
  const money = (n: number) => formatMoney(n, currency)
  const ops: LayoutOp[] = [
    { kind: 'rule', char: '=' },
    ...text(`Receipt: ${sale.tickets} ${sale.tickets === 1 ? 'ticket' : 'tickets'}`, width, {
      align: 'center',
      bold: true,
    }),
    ...pair('Subtotal', money(sale.price), width),
    ...pair('Tax', money(sale.tax), width),
    ...pair('Sale total', money(sale.total), width, true),
    ...pair('Paid by', PAYMENT_NAMES[sale.payment_method], width),
  ]
  if (sale.tender) {
    ops.push(
      ...pair('Cash tendered', money(sale.tender.amount_tendered), width),
      ...pair('Change', money(sale.tender.change_due), width, true),
    )
  }
  ops.push({ kind: 'rule', char: '=' })
  return ops
}

export interface TestPageInfo {
  store_name: string
  printer_uri: string
  printer_type: 'epson' | 'star'
  /** ISO instant the test was printed. */
  printed_at: string
  timezone: string
}

/** Scanning the test page must never look like a ticket to the validation screen. */
export const TEST_QR_DATA = 'LOTTERY POS PRINTER TEST'
export const TEST_BARCODE_DATA = 'PRINTER-TEST'

export function testPageLayout(info: TestPageInfo, opts: { width: number }): LayoutOp[] {
  const { width } = opts
  return [
    ...text('PRINTER TEST', width, { align: 'center', bold: true, size: 2 }),
    ...text(info.store_name, width, { align: 'center', bold: true }),
    { kind: 'rule', char: '=' },
    ...pair('Printer', info.printer_uri, width),
    ...pair('Type', info.printer_type.toUpperCase(), width),
    ...pair('Paper width', `${width} characters`, width),
    ...pair('Printed', formatReceiptTime(info.printed_at, info.timezone, true), width),
    { kind: 'rule', char: '-' },
    ...text('Sample QR code', width, { align: 'center' }),
    { kind: 'qr', data: TEST_QR_DATA },
    { kind: 'feed', lines: 1 },
    ...text('Sample barcode', width, { align: 'center' }),
    { kind: 'barcode128', data: TEST_BARCODE_DATA },
    { kind: 'rule', char: '-' },
    ...text('If you can read this and scan both codes, the printer is ready.', width, { align: 'center' }),
    { kind: 'feed', lines: 2 },
    { kind: 'cut' },
  ]
}
