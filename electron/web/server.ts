import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { eventNames } from '../../shared/contract'
import type { Result } from '../../shared/errors'
import { createBackend, type Backend } from '../backend'

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

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}
const MAX_BODY = 1 << 20

function sessionId(req: http.IncomingMessage, res: http.ServerResponse): string {
  const match = /(?:^|;\s*)pos_sid=([a-f0-9]{32})/.exec(req.headers.cookie ?? '')
  if (match) return match[1]
  const sid = randomBytes(16).toString('hex')
  res.setHeader('Set-Cookie', `pos_sid=${sid}; HttpOnly; SameSite=Strict; Path=/`)
  return sid
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        reject(new Error('request too large'))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
  res.end(JSON.stringify(body))
}

export async function startWebHost(backend: Backend, opts: { port?: number; staticDir: string }): Promise<WebHost> {
  const staticRoot = path.resolve(opts.staticDir)
  let origin = ''

  async function invoke(req: http.IncomingMessage, res: http.ServerResponse) {
    // JSON only: a cross-site form post cannot set this content type without a preflight.
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return sendJson(res, 415, { ok: false })
    if (req.headers.origin && req.headers.origin !== origin) return sendJson(res, 403, { ok: false })
    const sid = sessionId(req, res)
    let body: { name?: unknown; args?: unknown }
    try {
      body = JSON.parse(await readBody(req)) as typeof body
    } catch {
      const bad: Result<never> = {
        ok: false,
        error: { code: 'VALIDATION', message: 'The request was not valid JSON.' },
      }
      return sendJson(res, 200, bad)
    }
    sendJson(res, 200, await backend.dispatcher.dispatch(sid, body?.name, body?.args))
  }

  function events(req: http.IncomingMessage, res: http.ServerResponse) {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
    res.write(': connected\n\n')
    const unsubscribe = backend.events.subscribe((event, payload) => {
      if (eventNames.includes(event)) res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`)
    })
    const beat = setInterval(() => res.write(': beat\n\n'), 15_000)
    req.on('close', () => {
      clearInterval(beat)
      unsubscribe()
    })
  }

  function serveStatic(req: http.IncomingMessage, res: http.ServerResponse) {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', origin).pathname)
    let file = path.resolve(staticRoot, '.' + urlPath)
    if (!file.startsWith(staticRoot)) return sendJson(res, 404, { error: 'not found' })
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(staticRoot, 'index.html')
    if (!fs.existsSync(file)) {
      res.writeHead(503, { 'Content-Type': 'text/plain' })
      return res.end('The UI is not built. Run: npm run build:renderer')
    }
    res.writeHead(200, {
      'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
    })
    fs.createReadStream(file).pipe(res)
  }

  const server = http.createServer((req, res) => {
    // Rejecting other Host headers stops DNS-rebinding pages from reaching the dispatcher.
    if (req.headers.host !== new URL(origin).host) return sendJson(res, 421, { error: 'wrong host' })
    const url = req.url ?? '/'
    if (req.method === 'POST' && url === '/api/invoke') {
      invoke(req, res).catch(() => sendJson(res, 500, { ok: false }))
    } else if (req.method === 'GET' && url === '/api/events') events(req, res)
    else if (req.method === 'GET') serveStatic(req, res)
    else sendJson(res, 405, { error: 'method not allowed' })
  })
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  origin = `http://127.0.0.1:${port}`
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
  const backend = createBackend({ dataDir, configPath: process.env.POS_CONFIG ?? null })
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
