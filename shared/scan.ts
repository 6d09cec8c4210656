import { retailCheckOk, Sku } from './contract/product'
import { parseInstant } from './instant'
import { SCAN_PAYLOAD_LENGTH, TICKET_NUMBER_LENGTH } from './ticket-number'

/**
 * The counter's one scanner path (issue 12): what a scanned or typed code is, by its shape alone. Lengths do not
 * overlap, so no lookup is needed to tell them apart:
 *   18 or 26 digits   a draw ticket of this fleet (ticket number, or ticket number + validation code): check it
 *   14 digits         an instant ticket (shared/instant.ts): sell it
 *   11 digits         an instant pack's label: packs are received in the back office, not sold
 *   12 or 13 digits   UPC-A or EAN-13 (GS1 check digit): a product's barcode
 *   anything else     a product's SKU (letters, digits, dots, dashes: the contract's Sku)
 * A barcode or instant code whose check digit is wrong is refused here, with the reason, before any lookup.
 */
export type ScanKind =
  | { kind: 'ticket'; digits: string }
  | { kind: 'instant'; code: string }
  | { kind: 'pack'; code: string }
  | { kind: 'gtin'; code: string }
  | { kind: 'sku'; code: string }
  | { kind: 'invalid'; reason: string }

const GTIN_NAMES: Record<number, string> = { 12: 'UPC-A', 13: 'EAN-13' }

export function classifyScan(input: string): ScanKind {
  const text = input.trim()
  if (text === '') return { kind: 'invalid', reason: 'Nothing was scanned.' }
  // Groups typed with spaces or dashes (0457-100001-007-5) read as their digits.
  const digits = text.replace(/[\s-]/g, '')
  if (/^\d+$/.test(digits)) {
    if (digits.length === TICKET_NUMBER_LENGTH || digits.length === SCAN_PAYLOAD_LENGTH)
      return { kind: 'ticket', digits }
    if (digits.length === 14 || digits.length === 11) {
      const parsed = parseInstant(digits)
      if (!parsed.ok) return { kind: 'invalid', reason: parsed.reason }
      return parsed.code.kind === 'ticket' ? { kind: 'instant', code: digits } : { kind: 'pack', code: digits }
    }
    if (GTIN_NAMES[digits.length]) {
      if (!retailCheckOk(digits))
        return {
          kind: 'invalid',
          reason: `${digits} is not a valid ${GTIN_NAMES[digits.length]} barcode (its check digit does not match): scan it again.`,
        }
      return { kind: 'gtin', code: digits }
    }
  }
  if (Sku.safeParse(text).success) return { kind: 'sku', code: text }
  return {
    kind: 'invalid',
    reason:
      'Not a code this terminal reads: a lottery ticket, an instant ticket, a product barcode (EAN or UPC) or a SKU.',
  }
}
