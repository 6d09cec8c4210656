import type { Transport } from '../shared/client'
import { eventNames } from '../shared/contract'
import { ErrorCodes, type Result } from '../shared/errors'

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent when the UI runs in a browser against the web host. */
    pos?: Transport & { pickFolder?: () => Promise<string | null> }
  }
}

export const BACKEND_DOWN = 'The point of sale backend is not responding.'

const down = (): Result<unknown> => {
  setReachable(false)
  return { ok: false, error: { code: ErrorCodes.INTERNAL, message: BACKEND_DOWN } }
}

// ---- whether the backend answers: the status bar and Sell follow it ----

let reachable = true
const reachListeners = new Set<() => void>()
function setReachable(next: boolean): void {
  if (reachable === next) return
  reachable = next
  for (const cb of reachListeners) cb()
}
/** Whether the backend answered the last call (or the event stream is open); false as soon as either fails. */
export const backendReachable = (): boolean => reachable
/** For useSyncExternalStore: told whenever the backend goes away or comes back. */
export function onReachability(cb: () => void): () => void {
  reachListeners.add(cb)
  return () => reachListeners.delete(cb)
}
/** How often a backend that went away is asked again, until it answers. */
export const PROBE_MS = 2000

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
    // The stream drops the moment the host goes: ask at once whether the backend still answers.
    es.addEventListener('error', () => void probe())
    es.addEventListener('open', () => setReachable(true))
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

  /** A call that asks nothing of a session: any answer means the backend is there. */
  const ask = async (): Promise<boolean> => {
    try {
      const res = await fetch(`${base}/invoke`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'app-info', args: {} }),
      })
      return isResult(await res.json().catch(() => null))
    } catch {
      return false
    }
  }
  let probing = false
  /** Marks the backend gone if it does not answer, and asks again every PROBE_MS until it does. */
  const probe = async () => {
    if (probing) return
    probing = true
    try {
      while (!(await ask())) {
        setReachable(false)
        await new Promise((r) => setTimeout(r, PROBE_MS))
      }
      setReachable(true)
    } finally {
      probing = false
    }
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
        if (isResult(body)) setReachable(true)
      } catch {
        void probe()
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
      // Over IPC the backend is in the main process: a call that fails to arrive is the only sign it is gone.
      invoke: (name, args) =>
        pos.invoke(name, args).then((r) => {
          setReachable(true)
          return r
        }, down),
      on: (event, cb) => pos.on(event, cb),
    }
  }
  return createWebTransport()
}
