import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { backoffDelay } from './backoff'
import { SyncEngine, type SyncStatus } from './engine'
import { openKit, type Kit } from './test-kit'

let k: Kit
beforeEach(async () => {
  k = await openKit('engine')
})
afterEach(() => k.close())

describe('the sync engine', () => {
  it('is not_configured without a connection, and a round does nothing', async () => {
    const e = k.engine({ connect: null })
    expect(e.status().state).toBe('not_configured')
    expect((await e.syncNow()).ok).toBe(false)
    e.start()
    await e.stop()
  })

  it('reports pending, last success and state changes to its listener', async () => {
    const seen: SyncStatus[] = []
    const e = k.engine({ onChange: (s) => seen.push(s) })
    await k.sell('PICK3', 2)
    // The shift's opening (its record and audit entry), the login's audit entry, then the sale's 2 tickets,
    // its sale, movement and audit entry.
    expect(e.status()).toMatchObject({ state: 'offline', pending: 8, last_success: null, conflicts: 0, dead: 0 })
    k.t.faulty.offline = true
    await e.syncNow()
    expect(e.status()).toMatchObject({ state: 'offline', last_error_kind: 'unreachable', pending: 8 })
    expect(e.status().last_error).toMatch(/Cannot reach the central server/)
    k.t.faulty.offline = false
    await e.syncNow()
    expect(e.status()).toMatchObject({
      state: 'online',
      pending: 0,
      last_error: null,
      last_success: k.b.clock().toISOString(),
    })
    expect(seen.map((s) => s.state)).toEqual(['offline', 'online'])
  })

  it('backs off exponentially with full jitter up to the cap while central is away, then resumes its interval', async () => {
    const delays: number[] = []
    let tenth = () => {}
    const tenSleeps = new Promise<void>((resolve) => (tenth = resolve))
    k.t.faulty.offline = true
    const e: SyncEngine = k.engine({
      random: () => 0.999,
      intervalMs: 30_000,
      sleep: async (ms, signal) => {
        delays.push(ms)
        if (delays.length === 8) k.t.faulty.offline = false
        if (delays.length < 10) return
        // The tenth sleep lasts until stop() wakes it, so the loop runs exactly ten rounds.
        tenth()
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
      },
    })
    e.start()
    await tenSleeps
    await e.stop()
    expect(delays.slice(0, 8)).toEqual([999, 1998, 3996, 7992, 15984, 31968, 59940, 59940])
    expect(delays.slice(8)).toEqual([30_000, 30_000])
    expect(backoffDelay(3, () => 0)).toBe(0)
    expect(e.status().state).toBe('online')
  })

  it('never makes a sale wait, even while central hangs', async () => {
    // Central hangs on a promise the test holds: the round is in flight until the test lets go.
    let release: () => void = () => {}
    let hanging = false
    let connecting = () => {}
    const connected = new Promise<void>((resolve) => (connecting = resolve))
    const e = k.engine({
      connect: () => {
        connecting()
        return new Promise((_, reject) => {
          hanging = true
          release = () => {
            hanging = false
            reject(new Error('gave up'))
          }
        })
      },
    })
    e.start()
    await connected
    await k.sell('PICK3', 1)
    // The sale is done while the round still hangs: it never waited for central.
    expect(hanging).toBe(true)
    // The shift's record and audit entry, the login's audit entry, then 1 ticket, its sale, movement and audit.
    expect(e.status().pending).toBe(7)
    release()
    await e.stop()
  })

  it('syncNow runs one round after the one in flight and reports it', async () => {
    await k.sell('LOTTO', 1)
    const e = k.engine()
    const [a, b] = await Promise.all([e.syncNow(), e.syncNow()])
    expect(a.pushed.acked).toBe(7)
    expect(b.pushed.acked).toBe(0)
    expect(b.ok).toBe(true)
  })
})
