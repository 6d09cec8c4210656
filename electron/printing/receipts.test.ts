import { describe, expect, it } from 'vitest'
import { formatTicketNumber } from '../../shared/ticket-number'
import { columnsFor, type LayoutOp } from './layout'
import { RECEIPT_HEADINGS, receiptLayout } from './receipts'
import { sampleReceipts } from './test-fixtures'
import type { ReceiptPrintData } from './types'

const lines = (ops: LayoutOp[]) => ops.flatMap((op) => (op.kind === 'text' ? [op.text] : []))
const textOf = (data: ReceiptPrintData, width = 42) => lines(receiptLayout(data, { width })).join('\n')
const ticketNumber = formatTicketNumber('000100100000000427')

describe('receiptLayout: payout', () => {
  const ops = receiptLayout(sampleReceipts.payout(), { width: 42 })
  const text = lines(ops).join('\n')

  it('opens with PRIZE PAID in double size', () => {
    expect(ops[0]).toMatchObject({ kind: 'text', text: 'PRIZE PAID', bold: true, size: 2 })
  })

  it('shows the ticket, the prize, the amount large, and who paid it where and when', () => {
    for (const expected of [
      'Corner News & Lotto',
      ticketNumber,
      'Lotto 6/49',
      'Sat 28 Nov 2026 20:00',
      'Match 4',
      '65a1b2c3d4e5f60718293a77',
      'Alice Moreno',
      'POS-0001-001',
      'Mon 30 Nov 2026 10:04:05',
    ]) {
      expect(text).toContain(expected)
    }
    expect(ops).toContainEqual({ kind: 'text', text: '$250.00', align: 'center', bold: true, size: 2 })
  })

  it('leaves a signature line, then cuts', () => {
    const signature = ops.findIndex((op) => op.kind === 'text' && op.text === 'Customer signature')
    expect(ops[signature - 1]).toEqual({ kind: 'rule', char: '_' })
    expect(ops.at(-1)).toEqual({ kind: 'cut' })
  })
})

describe('receiptLayout: not cashed', () => {
  const ops = receiptLayout(sampleReceipts.not_cashed(), { width: 42 })
  // Joined with spaces: the reason is one sentence wrapped over two lines.
  const text = lines(ops).join(' ')

  it('says NOT CASHED first, framed and in double size', () => {
    expect(ops.slice(0, 3)).toEqual([
      { kind: 'rule', char: '*' },
      { kind: 'text', text: 'NOT CASHED', align: 'center', bold: true, size: 2 },
      { kind: 'rule', char: '*' },
    ])
  })

  it('sends the customer to the office, with the reason and the limit', () => {
    expect(text).toContain('Claim at the lottery office')
    expect(text).toContain("Prize above this store's payout limit of $600.00")
    expect(text).toContain('Keep your ticket: it is needed to claim.')
    expect(text).toContain('Match 5')
    expect(ops).toContainEqual({ kind: 'text', text: '$1,000.00', align: 'center', bold: true, size: 2 })
    for (const expected of [ticketNumber, 'Lotto 6/49', 'Sat 28 Nov 2026 20:00', 'POS-0001-001', 'Corner News & Lotto'])
      expect(text).toContain(expected)
  })

  it('prints the reference as text and as CODE128, even on 58 mm paper', () => {
    for (const width of [32, 42]) {
      const narrow = receiptLayout(sampleReceipts.not_cashed(), { width })
      expect(lines(narrow)).toContain('REF-000100100000000427')
      expect(narrow.filter((op) => op.kind === 'barcode128')).toEqual([
        { kind: 'barcode128', data: 'REF-000100100000000427' },
      ])
    }
  })

  it('still gives a reason when the limit is not known', () => {
    const text = textOf(sampleReceipts.not_cashed({ payout_limit: undefined }))
    expect(text).toContain("Prize above this store's payout limit")
    expect(text).not.toContain(' of $')
  })
})

describe('receiptLayout: refund', () => {
  const ops = receiptLayout(sampleReceipts.refund(), { width: 42 })
  const text = lines(ops).join('\n')

  it('names the refund, the ticket and the money in parts', () => {
    expect(lines(ops)[0]).toBe('REFUND - TICKET CANCELLED')
    for (const expected of [ticketNumber, 'Lotto 6/49', 'Sat 28 Nov 2026 20:00', 'Alice Moreno', 'POS-0001-001'])
      expect(text).toContain(expected)
    expect(lines(ops)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Price +\$2\.00$/),
        expect.stringMatching(/^Tax +\$0\.16$/),
        expect.stringMatching(/^Total refunded +\$2\.16$/),
        expect.stringMatching(/^Approved by +Maria Lopez$/),
        expect.stringMatching(/^Time +Mon 30 Nov 2026 10:04:05$/),
      ]),
    )
    expect(text).toContain('65a1b2c3d4e5f60718293a88')
  })

  it('names an approver only when there was one', () => {
    expect(textOf(sampleReceipts.refund({ approved_by: undefined }))).not.toContain('Approved by')
  })

  it('keeps the heading on one line: double size where it fits, bold otherwise', () => {
    expect(receiptLayout(sampleReceipts.refund(), { width: 64 })[1]).toMatchObject({
      text: RECEIPT_HEADINGS.refund,
      size: 2,
    })
    expect(receiptLayout(sampleReceipts.refund(), { width: 32 })[1]).toMatchObject({
      text: RECEIPT_HEADINGS.refund,
      size: 1,
      bold: true,
    })
  })
})

describe('receiptLayout: all kinds', () => {
  const kinds = ['payout', 'not_cashed', 'refund'] as const

  it('keeps every line within the paper width, even with long names', () => {
    for (const kind of kinds) {
      const data = sampleReceipts[kind]({
        store_name: 'The Extraordinarily Long-Named Convenience Store of Springfield',
        game_name: 'Mega Millions Plus Extra Multiplier Edition',
        cashier_name: 'Maximiliana Bartholomew-Fitzgerald',
        amount: 123456789,
      })
      for (const width of [32, 42, 64]) {
        for (const op of receiptLayout(data, { width })) {
          if (op.kind === 'text') expect(op.text.length).toBeLessThanOrEqual(columnsFor(width, op.size))
        }
      }
    }
  })

  it('leaves out a reference barcode wider than the paper, keeping the text', () => {
    // 24 hex characters: 277 modules, 554 dots at 2 dots a module; 42 columns are 504 dots.
    const narrow = receiptLayout(sampleReceipts.payout(), { width: 42 })
    expect(narrow.some((op) => op.kind === 'barcode128')).toBe(false)
    expect(lines(narrow)).toContain('65a1b2c3d4e5f60718293a77')
    const wide = receiptLayout(sampleReceipts.payout(), { width: 64 })
    expect(wide).toContainEqual({ kind: 'barcode128', data: '65a1b2c3d4e5f60718293a77' })
  })

  it('is a pure function of the record', () => {
    for (const kind of kinds) {
      expect(receiptLayout(sampleReceipts[kind](), { width: 42 })).toEqual(
        receiptLayout(sampleReceipts[kind](), { width: 42 }),
      )
    }
  })
})
