import type { SaleResult } from '../../shared/contract'
import { formatMoney } from '../../shared/money'
import { formatTicketNumber } from '../../shared/ticket-number'
import { code128Fits } from './code128'
import { columnsFor, formatReceiptTime, pair, text, type LayoutOp } from './layout'
import type { ReceiptPrintData } from './types'

/**
 * Payout, not-cashed and refund receipts: pure functions of the record, like
 * ticketLayout, so the printer and the on-screen preview draw the same lines.
 */

export const RECEIPT_HEADINGS = {
  payout: 'PRIZE PAID',
  not_cashed: 'NOT CASHED',
  refund: 'REFUND - TICKET CANCELLED',
} as const

/**
 * Double size when the whole line fits at double size, otherwise bold at
 * normal size: a heading or an amount split over two lines reads as two things.
 */
function prominent(value: string, width: number): LayoutOp[] {
  const size = columnsFor(width, 2) >= value.length ? 2 : 1
  return text(value, width, { align: 'center', bold: true, size })
}

function money(amount: number, data: ReceiptPrintData): string {
  return formatMoney(amount, data.currency)
}

function storeLines(data: ReceiptPrintData, width: number): LayoutOp[] {
  return [
    ...text(data.store_name, width, { align: 'center', bold: true }),
    ...text(data.store_address, width, { align: 'center' }),
  ]
}

function ticketLines(data: ReceiptPrintData, width: number): LayoutOp[] {
  return [
    ...pair('Ticket', formatTicketNumber(data.ticket_number), width, true),
    ...pair('Game', data.game_name, width),
    ...pair('Draw', formatReceiptTime(data.draw_date, data.timezone), width),
  ]
}

function prizeLine(data: ReceiptPrintData, width: number): LayoutOp[] {
  return data.prize_level ? pair('Prize', data.prize_level, width) : []
}

/**
 * The office types or scans the reference to find the claim. A barcode wider
 * than the print area is not printed by the printer at all (a 24-character
 * id in set B needs about 600 dots), so it is left out here too and the
 * preview does not promise a barcode the paper will not have.
 */
function referenceLines(reference: string, width: number): LayoutOp[] {
  const ops: LayoutOp[] = [
    ...text('Reference', width, { align: 'center' }),
    ...text(reference, width, { align: 'center', bold: true }),
  ]
  if (code128Fits(reference, width)) ops.push({ kind: 'barcode128', data: reference })
  return ops
}

function footerLines(data: ReceiptPrintData, width: number): LayoutOp[] {
  return [
    ...pair('Cashier', data.cashier_name, width),
    ...pair('Terminal', data.device_id, width),
    ...pair('Time', formatReceiptTime(data.printed_at, data.timezone, true), width),
  ]
}

function payoutLayout(data: ReceiptPrintData, width: number): LayoutOp[] {
  return [
    ...prominent(RECEIPT_HEADINGS.payout, width),
    ...storeLines(data, width),
    { kind: 'rule', char: '=' },
    ...ticketLines(data, width),
    ...prizeLine(data, width),
    { kind: 'rule', char: '-' },
    ...text('Amount paid', width, { align: 'center' }),
    ...prominent(money(data.amount, data), width),
    { kind: 'rule', char: '-' },
    ...referenceLines(data.reference, width),
    { kind: 'rule', char: '-' },
    ...footerLines(data, width),
    // Room to sign above the line.
    { kind: 'feed', lines: 3 },
    { kind: 'rule', char: '_' },
    ...text('Customer signature', width, { align: 'center' }),
    { kind: 'feed', lines: 2 },
    { kind: 'cut' },
  ]
}

function notCashedLayout(data: ReceiptPrintData, width: number): LayoutOp[] {
  const limit = data.payout_limit === undefined ? '' : ` of ${money(data.payout_limit, data)}`
  return [
    // Framed and double size: a customer must not leave believing this slip is money.
    { kind: 'rule', char: '*' },
    ...prominent(RECEIPT_HEADINGS.not_cashed, width),
    { kind: 'rule', char: '*' },
    ...text('Claim at the lottery office', width, { align: 'center', bold: true }),
    ...text(`Prize above this store's payout limit${limit}`, width, { align: 'center' }),
    { kind: 'rule', char: '-' },
    ...prizeLine(data, width),
    ...text('Prize (not paid)', width, { align: 'center' }),
    ...prominent(money(data.amount, data), width),
    { kind: 'rule', char: '-' },
    ...ticketLines(data, width),
    { kind: 'rule', char: '-' },
    ...referenceLines(data.reference, width),
    { kind: 'rule', char: '-' },
    ...storeLines(data, width),
    ...footerLines(data, width),
    { kind: 'feed', lines: 1 },
    ...text('Keep your ticket: it is needed to claim.', width, { align: 'center', bold: true }),
    { kind: 'rule', char: '*' },
    { kind: 'feed', lines: 2 },
    { kind: 'cut' },
  ]
}

