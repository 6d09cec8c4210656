import { useEffect, useRef } from 'react'
import { createClient, type Client } from '../shared/client'
import type { EventName, Events } from '../shared/contract'
import { ErrorCodes, PosError, type PosErrorShape } from '../shared/errors'
import { useCart, useLastSale, useSession, useStatus, useUi } from './store'
import { createTransport } from './transport'

export const client: Client = createClient(createTransport())

/** Forgets everything tied to the cashier who was logged in. */
export function signedOut(): void {
  useSession.getState().setSession(null)
  useCart.getState().reset()
  useLastSale.getState().reset()
  useStatus.getState().setStatus(null)
  useUi.setState({ error: null, info: null, overlay: null, selling: false })
}

/**
 * The client, plus the two answers every screen must obey the same way: a locked session shows
 * the lock screen and a lost session goes back to login, whichever call found out.
 */
export const invoke = (async (name: never, ...args: never[]) => {
  try {
    return await (client.invoke as (n: never, ...a: never[]) => Promise<unknown>)(name, ...args)
  } catch (e) {
    if (e instanceof PosError) {
      if (e.code === ErrorCodes.SCREEN_LOCKED) useSession.getState().markLocked()
      if (e.code === ErrorCodes.UNAUTHENTICATED && useSession.getState().session) signedOut()
      // The clock banner shows at once, not at the next status poll.
      if (e.code === ErrorCodes.CLOCK_BEHIND)
        void client.invoke('status-get').then(
          (s) => useStatus.getState().setStatus(s),
          () => {},
        )
    }
    throw e
  }
}) as Client['invoke']

export function errorShape(e: unknown): PosErrorShape {
  if (e instanceof PosError) return { code: e.code, message: e.message, details: e.details }
  return { code: ErrorCodes.INTERNAL, message: e instanceof Error ? e.message : 'Something went wrong.' }
}

/** Subscribes for the component's lifetime; the latest callback is used without resubscribing. */
export function useEvent<E extends EventName>(event: E, cb: (payload: Events[E]) => void): void {
  const latest = useRef(cb)
  useEffect(() => {
    latest.current = cb
  })
  useEffect(() => client.on(event, (p) => latest.current(p)), [event])
}
