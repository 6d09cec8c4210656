import { createHmac, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { VALIDATION_CODE_LENGTH } from '../../shared/ticket-number'
import { validationCode } from './repo'

// Codes printed on tickets already sold are checked by recomputing them: the formula may never change.
const reference = (secret: string, ticketNumber: string) =>
  (createHmac('sha256', Buffer.from(secret, 'hex')).update(ticketNumber).digest().readBigUInt64BE(0) % 10n ** 8n)
    .toString()
    .padStart(8, '0')

describe('validation code', () => {
  it('is the first 64 bits of the HMAC modulo 10^8, for every input', () => {
    expect(VALIDATION_CODE_LENGTH).toBe(8)
    const secret = randomBytes(32).toString('hex')
    for (let i = 0; i < 20000; i++) {
      const ticketNumber = String(i * 7919 + 1).padStart(18, '0')
      expect(validationCode(secret, ticketNumber)).toBe(reference(secret, ticketNumber))
    }
  })

  it('keeps leading zeros and stays eight digits', () => {
    const secret = randomBytes(32).toString('hex')
    const codes = Array.from({ length: 5000 }, (_, i) => validationCode(secret, String(i)))
    expect(codes.every((c) => /^\d{8}$/.test(c))).toBe(true)
    expect(codes.some((c) => c.startsWith('0'))).toBe(true)
  })
})
