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
