import { describe, expect, it } from 'vitest'
import { formatTicketNumber, scanPayload } from '../../shared/ticket-number'
import { renderEscPos } from './escpos'
import { REPRINT_MARKER, ticketLayout } from './layout'
import { sampleTicket } from './test-fixtures'

const first = sampleTicket()
const second = sampleTicket({
  ticket_number: '000100100000000435',
  validation_code: '11112222',
  game_name: 'Daily Pick 3',
})

describe.each(['epson', 'star'] as const)('renderEscPos (%s)', (type) => {
  const render = (ticket = first, reprint = false) =>
    renderEscPos(ticketLayout(ticket, { reprint, width: 42 }), { type, width: 42 })

  it('carries the ticket text as plain bytes', () => {
    const bytes = render()
    expect(bytes.includes(formatTicketNumber(first.ticket_number))).toBe(true)
    expect(bytes.includes('Lotto 6/49')).toBe(true)
    expect(bytes.includes('QUICK PICK')).toBe(true)
    expect(bytes.includes('Validation code 58203917')).toBe(true)
    expect(bytes.includes('Sat 28 Nov 2026 20:00')).toBe(true)
  })

  it('adds the REPRINT marker only to a reprint', () => {
    expect(render().includes(REPRINT_MARKER)).toBe(false)
    expect(render(first, true).includes(REPRINT_MARKER)).toBe(true)
  })

  it('starts every job empty, so a ticket never repeats the one before', () => {
    const a = render(first)
    const b = render(second)
    expect(b.includes(formatTicketNumber(second.ticket_number))).toBe(true)
    expect(b.includes(formatTicketNumber(first.ticket_number))).toBe(false)
    expect(b.includes('Lotto 6/49')).toBe(false)
    expect(render(first).equals(a)).toBe(true)
  })

  it('survives a name outside ASCII', () => {
    const bytes = render(sampleTicket({ store_name: 'Café Zoë' }))
    expect(bytes.includes('Caf')).toBe(true)
    expect(bytes.includes('?')).toBe(false)
  })
})

describe('renderEscPos (epson commands)', () => {
  const bytes = renderEscPos(ticketLayout(first, { reprint: false, width: 42 }), { type: 'epson', width: 42 })
  const payload = scanPayload(first.ticket_number, first.validation_code)

  it('stores the scan payload in a QR symbol and prints it', () => {
    const store = Buffer.concat([
      Buffer.from([0x1d, 0x28, 0x6b, payload.length + 3, 0, 0x31, 0x50, 0x30]),
      Buffer.from(payload),
    ])
    expect(bytes.includes(store)).toBe(true)
    expect(bytes.includes(Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]))).toBe(true)
  })

  it('packs the barcode digits in code set C so it fits 80 mm paper', () => {
    const pairs = payload.match(/\d\d/g)!.map(Number)
    const data = Buffer.concat([Buffer.from('{B{C'), Buffer.from(pairs)])
    const command = Buffer.concat([Buffer.from([0x1d, 0x6b, 73, data.length]), data])
    expect(bytes.includes(command)).toBe(true)
  })

  it('ends with a paper cut', () => {
    expect(bytes.includes(Buffer.from([0x1d, 0x56, 0x00]))).toBe(true)
  })
})
