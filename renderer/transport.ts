import type { Transport } from '../shared/client'
import { eventNames } from '../shared/contract'
import { ErrorCodes, type Result } from '../shared/errors'

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent when the UI runs in a browser against the web host. */
    pos?: Transport
  }
}

export const BACKEND_DOWN = 'The point of sale backend is not responding.'

const down = (): Result<unknown> => ({ ok: false, error: { code: ErrorCodes.INTERNAL, message: BACKEND_DOWN } })

function isResult(body: unknown): body is Result<unknown> {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return false
  const r = body as { ok: unknown; error?: { code?: unknown; message?: unknown } }
  if (r.ok === true) return 'value' in body
  return r.ok === false && typeof r.error?.code === 'string' && typeof r.error?.message === 'string'
}

/** Calls after which the session may listen to events again (the web host refuses a stream to anyone else). */
const SESSION_STARTS = new Set(['auth-login', 'auth-unlock'])
/** How long a login waits for the event stream to open before it carries on without it. */
const STREAM_WAIT_MS = 3000

/** The web host speaks the same Result shape over POST /api/invoke and pushes events as SSE. */
export function createWebTransport(base = '/api'): Transport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  let source: EventSource | null = null

  const connect = () => {
    if (typeof EventSource === 'undefined') return
    if (source && source.readyState !== EventSource.CLOSED) return
    // One stream for all events. EventSource reconnects on its own after the host restarts, but gives
    // up on a 401 (no session yet, or it ended): the next login or unlock opens it again.
    const es = new EventSource(`${base}/events`)
    source = es
    for (const name of eventNames) {
      es.addEventListener(name, (msg) => {
        let payload: unknown
        try {
          payload = JSON.parse((msg as MessageEvent<string>).data)
        } catch {
          return
        }
        for (const cb of listeners.get(name) ?? []) cb(payload)
      })
    }
    return es
  }

  /** After a login: open the stream again and wait until it is open, so no event of the first sale is missed. */
  const reconnect = async () => {
    if (listeners.size === 0 || typeof EventSource === 'undefined') return
    if (source?.readyState === EventSource.OPEN) return
    source?.close()
    source = null
    const es = connect()
    if (!es) return
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        es.removeEventListener('open', done)
        es.removeEventListener('error', done)
        resolve()
      }
      const timer = setTimeout(done, STREAM_WAIT_MS)
      es.addEventListener('open', done)
      es.addEventListener('error', done)
    })
  }

  return {
    async invoke(name, args) {
      let result: Result<unknown>
      try {
        const res = await fetch(`${base}/invoke`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name, args: args ?? {} }),
        })
        const body: unknown = await res.json().catch(() => null)
        // A proxy error page or an empty reply means nothing trustworthy answered.
        result = isResult(body) ? body : down()
      } catch {
        return down()
      }
      if (result.ok && SESSION_STARTS.has(name)) await reconnect()
      return result
    },
    on(event, cb) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(cb)
      connect()
      return () => {
        set.delete(cb)
      }
    },
  }
}

export function createTransport(): Transport {
  if (typeof window !== 'undefined' && window.pos) {
    const pos = window.pos
    return {
      invoke: (name, args) => pos.invoke(name, args).catch(down),
      on: (event, cb) => pos.on(event, cb),
    }
  }
  return createWebTransport()
}
