import type { ReceiptPrintData, TicketPrintData } from './types'

/** A ticket as the ticket repository would hand it to printing; override what a test is about. */
export function sampleTicket(overrides: Partial<TicketPrintData> = {}): TicketPrintData {
  return {
    ticket_id: '65a1b2c3d4e5f60718293a01',
    ticket_number: '000100100000000427',
    validation_code: '58203917',
    store_name: 'Corner News & Lotto',
    store_address: '12 High Street, Springfield',
    game_name: 'Lotto 6/49',
    game_code: 'L649',
    // 20:00 in New York on Saturday 28 November 2026.
    draw_date: '2026-11-29T01:00:00.000Z',
    numbers: [3, 11, 19, 27, 35, 42],
    quick_pick: true,
    price: 200,
    tax: 10,
    currency: 'USD',
    purchase_datetime: '2026-11-28T19:03:05.000Z',
    timezone: 'America/New_York',
    device_id: 'POS-0001-001',
    cashier_name: 'Alice Moreno',
    transaction_id: '65a1b2c3d4e5f60718293a4b',
    status: 'sold',
    on_paper: false,
    ...overrides,
  }
}

const receiptCommon = {
  store_name: 'Corner News & Lotto',
  store_address: '12 High Street, Springfield',
  timezone: 'America/New_York',
  currency: 'USD',
  device_id: 'POS-0001-001',
  cashier_name: 'Alice Moreno',
  printed_at: '2026-11-30T15:04:05.000Z',
  ticket_number: '000100100000000427',
  game_name: 'Lotto 6/49',
  draw_date: '2026-11-29T01:00:00.000Z',
}

/** Receipts as the claim handlers would hand them to printing, one of each kind. */
export const sampleReceipts = {
  payout: (overrides: Partial<ReceiptPrintData> = {}): ReceiptPrintData => ({
    ...receiptCommon,
    kind: 'payout',
    reference: '65a1b2c3d4e5f60718293a77',
    amount: 25000,
    prize_level: 'Match 4',
    ...overrides,
  }),
  not_cashed: (overrides: Partial<ReceiptPrintData> = {}): ReceiptPrintData => ({
    ...receiptCommon,
    kind: 'not_cashed',
    reference: 'REF-000100100000000427',
    amount: 100000,
    prize_level: 'Match 5',
    payout_limit: 60000,
    ...overrides,
  }),
  refund: (overrides: Partial<ReceiptPrintData> = {}): ReceiptPrintData => ({
    ...receiptCommon,
    kind: 'refund',
    reference: '65a1b2c3d4e5f60718293a88',
    amount: 216,
    refund: { price: 200, tax: 16 },
    approved_by: 'Maria Lopez',
    ...overrides,
  }),
}
