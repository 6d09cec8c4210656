import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import type { Client } from '../../shared/client'
import {
  contract,
  eventNames,
  type EventName,
  type Events,
  type StatusInfo,
  type TicketView,
} from '../../shared/contract'
import { callEffects, connectEvents, eventEffects, polls, refreshAfterCall } from './invalidation'
import { backendKey } from './keys'

/** A client's `on` the test pushes through by hand. */
function pushes() {
  const listeners = new Map<string, (p: unknown) => void>()
  const on = ((event: string, cb: (p: unknown) => void) => {
    listeners.set(event, cb)
    return () => listeners.delete(event)
  }) as Client['on']
  const push = <E extends EventName>(event: E, payload: Events[E]) => listeners.get(event)?.(payload)
  return { on, push, listeners }
}

/** A scheduler the test flushes, counting how often it was asked. */
function manual() {
  const queued: (() => void)[] = []
  return { schedule: (f: () => void) => void queued.push(f), flush: () => queued.splice(0).forEach((f) => f()), queued }
}

const status = { sync: { state: 'online' }, printer: { state: 'ready' } } as StatusInfo
const ticket = (id: string, over: Partial<TicketView> = {}) =>
  ({ _id: id, print_status: 'pending', ...over }) as TicketView

function seeded() {
  const client = new QueryClient()
  for (const name of ['game-list', 'ticket-recent', 'sync-status', 'app-info', 'draw-results'] as const)
    client.setQueryData(backendKey(name), [])
  return client
}
const stale = (client: QueryClient, name: string) =>
  client.getQueryCache().find({ queryKey: [name], exact: false })?.state.isInvalidated

describe('the invalidation table', () => {
  it('covers every pushed event and names only reads the contract has', () => {
    expect(Object.keys(eventEffects).sort()).toEqual([...eventNames].sort())
    const named = [...Object.values(eventEffects).flatMap((e) => e.refresh), ...Object.values(callEffects).flat()]
    for (const name of [...named, ...Object.keys(callEffects), ...Object.keys(polls)])
      expect(contract).toHaveProperty(name)
  })

  it('a sale pushed by another window marks stock and the newest tickets stale, and nothing else', () => {
    const client = seeded()
    const { on, push } = pushes()
    const timer = manual()
    connectEvents(client, on, timer.schedule)
    push('sale-committed', { transaction_id: 'TX-1' })
    timer.flush()
    expect(stale(client, 'game-list')).toBe(true)
    expect(stale(client, 'ticket-recent')).toBe(true)
    expect(stale(client, 'draw-results')).toBe(false)
  })

  it('a status push is written straight into the cache; a burst of pushes is one refresh', () => {
    const client = seeded()
    const { on, push } = pushes()
    const timer = manual()
    connectEvents(client, on, timer.schedule)
    for (let i = 0; i < 10; i++) push('status-changed', status)
    expect(client.getQueryData(backendKey('status-get'))).toBe(status)
    expect(timer.queued).toHaveLength(1)
    expect(stale(client, 'sync-status')).toBe(false)
    timer.flush()
    expect(stale(client, 'sync-status')).toBe(true)
  })

  it("a print status changes the ticket's row in every cached list at once", () => {
    const client = seeded()
    client.setQueryData(backendKey('ticket-recent', { limit: 50 }), [ticket('a'), ticket('b')])
    const { on, push } = pushes()
    connectEvents(client, on, manual().schedule)
    push('print-status', { ticketId: 'b', status: 'failed', error: 'paper out' })
    expect(client.getQueryData<TicketView[]>(backendKey('ticket-recent', { limit: 50 }))).toEqual([
      ticket('a'),
      ticket('b', { print_status: 'failed', print_error: 'paper out' }),
    ])
  })

  it('a saved limit refreshes the store info every screen reads the limits from', () => {
    const client = seeded()
    refreshAfterCall(client, 'settings-set')
    expect(stale(client, 'app-info')).toBe(true)
    expect(stale(client, 'game-list')).toBe(false)
  })

  it('unsubscribes from every event it subscribed', () => {
    const { on, listeners } = pushes()
    const off = connectEvents(new QueryClient(), on, manual().schedule)
    expect(listeners.size).toBe(eventNames.length)
    off()
    expect(listeners.size).toBe(0)
  })

  it('polls only where no event exists, in the one place: each poll is a default of its query', () => {
    const client = new QueryClient()
    // The same function the app's client is made with.
    for (const [name, ms] of Object.entries(polls)) client.setQueryDefaults([name], { refetchInterval: ms })
    expect(client.getQueryDefaults(backendKey('status-get')).refetchInterval).toBe(polls['status-get'])
    expect(client.getQueryDefaults(backendKey('ticket-recent')).refetchInterval).toBeUndefined()
  })
})
