import { describe, expect, it } from 'vitest'
import { formatTicketNumber, scanPayload } from '../../shared/ticket-number'
import {
  columnsFor,
  formatReceiptTime,
  REPRINT_MARKER,
  testPageLayout,
  ticketLayout,
  wrap,
  type LayoutOp,
} from './layout'
import { sampleTicket } from './test-fixtures'

const lines = (ops: LayoutOp[]) => ops.flatMap((op) => (op.kind === 'text' ? [op.text] : []))

describe('ticketLayout', () => {
  const ticket = sampleTicket()
  const ops = ticketLayout(ticket, { reprint: false, width: 42 })
  const text = lines(ops).join('\n')

  it('shows what the player and the cashier need to read', () => {
    expect(text).toContain('Corner News & Lotto')
    expect(text).toContain('12 High Street, Springfield')
    expect(text).toContain('Lotto 6/49')
    expect(text).toContain(formatTicketNumber(ticket.ticket_number))
    expect(text).toContain('03 11 19 27 35 42')
    expect(text).toContain('QUICK PICK')
    expect(text).toContain('$2.00')
    expect(text).toContain('POS-0001-001')
    expect(text).toContain('Alice Moreno')
    expect(text).toContain('65a1b2c3d4e5f60718293a4b')
    expect(text).toContain('Validation code 58203917')
  })

  it('prints the draw and the sale in the store timezone', () => {
    expect(text).toContain('Sat 28 Nov 2026 20:00')
    expect(text).toContain('Sat 28 Nov 2026 14:03:05')
  })

  it('encodes ticket number and validation code in both the QR code and the barcode', () => {
    const payload = scanPayload(ticket.ticket_number, ticket.validation_code)
    expect(payload).toHaveLength(26)
    expect(ops.filter((op) => op.kind === 'qr')).toEqual([{ kind: 'qr', data: payload }])
    expect(ops.filter((op) => op.kind === 'barcode128')).toEqual([{ kind: 'barcode128', data: payload }])
  })

  it('says QUICK PICK only for quick picks', () => {
    const chosen = lines(ticketLayout(sampleTicket({ quick_pick: false }), { reprint: false, width: 42 }))
    expect(chosen).not.toContain('QUICK PICK')
  })

  it('marks a reprint at the top and the bottom, and only a reprint', () => {
    expect(text).not.toContain('REPRINT')
    const reprint = ticketLayout(ticket, { reprint: true, width: 42 })
    const textOps = reprint.filter((op) => op.kind === 'text')
    expect(textOps[0]).toMatchObject({ text: REPRINT_MARKER, bold: true, size: 2 })
    expect(textOps.at(-1)).toMatchObject({ text: REPRINT_MARKER, bold: true, size: 2 })
    expect(lines(reprint).filter((l) => l === REPRINT_MARKER)).toHaveLength(2)
  })

  it('keeps every line within the paper width, even with long names', () => {
    const long = sampleTicket({
      store_name: 'The Extraordinarily Long-Named Convenience Store of Springfield',
      game_name: 'Mega Millions Plus Extra',
      numbers: Array.from({ length: 20 }, (_, i) => i * 4 + 1),
    })
    for (const width of [32, 42, 64]) {
      for (const op of ticketLayout(long, { reprint: true, width })) {
        if (op.kind === 'text') expect(op.text.length).toBeLessThanOrEqual(columnsFor(width, op.size))
      }
    }
  })

  it('splits six numbers evenly on narrow paper', () => {
    expect(lines(ticketLayout(ticket, { reprint: false, width: 32 }))).toEqual(
      expect.arrayContaining(['03 11 19', '27 35 42']),
    )
  })

  it('ends with a cut', () => {
    expect(ops.at(-1)).toEqual({ kind: 'cut' })
  })
})

describe('testPageLayout', () => {
  it('shows the store, the printer address, the time and sample codes', () => {
    const ops = testPageLayout(
      {
        store_name: 'Corner News',
        printer_uri: 'tcp://10.0.0.7:9100',
        printer_type: 'epson',
        printed_at: '2026-11-28T19:03:05.000Z',
        timezone: 'America/New_York',
      },
      { width: 42 },
    )
    const text = lines(ops).join('\n')
    expect(text).toContain('PRINTER TEST')
    expect(text).toContain('Corner News')
    expect(text).toContain('tcp://10.0.0.7:9100')
    expect(text).toContain('Sat 28 Nov 2026 14:03:05')
    expect(ops.some((op) => op.kind === 'qr')).toBe(true)
    expect(ops.some((op) => op.kind === 'barcode128')).toBe(true)
  })
})

describe('helpers', () => {
  it('falls back to UTC, and says so, for an unknown timezone', () => {
    expect(formatReceiptTime('2026-11-28T20:00:00Z', 'Mars/Olympus')).toBe('Sat 28 Nov 2026 20:00 UTC')
  })

  it('wraps on words and breaks words longer than a line', () => {
    expect(wrap('one two three', 7)).toEqual(['one two', 'three'])
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij'])
  })
})
