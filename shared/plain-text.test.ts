import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { contract, isPlainText, plainTextOf } from './contract'

// What people type for others to read: names on tiles and shelves, reasons on slips and in the audit.
describe('plain text', () => {
  it('refuses what reorders or hides text, keeps what scripts need', () => {
    for (const hidden of [
      'Cola \u202e033 lm',
      'Cola\u200b330',
      'a\u2066b\u2069',
      'x\ufeff',
      'bell\u0007',
      'Café\u202d',
      // A right-to-left mark moving digits, a soft hyphen, a line break inside a name, a blank Hangul filler.
      'Refund \u200f100',
      'Co\u00adla',
      'two\u2028lines',
      'Ann\u3164',
      // A joiner between Latin letters: a second "Alice" nobody could tell from the first.
      'Al\u200dice',
      'Alice\u200c',
      'half \ud800 pair',
    ])
      expect(isPlainText(hidden), JSON.stringify(hidden)).toBe(false)
    // Persian's zero-width non-joiner, an emoji's joiner, right-to-left letters themselves, accents.
    for (const ok of ['نوشابه\u200cی سرد', '👩\u200d👩\u200d👧', 'שוקולד מריר', 'Crème brûlée 2×', 'Scratch & Win $5'])
      expect(isPlainText(ok), ok).toBe(true)
  })

  it('cleans a name from elsewhere to that rule, and leaves plain text as it is', () => {
    expect(plainTextOf('Cola \u202e033 lm')).toBe('Cola 033 lm')
    expect(plainTextOf('Al\u200dice\u200c')).toBe('Alice')
    expect(plainTextOf('\u200b\u200b')).toBe('')
    expect(plainTextOf('👩\u200d👩\u200d👧')).toBe('👩\u200d👩\u200d👧')
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const out = plainTextOf(s)
        expect(isPlainText(out), JSON.stringify(s)).toBe(true)
        if (isPlainText(s)) expect(out).toBe(s)
      }),
      { numRuns: 2000 },
    )
  })

  it('is the rule of every free-text field a manager or cashier fills in', () => {
    const spoof = 'Refund \u202eenod'
    const refused = [
      contract['product-save'].args.safeParse({
        product: { product_name: spoof, sku: 'A-1', price: 100 },
      }),
      contract['supplier-save'].args.safeParse({ supplier: { name: spoof } }),
      contract['ticket-cancel'].args.safeParse({ input: '000100100000000011', reason: spoof }),
      contract['ticket-void'].args.safeParse({ ticketId: 'a'.repeat(24), reason: spoof }),
      contract['shift-no-sale'].args.safeParse({ reason: spoof }),
    ]
    for (const r of refused) expect(r.success).toBe(false)
    // The same payloads with the reason typed plainly pass: it is the character that is refused.
    expect(
      contract['ticket-cancel'].args.safeParse({ input: '000100100000000011', reason: 'Refund done' }).success,
    ).toBe(true)
    expect(
      contract['product-save'].args.safeParse({ product: { product_name: 'نوشابه\u200cی', sku: 'A-1', price: 100 } })
        .success,
    ).toBe(true)
  })
})
