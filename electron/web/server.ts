import { within } from '../core/paths'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { eventNames } from '../../shared/contract'
import type { ErrorCode, Result } from '../../shared/errors'
import { openApp, type AppHost } from '../recovery/host'
import { MIME } from '../shell/policy'
import { mayReceive, sessionState } from '../core/session-gate'

/**
 * The loopback web host: the built renderer plus the same dispatcher over
 * HTTP (POST /api/invoke) and Server-Sent Events (GET /api/events), for
 * development and end-to-end tests in a real browser. Never part of the
 * installed app, and it only ever listens on 127.0.0.1.
 */
export interface WebHost {
  url: string
  port: number
  close(): Promise<void>
}

const MAX_BODY = 1 << 20
/** How much of a too-large body is still read (and dropped) so the 413 reaches the client instead of a reset. */
const MAX_DRAIN = 8 << 20
/** Deepest JSON nesting accepted: the contract's deepest argument is a handful of levels. */
export const MAX_DEPTH = 64
/** The same policy the Electron shell sets on its window. */
const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
const COMMON_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

type Failure = { ok: false; error: { code: ErrorCode; message: string } }
const failure = (code: ErrorCode, message: string): Failure => ({ ok: false, error: { code, message } })

function cookieSessionId(req: http.IncomingMessage): string | null {
  return /(?:^|;\s*)pos_sid=([a-f0-9]{32})(?:;|$)/.exec(req.headers.cookie ?? '')?.[1] ?? null
}

function sessionId(req: http.IncomingMessage, res: http.ServerResponse): string {
  const existing = cookieSessionId(req)
  if (existing) return existing
  const sid = randomBytes(16).toString('hex')
  res.setHeader('Set-Cookie', `pos_sid=${sid}; HttpOnly; SameSite=Strict; Path=/`)
  return sid
}

class BodyTooLarge extends Error {}

/**
 * The body as text. Past MAX_BODY the rest is read and dropped up to MAX_DRAIN, then the promise
 * rejects with BodyTooLarge: replying while the client still sends would reset the connection.
 */
function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > MAX_BODY + MAX_DRAIN) return reject(new BodyTooLarge())
    let size = 0
    let done = false
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size <= MAX_BODY) chunks.push(c)
      else if (size > MAX_BODY + MAX_DRAIN && !done) {
        done = true
        reject(new BodyTooLarge())
      }
    })
    req.on('end', () => {
      if (done) return
      done = true
      if (size > MAX_BODY) reject(new BodyTooLarge())
      else resolve(Buffer.concat(chunks).toString('utf8'))
    })
    req.on('error', (err) => {
      if (!done) reject(err)
      done = true
    })
  })
}

/**
 * Whether JSON text nests arrays and objects deeper than `limit` (brackets inside strings do not
 * count). A single pass without recursion, so a hostile body cannot overflow the stack here or in
 * anything that later walks the parsed value.
 */
export function nestedDeeperThan(text: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // backslash: the next character is escaped
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return false
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent) return void res.destroy()
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

/** What the host serves: the backend, or the app host that stands in for it while a database waits for a restore. */
export type Hosted = Pick<AppHost, 'dispatcher' | 'events'>

