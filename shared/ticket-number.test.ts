import { describe, expect, it } from 'vitest'
import {
  formatTicketNumber,
  isValidTicketNumber,
  makeTicketNumber,
  parseScanPayload,
  parseTicketNumber,
  scanPayload,
} from './ticket-number'

describe('ticket numbers', () => {
  it('encode store, terminal and sequence with a check digit', () => {
    const n = makeTicketNumber(12, 3, 42)
    expect(n).toHaveLength(18)
    expect(n.slice(0, 17)).toBe('00120030000000042')
    expect(isValidTicketNumber(n)).toBe(true)
    expect(parseTicketNumber(n)).toEqual({ storeNumber: 12, terminalNumber: 3, sequence: 42 })
    expect(formatTicketNumber(n)).toBe(`0012-003-0000000042-${n[17]}`)
  })

  it('differ across terminals of one store and stores with one terminal number, for the same sequence', () => {
    const all = new Set([makeTicketNumber(1, 1, 7), makeTicketNumber(1, 2, 7), makeTicketNumber(2, 1, 7)])
    expect(all.size).toBe(3)
  })

  it('catch every single-digit typo and every adjacent swap', () => {
    const n = makeTicketNumber(1, 1, 123456789)
    for (let i = 0; i < 18; i++) {
      for (let d = 0; d <= 9; d++) {
        const typo = n.slice(0, i) + d + n.slice(i + 1)
        if (typo !== n) expect(isValidTicketNumber(typo), typo).toBe(false)
      }
    }
    for (let i = 0; i < 17; i++) {
      const swapped = n.slice(0, i) + n[i + 1] + n[i] + n.slice(i + 2)
      // Luhn misses only the 0<->9 swap.
      if (swapped !== n && !/09|90/.test(n[i] + n[i + 1])) expect(isValidTicketNumber(swapped)).toBe(false)
    }
  })

  it('refuse out-of-range parts', () => {
    expect(() => makeTicketNumber(10000, 1, 1)).toThrow(RangeError)
    expect(() => makeTicketNumber(1, 1000, 1)).toThrow(RangeError)
    expect(() => makeTicketNumber(1, 1, 0)).toThrow(RangeError)
  })

  it('round-trip through the scan payload a barcode carries', () => {
    const n = makeTicketNumber(1, 1, 5)
    const payload = scanPayload(n, '01234567')
    expect(payload).toMatch(/^\d{26}$/)
    expect(parseScanPayload(payload)).toEqual({ ticketNumber: n, validationCode: '01234567' })
    expect(parseScanPayload(payload.slice(0, 25))).toBeNull()
    expect(parseScanPayload('1' + payload.slice(1))).toBeNull()
  })
})
