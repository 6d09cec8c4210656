/**
 * Stable error codes. The UI shows `message`; tests and logs key on `code`.
 * Messages are written for a cashier at the counter, not for a developer.
 */
import { ErrorCodes, type ErrorCode } from './contract'

// The codes are declared by each domain's contract file and merged there; re-exported for both sides.
export { ErrorCodes, type ErrorCode }

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
