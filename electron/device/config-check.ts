import type { Connect } from '../sync/target'
import { redact } from '../sync/errors'
import type { ConfigProblem, TerminalConfig } from './config'

export interface CentralCheck {
  /** A problem to fix (central is reachable and does not know the store number). */
  problem: ConfigProblem | null
  /** What was, or could not be, checked: said, never a failure. */
  note: string
}

/**
 * Asks central whether it knows the file's store number. Only a reachable central that answers "no such
 * store" is a problem; an unreachable one, or a terminal user not allowed to list stores, is a note.
 */
export async function checkStoreWithCentral(
  config: TerminalConfig,
  connect: Connect,
  secrets: string[] = [],
): Promise<CentralCheck> {
  if (config.store_number === undefined) return { problem: null, note: 'no store_number: nothing to check on central' }
  let conn: Awaited<ReturnType<Connect>>
  try {
    conn = await connect()
  } catch (err) {
    return {
      problem: null,
      note: `central not reachable, store number not checked: ${redact(String((err as Error).message), secrets)}`,
    }
  }
  try {
    const store = await conn.db.collection('stores').findOne({ store_number: config.store_number })
    if (store)
      return { problem: null, note: `central knows store ${config.store_number} (${String(store.name ?? '')})` }
    return {
      problem: { path: 'store_number', message: `central has no store number ${config.store_number}` },
      note: 'central reached',
    }
  } catch (err) {
    return {
      problem: null,
      note: `central reached, but the stores could not be listed (a terminal's own user may not): ${redact(String((err as Error).message), secrets)}`,
    }
  } finally {
    await conn.close().catch(() => {})
  }
}
