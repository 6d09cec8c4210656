/**
 * Fleet-unique ticket numbers, made on the terminal without asking a server:
 *   SSSS TTT NNNNNNNNNN C  (18 digits)
 * store number, terminal number, the terminal's own sequence, and a Luhn
 * check digit so a mistyped number is caught before any lookup. The
 * validation code (8 digits, an HMAC made by the backend) is printed beside it;
 * barcode and QR carry both as 26 digits, which a scanner types as a burst.
 */
export const TICKET_NUMBER_LENGTH = 18
export const VALIDATION_CODE_LENGTH = 8
export const SCAN_PAYLOAD_LENGTH = TICKET_NUMBER_LENGTH + VALIDATION_CODE_LENGTH

export function luhnDigit(digits: string): number {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48
    if (i % 2 === 0) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return (10 - (sum % 10)) % 10
}

export function makeTicketNumber(storeNumber: number, terminalNumber: number, sequence: number): string {
  if (!Number.isInteger(storeNumber) || storeNumber < 0 || storeNumber > 9999)
    throw new RangeError('store number must be 0-9999')
  if (!Number.isInteger(terminalNumber) || terminalNumber < 0 || terminalNumber > 999)
    throw new RangeError('terminal number must be 0-999')
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > 9_999_999_999)
    throw new RangeError('sequence out of range')
  const body =
    String(storeNumber).padStart(4, '0') + String(terminalNumber).padStart(3, '0') + String(sequence).padStart(10, '0')
  return body + luhnDigit(body)
}

export function isValidTicketNumber(value: string): boolean {
  if (!/^\d{18}$/.test(value)) return false
  return luhnDigit(value.slice(0, -1)) === Number(value.at(-1))
}

export interface ParsedTicketNumber {
  storeNumber: number
  terminalNumber: number
  sequence: number
}

export function parseTicketNumber(value: string): ParsedTicketNumber | null {
  if (!isValidTicketNumber(value)) return null
  return {
    storeNumber: Number(value.slice(0, 4)),
    terminalNumber: Number(value.slice(4, 7)),
    sequence: Number(value.slice(7, 17)),
  }
}

/** Groups digits for people: 0001-001-0000000042-7 */
export function formatTicketNumber(value: string): string {
  if (value.length !== TICKET_NUMBER_LENGTH) return value
  return `${value.slice(0, 4)}-${value.slice(4, 7)}-${value.slice(7, 17)}-${value.slice(17)}`
}

export function scanPayload(ticketNumber: string, validationCode: string): string {
  return ticketNumber + validationCode
}

export function parseScanPayload(payload: string): { ticketNumber: string; validationCode: string } | null {
  const digits = payload.replace(/[\s-]/g, '')
  if (!/^\d{26}$/.test(digits)) return null
  const ticketNumber = digits.slice(0, TICKET_NUMBER_LENGTH)
  if (!isValidTicketNumber(ticketNumber)) return null
  return { ticketNumber, validationCode: digits.slice(TICKET_NUMBER_LENGTH) }
}
