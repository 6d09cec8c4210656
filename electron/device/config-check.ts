import { ObjectId } from 'bson'
import type { Connect } from '../sync/target'
import { redact } from '../sync/errors'
import type { ConfigProblem, TerminalConfig } from './config'

export interface CentralCheck {
  /** A problem to fix: central refuses the address or the user, or does not know the store as the file names it. */
  problem: ConfigProblem | null
  /** What was, or could not be, checked: said, never a failure. */
  note: string
}

/** A connection that could not start because of the file (its address or its user), not the network. */
function fileProblem(err: Error, secrets: string[]): ConfigProblem | null {
  const message = redact(String(err.message), secrets)
  if (
    err.name === 'MongoParseError' ||
    /invalid connection string|unable to parse|uri must|invalid scheme/i.test(message)
  )
    return { path: 'central.uri', message: `not a MongoDB address central's driver accepts: ${message}` }
  if ((err as { code?: unknown }).code === 18 || /authentication failed/i.test(message))
    return { path: 'central.username', message: `central refused this user name and password: ${message}` }
  return null
}

const hexOf = (id: unknown) => (id as { toHexString?(): string })?.toHexString?.() ?? String(id)

/**
 * Asks central whether it knows the file's store: by its id when the file names one (and that its number is
 * the file's), else by its number, and then tells the id a terminal that syncs must carry. A reachable
 * central that does not know the store, an address the driver refuses and a refused user are problems; an
 * unreachable central, or a terminal user not allowed to list stores, is a note.
 */
export async function checkStoreWithCentral(
  config: TerminalConfig,
  connect: Connect,
  secrets: string[] = [],
): Promise<CentralCheck> {
  if (config.store_number === undefined && config.store_id === undefined)
    return { problem: null, note: 'no store_number or store_id: nothing to check on central' }
  let conn: Awaited<ReturnType<Connect>>
  try {
    conn = await connect()
  } catch (err) {
    const problem = fileProblem(err as Error, secrets)
    if (problem) return { problem, note: 'central not reached' }
    return {
      problem: null,
      note: `central not reachable, store not checked: ${redact(String((err as Error).message), secrets)}`,
    }
  }
  try {
    const stores = conn.db.collection('stores')
    // No store at all is a database that is not the chain's (a misspelt db_name), not a store it lacks.
    if (!(await stores.findOne({})))
      return {
        problem: {
          path: 'central.db_name',
          message: `central's database${config.central?.db_name ? ` "${config.central.db_name}"` : ''} holds no stores: is its name right?`,
        },
        note: 'central reached',
      }
    if (config.store_id !== undefined) {
      const store = await stores.findOne({ _id: new ObjectId(config.store_id) })
      if (!store)
        return {
          problem: { path: 'store_id', message: `central has no store ${config.store_id}` },
          note: 'central reached',
        }
      if (config.store_number !== undefined && store.store_number !== config.store_number)
        return {
          problem: {
            path: 'store_id',
            message: `store ${config.store_id} is number ${String(store.store_number)} at central, not ${config.store_number}`,
          },
          note: 'central reached',
        }
      return {
        problem: null,
        note: `central knows store ${String(store.store_number)} (${String(store.name ?? '')}) as ${config.store_id}`,
      }
    }
    const store = await stores.findOne({ store_number: config.store_number })
    if (!store)
      return {
        problem: { path: 'store_number', message: `central has no store number ${config.store_number}` },
        note: 'central reached',
      }
    const id = hexOf(store._id)
    // A terminal that syncs pulls its store by id: without it, it would have a store of its own and no users.
    if (config.central)
      return {
        problem: {
          path: 'store_id',
          message: `missing: add "store_id": "${id}" (central's store ${config.store_number}, ${String(store.name ?? '')}), or the terminal's sync will never find its store's users, games and stock`,
        },
        note: 'central reached',
      }
    return { problem: null, note: `central knows store ${config.store_number} (${String(store.name ?? '')}) as ${id}` }
  } catch (err) {
    return {
      problem: null,
      note: `central reached, but the stores could not be listed (a terminal's own user may not): ${redact(String((err as Error).message), secrets)}`,
    }
  } finally {
    await conn.close().catch(() => {})
  }
}
