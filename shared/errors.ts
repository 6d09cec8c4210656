/**
 * Stable error codes. The UI shows `message`; tests and logs key on `code`.
 * Messages are written for a cashier at the counter, not for a developer.
 */
export const ErrorCodes = {
  VALIDATION: 'VALIDATION',
  UNKNOWN_HANDLER: 'UNKNOWN_HANDLER',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  SCREEN_LOCKED: 'SCREEN_LOCKED',
  FORBIDDEN: 'FORBIDDEN',
  PIN_WRONG: 'PIN_WRONG',
  LOCKED_OUT: 'LOCKED_OUT',
  USER_INACTIVE: 'USER_INACTIVE',
  NOT_FOUND: 'NOT_FOUND',
  GAME_UNKNOWN: 'GAME_UNKNOWN',
  GAME_INACTIVE: 'GAME_INACTIVE',
  OUT_OF_STOCK: 'OUT_OF_STOCK',
  QUANTITY_LIMIT: 'QUANTITY_LIMIT',
  NUMBERS_INVALID: 'NUMBERS_INVALID',
  CONFIRMATION_REQUIRED: 'CONFIRMATION_REQUIRED',
  NO_DRAW_SCHEDULED: 'NO_DRAW_SCHEDULED',
  AGE_CONFIRMATION_REQUIRED: 'AGE_CONFIRMATION_REQUIRED',
  SALE_LIMIT: 'SALE_LIMIT',
  PRICE_CHANGED: 'PRICE_CHANGED',
  NOT_PAYABLE: 'NOT_PAYABLE',
  ALREADY_PAID: 'ALREADY_PAID',
  CANCEL_NOT_ALLOWED: 'CANCEL_NOT_ALLOWED',
  MANAGER_APPROVAL_REQUIRED: 'MANAGER_APPROVAL_REQUIRED',
  PRINTER_NOT_CONFIGURED: 'PRINTER_NOT_CONFIGURED',
  PRINTER_REFUSED: 'PRINTER_REFUSED',
  PRINTER_TIMEOUT: 'PRINTER_TIMEOUT',
  PRINTER_CLOSED: 'PRINTER_CLOSED',
  PRINTER_ERROR: 'PRINTER_ERROR',
  CODE_WRONG: 'CODE_WRONG',
  CLOCK_BEHIND: 'CLOCK_BEHIND',
  DRAW_CLOSED: 'DRAW_CLOSED',
  NOT_ALLOWED: 'NOT_ALLOWED',
  DISK_FULL: 'DISK_FULL',
  RECOVERY_REQUIRED: 'RECOVERY_REQUIRED',
  INTERNAL: 'INTERNAL',
} as const

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes]

export interface PosErrorShape {
  code: ErrorCode
  message: string
  details?: Record<string, unknown>
}

export class PosError extends Error {
  readonly code: ErrorCode
  readonly details?: Record<string, unknown>
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message)
    this.name = 'PosError'
    this.code = code
    this.details = details
  }
  toJSON(): PosErrorShape {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) }
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: PosErrorShape }