export async function startWebHost(backend: Hosted, opts: { port?: number; staticDir: string }): Promise<WebHost> {
  const staticRoot = path.resolve(opts.staticDir)
  let origin = ''
  let host = ''

  async function invoke(req: http.IncomingMessage, res: http.ServerResponse) {
    // JSON only: a cross-site form post cannot set this content type without a preflight.
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(res, 415, failure('VALIDATION', 'The request must be JSON.'))
    }
    if (req.headers.origin && req.headers.origin !== origin) {
      return sendJson(res, 403, failure('FORBIDDEN', 'Requests from other sites are refused.'))
    }
    const sid = sessionId(req, res)
    let text: string
    try {
      text = await readBody(req)
    } catch (err) {
      if (!(err instanceof BodyTooLarge)) throw err
      // Close after the answer: whatever the client still sends is not read.
      return sendJson(res, 413, failure('VALIDATION', 'The request is larger than 1 MiB.'), { Connection: 'close' })
    }
    if (nestedDeeperThan(text, MAX_DEPTH)) {
      return sendJson(res, 200, failure('VALIDATION', 'The request is nested too deeply.'))
    }
    let body: { name?: unknown; args?: unknown } | null
    try {
      body = JSON.parse(text) as typeof body
    } catch {
      return sendJson(res, 200, failure('VALIDATION', 'The request was not valid JSON.'))
    }
    const result: Result<unknown> = await backend.dispatcher.dispatch(sid, body?.name, body?.args)
    sendJson(res, 200, result)
  }

  function events(req: http.IncomingMessage, res: http.ServerResponse) {
    if (req.headers.origin && req.headers.origin !== origin) {
      return sendJson(res, 403, failure('FORBIDDEN', 'Requests from other sites are refused.'))
    }
    // Events name transactions and the printer: only a logged-in, unlocked session may listen.
    const sid = cookieSessionId(req)
    if (sessionState(backend.dispatcher, sid) !== 'active') {
      return sendJson(res, 401, failure('UNAUTHENTICATED', 'Please log in first.'))
    }
    let open = true
    const stop = () => {
      if (!open) return
      open = false
      clearInterval(beat)
      unsubscribe()
      res.end()
    }
    // Checked per event: a locked session gets nothing until it unlocks; a logged-out one loses its stream.
    const admit = () => {
      const state = sessionState(backend.dispatcher, sid)
      if (state === 'none') stop()
      return open && state === 'active'
    }
    const unsubscribe = backend.events.subscribe((event, payload) => {
      if (admit() && eventNames.includes(event) && sid !== null && mayReceive(backend.dispatcher, sid, event))
        res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`)
    })
    const beat = setInterval(() => {
      if (admit()) res.write(': beat\n\n')
    }, 15_000)
    res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' })
    res.write(': connected\n\n')
    res.on('close', stop)
    res.on('error', stop)
  }

  function serveStatic(req: http.IncomingMessage, res: http.ServerResponse) {
    let urlPath: string
    try {
      urlPath = decodeURIComponent(new URL(req.url ?? '/', origin).pathname)
    } catch {
      return sendJson(res, 400, { error: 'bad request' })
    }
    if (urlPath.includes('\0')) return sendJson(res, 400, { error: 'bad request' })
    // A backslash separates paths on Windows; no file the UI ships has one in its name.
    if (urlPath.includes('\\')) return sendJson(res, 404, { error: 'not found' })
    let file = path.resolve(staticRoot, '.' + urlPath)
    if (!within(staticRoot, file)) return sendJson(res, 404, { error: 'not found' })
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(staticRoot, 'index.html')
    if (!fs.existsSync(file)) {
      res.writeHead(503, { ...COMMON_HEADERS, 'Content-Type': 'text/plain' })
      return res.end('The UI is not built. Run: npm run build:renderer')
    }
    // A symlink inside the root must not lead out of it either.
    if (!within(fs.realpathSync(staticRoot), fs.realpathSync(file))) return sendJson(res, 404, { error: 'not found' })
    const stream = fs.createReadStream(file)
    stream.on('error', () => sendJson(res, 500, { error: 'read failed' }))
    stream.once('open', () => {
      res.writeHead(200, {
        ...COMMON_HEADERS,
        'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': CSP,
        'X-Frame-Options': 'DENY',
        'Cross-Origin-Opener-Policy': 'same-origin',
      })
      stream.pipe(res)
    })
  }

  // No exception of a request may escape: it would end the process under every other client.
  const fail = (res: http.ServerResponse) => sendJson(res, 500, failure('INTERNAL', 'The web host failed.'))

  const server = http.createServer((req, res) => {
    try {
      // Rejecting other Host headers stops DNS-rebinding pages from reaching the dispatcher.
      if (req.headers.host !== host) return sendJson(res, 421, { error: 'wrong host' })
      const url = req.url ?? '/'
      if (req.method === 'POST' && url === '/api/invoke') invoke(req, res).catch(() => fail(res))
      else if (req.method === 'GET' && url === '/api/events') events(req, res)
      else if (req.method === 'GET') serveStatic(req, res)
      else sendJson(res, 405, { error: 'method not allowed' }, { Allow: 'GET, POST' })
    } catch {
      fail(res)
    }
  })
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  origin = `http://127.0.0.1:${port}`
  host = new URL(origin).host
  return {
    url: origin,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

async function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
  const dataDir = process.env.POS_DATA_DIR ?? path.join(root, '.data', 'web')
  // The same host the Electron app uses: a damaged or missing database opens the recovery screen.
  const backend = openApp({ dataDir, configPath: process.env.POS_CONFIG ?? null })
  const host = await startWebHost(backend, {
    port: Number(process.env.POS_WEB_PORT ?? 5174),
    staticDir: path.join(root, 'dist', 'renderer'),
  })
  console.log(`Lottery POS web host: ${host.url}  (data: ${dataDir})`)
  const stop = async () => {
    await host.close()
    await backend.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void main()
