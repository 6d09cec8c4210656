import { createClient, type Client } from '../shared/client'
import { ErrorCodes, PosError, type PosErrorShape } from '../shared/errors'
import { queryClient } from './data/queryClient'
import { currentSession, markLocked, signedOut } from './data/session'
import { createTransport } from './transport'

export const client: Client = createClient(createTransport())

/**
 * The client, plus the answers every screen must obey the same way: a locked session shows the
 * lock screen and a lost session goes back to login, whichever call found out. Screens reach it
 * through data/backend.ts.
 */
export const invoke = (async (name: never, ...args: never[]) => {
  try {
    return await (client.invoke as (n: never, ...a: never[]) => Promise<unknown>)(name, ...args)
  } catch (e) {
    if (e instanceof PosError) {
      if (e.code === ErrorCodes.SCREEN_LOCKED) markLocked()
      if (e.code === ErrorCodes.UNAUTHENTICATED && currentSession()) signedOut()
      // The clock banner shows at once, not at the next status poll.
      if (e.code === ErrorCodes.CLOCK_BEHIND) void queryClient.invalidateQueries({ queryKey: ['status-get'] })
    }
    throw e
  }
}) as Client['invoke']

export function errorShape(e: unknown): PosErrorShape {
  if (e instanceof PosError) return { code: e.code, message: e.message, details: e.details }
  return { code: ErrorCodes.INTERNAL, message: e instanceof Error ? e.message : 'Something went wrong.' }
}
