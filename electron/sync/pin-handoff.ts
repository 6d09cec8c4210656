import { PIN_HANDOFF } from '../auth/pin'
import { clearPinHandoff, pinHandoff } from '../auth/repo'
import type { ReadDB, WriteDB } from '../store/db'
import type { OutboxRow } from './repo'

/**
 * A PIN set on this terminal reaches central, and so the store's other terminals, without the outbox ever holding
 * a verifier (docs/decisions.md, users): the queued record carries a marker the push replaces, as it sends, with
 * central's form kept in the user's row, and once central has acknowledged it that form leaves this file.
 */
export function withPinHandoff(db: ReadDB, collection: string, docId: string, payload: Record<string, unknown>) {
  if (collection !== 'users' || payload.password_hash !== PIN_HANDOFF) return payload
  const central = pinHandoff(db, docId)
  const { password_hash: _marker, ...rest } = payload
  return central ? { ...rest, password_hash: central } : rest
}

/** After central acknowledged these rows: the PINs they carried are central's now. Returns how many. */
export function pinsDelivered(db: WriteDB, rows: readonly OutboxRow[]): number {
  let n = 0
  for (const r of rows) {
    if (r.collection !== 'users') continue
    const p = JSON.parse(r.payload) as { password_hash?: string; pin_set_at?: string }
    if (p.password_hash === PIN_HANDOFF && p.pin_set_at) n += clearPinHandoff(db, r.doc_id, p.pin_set_at)
  }
  return n
}
