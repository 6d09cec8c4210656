import { describe, expect, it } from 'vitest'
import { instantCode, mayMove, moveRefusal, parseInstant, PackStatuses } from './instant'

describe('instant barcodes', () => {
  it('reads a pack label and a ticket, with their check digits', () => {
    const label = instantCode('0457', '123456')
    expect(label).toHaveLength(11)
    expect(parseInstant(label)).toEqual({ ok: true, code: { kind: 'pack', game: '0457', pack: '123456' } })
    const ticket = instantCode('0457', '123456', 7)
    expect(ticket).toHaveLength(14)
    expect(parseInstant(ticket)).toEqual({
      ok: true,
      code: { kind: 'ticket', game: '0457', pack: '123456', ticket: 7 },
    })
    // Typed in groups.
    expect(parseInstant(`${ticket.slice(0, 4)} ${ticket.slice(4, 10)}-${ticket.slice(10)}`).ok).toBe(true)
  })

  it('refuses a wrong check digit, a wrong length and anything not digits, saying which', () => {
    const ticket = instantCode('0457', '123456', 7)
    const wrong = ticket.slice(0, -1) + String((Number(ticket.at(-1)) + 1) % 10)
    expect(parseInstant(wrong)).toEqual({ ok: false, reason: expect.stringMatching(/check digit/) })
    expect(parseInstant('12345')).toEqual({ ok: false, reason: expect.stringMatching(/11 digits .* 14; this has 5/) })
    expect(parseInstant('0457-ABC')).toEqual({ ok: false, reason: expect.stringMatching(/digits only/) })
    // Every single-digit typo is caught (Luhn).
    for (let i = 0; i < 13; i++) {
      const d = Number(ticket[i])
      const typo = ticket.slice(0, i) + String((d + 1) % 10) + ticket.slice(i + 1)
      expect(parseInstant(typo).ok).toBe(false)
    }
  })
})

describe("a pack's life", () => {
  it('goes received -> activated -> settled, may be returned or stolen before it settles, and never leaves an end', () => {
    expect(mayMove('received', 'activated')).toBe(true)
    expect(mayMove('activated', 'settled')).toBe(true)
    expect(mayMove('received', 'settled')).toBe(false)
    for (const from of ['received', 'activated'] as const) {
      expect(mayMove(from, 'returned')).toBe(true)
      expect(mayMove(from, 'stolen')).toBe(true)
    }
    for (const end of ['settled', 'returned', 'stolen'] as const)
      for (const to of PackStatuses) {
        expect(mayMove(end, to)).toBe(false)
        expect(moveRefusal(end, to)).toMatch(/nothing more can happen/)
      }
    expect(moveRefusal('activated', 'activated')).toMatch(/cannot be activated/)
  })
})