function refundLayout(data: ReceiptPrintData, width: number): LayoutOp[] {
  const parts = data.refund
    ? [...pair('Price', money(data.refund.price, data), width), ...pair('Tax', money(data.refund.tax, data), width)]
    : []
  return [
    // Framed, because below 50 columns the heading is normal size and would pass for the store name.
    { kind: 'rule', char: '=' },
    ...prominent(RECEIPT_HEADINGS.refund, width),
    { kind: 'rule', char: '=' },
    ...storeLines(data, width),
    { kind: 'rule', char: '-' },
    ...ticketLines(data, width),
    { kind: 'rule', char: '-' },
    ...parts,
    ...pair('Total refunded', money(data.amount, data), width, true),
    ...(data.approved_by ? pair('Approved by', data.approved_by, width) : []),
    { kind: 'rule', char: '-' },
    ...referenceLines(data.reference, width),
    { kind: 'rule', char: '-' },
    ...footerLines(data, width),
    { kind: 'feed', lines: 2 },
    { kind: 'cut' },
  ]
}

export function receiptLayout(data: ReceiptPrintData, opts: { width: number }): LayoutOp[] {
  const ops = slipLayout(data, opts)
  return data.open_drawer ? [{ kind: 'drawer' }, ...ops] : ops
}

function slipLayout(data: ReceiptPrintData, opts: { width: number }): LayoutOp[] {
  switch (data.kind) {
    case 'payout':
      return payoutLayout(data, opts.width)
    case 'not_cashed':
      return notCashedLayout(data, opts.width)
    case 'refund':
      return refundLayout(data, opts.width)
    default: {
      // A kind added to the type without a layout fails to compile here, and at run time fails loudly, not as a blank slip.
      const unhandled: never = data.kind
      throw new Error(`unknown receipt kind: ${String(unhandled)}`)
    }
  }
}

export interface SaleReceiptHeader {
  store_name: string
  timezone: string
  currency: string
  device_id: string
}

/** Whether a sale prints a receipt of its own: any line that is not a draw ticket (those print on their tickets). */
export function needsSaleReceipt(sale: Pick<SaleResult, 'sales' | 'items'>): boolean {
  return sale.items.length > 0 || sale.sales.some((l) => l.instant)
}

/**
 * The customer's receipt of a cart holding instant tickets or merchandise: every line, the tax, the total, what
 * was handed over and the change. A cash sale's receipt opens the drawer (its tickets then do not).
 */
export function saleReceiptLayout(
  sale: SaleResult,
  h: SaleReceiptHeader,
  opts: { width: number; drawer: boolean },
): LayoutOp[] {
  const w = opts.width
  const m = (n: number) => formatMoney(n, h.currency)
  const lines: LayoutOp[] = []
  for (const l of sale.sales) {
    if (l.instant)
      lines.push(
        ...pair(
          `${l.game_name} ${l.instant.pack_number}-${String(l.instant.ticket_no).padStart(3, '0')}`,
          m(l.price),
          w,
        ),
      )
    else lines.push(...pair(`${l.game_name} x${l.quantity}`, m(l.price), w))
  }
  for (const i of sale.items) lines.push(...pair(`${i.product_name} x${i.quantity}`, m(i.price), w))
  return [
    ...(opts.drawer ? [{ kind: 'drawer' } as LayoutOp] : []),
    ...text(h.store_name, w, { align: 'center', bold: true }),
    ...text('SALE RECEIPT', w, { align: 'center', bold: true }),
    ...pair('Terminal', h.device_id, w),
    ...pair('Sale', sale.transaction_id, w),
    ...pair('Time', formatReceiptTime(sale.sale_time, h.timezone, true), w),
    { kind: 'rule', char: '-' },
    ...lines,
    { kind: 'rule', char: '-' },
    ...pair('Subtotal', m(sale.price), w),
    ...(sale.tax ? pair('Tax', m(sale.tax), w) : []),
    ...prominent(`TOTAL ${m(sale.total_amount)}`, w),
    ...pair(`Paid (${sale.payment_method})`, m(sale.tendered), w),
    ...(sale.change ? pair('Change', m(sale.change), w, true) : []),
    ...(sale.tickets.length ? text('Draw tickets print on their own paper.', w, { align: 'center' }) : []),
    { kind: 'feed', lines: 2 },
    { kind: 'cut' },
  ]
}
