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

describe('what the customer paid', () => {
  const sale = {
    tickets: 3,
    price: 600,
    tax: 30,
    total: 630,
    payment_method: 'cash' as const,
    tender: { amount_tendered: 1000, change_due: 370 },
  }

  it('shows each ticket its price, tax and total in the store currency', () => {
    const shown = lines(ticketLayout(sampleTicket({ price: 200, tax: 10 }), { reprint: false, width: 42 }))
    expect(shown).toContain(`Price${' '.repeat(42 - 'Price'.length - '$2.00'.length)}$2.00`)
    expect(shown).toContain(`Tax${' '.repeat(42 - 'Tax'.length - '$0.10'.length)}$0.10`)
    expect(shown).toContain(`Total${' '.repeat(42 - 'Total'.length - '$2.10'.length)}$2.10`)
    const euros = lines(
      ticketLayout(sampleTicket({ currency: 'CAD', price: 300, tax: 39 }), { reprint: false, width: 42 }),
    )
    expect(euros.join('\n')).toMatch(/Total +CA\$3\.39/)
  })

  it("prints the sale's receipt, with cash tendered and change, on the sale's last ticket only", () => {
    const last = lines(ticketLayout(sampleTicket({ sale }), { reprint: false, width: 42 })).join('\n')
    expect(last).toContain('Receipt: 3 tickets')
    expect(last).toMatch(/Sale total +\$6\.30/)
    expect(last).toMatch(/Cash tendered +\$10\.00/)
    expect(last).toMatch(/Change +\$3\.70/)
    const other = lines(ticketLayout(sampleTicket(), { reprint: false, width: 42 })).join('\n')
    expect(other).not.toMatch(/Receipt|Cash tendered|Change/)
  })

  it('prints nothing about tender when the sale recorded none', () => {
    const card = lines(
      ticketLayout(sampleTicket({ sale: { ...sale, payment_method: 'card', tender: null } }), {
        reprint: false,
        width: 32,
      }),
    ).join('\n')
    expect(card).toMatch(/Sale total +\$6\.30/)
    expect(card).toMatch(/Paid by +Card/)
    expect(card).not.toMatch(/tendered|Change/)
  })
})

describe('text that reaches the printer', () => {
  it('carries no control character: a typed ESC or GS prints as ?, never as a command', async () => {
    const { pair, text } = await import('./layout')
    const ops = [...text('tip\u001bp\u0000\u0019 jar', 42), ...pair('Reason\u001dV', 'x\u007f\u0085', 42)]
    // eslint-disable-next-line no-control-regex
    for (const op of ops) if (op.kind === 'text') expect(op.text).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/)
    expect(ops[0]).toMatchObject({ text: 'tip?p?? jar' })
  })
})
