import type { Document } from 'bson'
import { isCentralVerifier } from '../auth/pin'
import { undeliveredDecrements } from '../outbox/repo'
import { inReadSnapshot, type ReadDB } from '../store/db'
import { toCentral } from './convert'
import type { TargetDb } from './target'

const JSON_COLUMNS = new Set([
  'location',
  'permissions',
  'prize_structure',
  'draw_days',
  'device_info',
  'winning_numbers',
])
const BOOL_COLUMNS = new Set(['restock_flag', 'cancellable', 'age_check'])
// Local bookkeeping that central does not keep.
const LOCAL_ONLY = new Set([
  'failed_logins',
  'locked_until',
  'login_lockouts',
  'approve_failed',
  'approve_lockouts',
  'approve_locked_until',
  // A PIN set here travels by its own push (sync/pin-handoff.ts), never in an export.
  'must_change_pin',
  'pin_set_at',
  'central_pin_salt',
  'pin_handoff',
])

/** A local catalogue row as central holds it: nested JSON, booleans, ObjectIds and Dates. */
export function centralFromLocal(row: Record<string, unknown>): Document {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(row)) {
    if (v === null || LOCAL_ONLY.has(k)) continue
    // A terminal's PIN verifier is peppered with that terminal's secret: useless elsewhere, so never sent.
    // Central's own form (scrypt$N$salt$hash) is set at central; a local row no longer has it.
    if (k === 'password_hash' && !isCentralVerifier(v as string)) continue
    out[k] = JSON_COLUMNS.has(k) && typeof v === 'string' ? JSON.parse(v) : BOOL_COLUMNS.has(k) ? v === 1 : v
  }
  return toCentral(out)
}

export const EXPORTED_CATALOGUE = ['stores', 'users', 'lotteries', 'inventory', 'draw_results'] as const

/**
 * Loads a terminal's catalogue into central, for a demo or a first store:
 * central then holds the inventory documents that stock decrements update.
 * Documents already there are left alone (central wins). A batch goes with the stock it had before the
 * decrements not yet delivered from here, as a pull reckons it (sync/catalog.ts): the queued ones take it off
 * at the terminal's next push, dead-lettered ones when they are sent again from Settings. Everything is read
 * in one snapshot, so a sale the terminal makes meanwhile is in both figures or in neither.
 */
export async function exportCatalogue(db: TargetDb, local: ReadDB): Promise<Record<string, number>> {
  const snapshot = inReadSnapshot(local, () => {
    const undelivered = undeliveredDecrements(local)
    return EXPORTED_CATALOGUE.map((table) => {
      const rows = local.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]
      if (table === 'inventory')
        for (const row of rows) {
          const delta = undelivered.get(row._id as string)
          if (delta !== undefined)
            row.remaining_stock = Math.min(
              row.total_stock as number,
              Math.max(0, (row.remaining_stock as number) - delta),
            )
        }
      return { table, rows }
    })
  })
  const counts: Record<string, number> = {}
  for (const { table, rows } of snapshot) {
    counts[table] = 0
    for (const row of rows) {
      const doc = centralFromLocal(row)
      if (await db.collection(table).findOne({ _id: doc._id })) continue
      await db.collection(table).insertMany([doc], { ordered: false })
      counts[table]++
    }
  }
  return counts
}
