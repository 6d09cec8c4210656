import type { Document } from 'bson'

export interface WriteFailure {
  index: number
  code: number
  message: string
}

/**
 * Per-document failures of an unordered insertMany, or null when the error
 * is not a bulk write error (network, auth, ...: the whole call failed and
 * nothing about individual documents is known).
 */
export function writeFailures(err: unknown): WriteFailure[] | null {
  const e = err as { writeErrors?: unknown; writeConcernError?: unknown; err?: unknown; name?: string }
  if (!e || typeof e !== 'object' || e.writeErrors === undefined) return null
  // A write concern failure means the write may not be durable: treat the batch as unconfirmed.
  if (e.writeConcernError || (e.err && typeof e.err === 'object' && 'errmsg' in e.err && !('index' in e.err)))
    return null
  const list = (Array.isArray(e.writeErrors) ? e.writeErrors : [e.writeErrors]) as Document[]
  if (list.length === 0) return null
  return list.map((w) => ({
    index: Number(w.index ?? w.err?.index),
    code: Number(w.code ?? w.err?.code),
    message: String(w.errmsg ?? w.err?.errmsg ?? w.message ?? 'write error'),
  }))
}

export const DUPLICATE_KEY = 11000
