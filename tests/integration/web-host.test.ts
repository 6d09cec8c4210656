import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWebHost, type WebHost } from '../../electron/web/server'
import { tempDir, testBackend, type TestBackend } from '../support/backend'

// The loopback web host over real sockets: raw requests, the answers a hostile or broken client gets,
// and that the host keeps serving afterwards.
let t: TestBackend
let host: WebHost
const dir = tempDir('pos-webhost-')
const root = path.join(dir, 'ui')
const SID = 'ab'.repeat(16)
const OTHER_SID = 'cd'.repeat(16)

beforeAll(async () => {
  fs.mkdirSync(root)
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>POS</title>')
  // A sibling whose name starts with the root's: a prefix check without a separator lets it through.
  fs.mkdirSync(`${root}-evil`)
  fs.writeFileSync(path.join(`${root}-evil`, 'secret.txt'), 'SECRET')
  t = testBackend()
  host = await startWebHost(t, { port: 0, staticDir: root })
})

afterAll(async () => {
  await host?.close()
  await t?.cleanup()
  fs.rmSync(dir, { recursive: true, force: true })
})

interface Reply {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

function request(
  method: string,
  urlPath: string,
  opts: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, method, path: urlPath, headers: opts.headers })
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(opts.body)
  })
}

const invoke = (body: string, sid = SID) =>
  request('POST', '/api/invoke', {
    headers: { 'content-type': 'application/json', cookie: `pos_sid=${sid}` },
    body,
  })

/** An open /api/events stream, read event by event. */
interface Stream {
  status: number
  headers: http.IncomingHttpHeaders
  next(): Promise<{ event: string; data: string }>
  ended: Promise<string[]>
  close(): void
}

function openEvents(headers: Record<string, string> = {}): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: host.port, path: '/api/events', headers })
    req.on('error', reject)
    req.on('response', (res) => {
      const received: { event: string; data: string }[] = []
      const waiting: ((e: { event: string; data: string }) => void)[] = []
      const all: string[] = []
      let buffer = ''
      let connected = false
      const stream: Stream = {
        status: res.statusCode!,
        headers: res.headers,
        next: () =>
          new Promise((r) => {
            const e = received.shift()
            if (e) r(e)
            else waiting.push(r)
          }),
        ended: new Promise((r) => res.on('close', () => r(all))),
        close: () => req.destroy(),
      }
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        buffer += chunk
        let end
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          if (block.startsWith(': connected') && !connected) {
            connected = true
            resolve(stream)
            continue
          }
          const event = /^event: (.*)$/m.exec(block)?.[1]
          const data = /^data: (.*)$/m.exec(block)?.[1]
          if (!event || data === undefined) continue
          all.push(data)
          const w = waiting.shift()
          if (w) w({ event, data })
          else received.push({ event, data })
        }
      })
      // A refused stream answers without the ': connected' line.
      if (res.statusCode !== 200) res.on('end', () => resolve(stream)).resume()
    })
  })
}

const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)

describe('web host', () => {
  it('answers 400 to a malformed percent-encoding and keeps serving', async () => {
    const bad = await request('GET', '/%ff')
    expect(bad.status).toBe(400)
    const again = await request('GET', '/')
    expect(again.status).toBe(200)
    expect(again.body).toContain('<title>POS</title>')
  })

  it('serves nothing from a sibling directory whose name starts with the static root', async () => {
    for (const p of ['/..%2fui-evil%2fsecret.txt', '/%2e%2e%2fui-evil%2fsecret.txt', '/..%5cui-evil%5csecret.txt']) {
      const r = await request('GET', p)
      expect(r.body, p).not.toContain('SECRET')
      expect(r.status, p).toBe(404)
    }
  })

  it('opens the event stream only for a logged-in session', async () => {
    const anonymous = await openEvents()
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers['set-cookie']).toBeUndefined()
    const notLoggedIn = await openEvents({ cookie: `pos_sid=${OTHER_SID}` })
    expect(notLoggedIn.status).toBe(401)

    await t.login('carlos', SID)
    const stream = await openEvents({ cookie: `pos_sid=${SID}` })
    expect(stream.status).toBe(200)
    t.events.emit('sale-committed', { transaction_id: 'T-LIVE' })
    expect(await stream.next()).toEqual({ event: 'sale-committed', data: '{"transaction_id":"T-LIVE"}' })
    stream.close()
  })

  it('sends nothing to a stream while its session is locked, and ends it once the session logs out', async () => {
    await t.login('chloe', SID)
    const stream = await openEvents({ cookie: `pos_sid=${SID}` })
    expect(stream.status).toBe(200)

    await t.call(SID, 'auth-lock', {})
    t.events.emit('sale-committed', { transaction_id: 'T-WHILE-LOCKED' })
    await t.call(SID, 'auth-unlock', { pin: '2222' })
    t.events.emit('sale-committed', { transaction_id: 'T-UNLOCKED' })
    expect((await stream.next()).data).toBe('{"transaction_id":"T-UNLOCKED"}')

    await t.call(SID, 'auth-logout', {})
    t.events.emit('sale-committed', { transaction_id: 'T-AFTER-LOGOUT' })
    expect(await stream.ended).toEqual(['{"transaction_id":"T-UNLOCKED"}'])
    // A locked session cannot open a new stream either.
    await t.login('chloe', SID)
    await t.call(SID, 'auth-lock', {})
    expect((await openEvents({ cookie: `pos_sid=${SID}` })).status).toBe(401)
    await t.call(SID, 'auth-logout', {})
  })

  it('answers 413 with a JSON error to a body over 1 MiB, closes cleanly and keeps serving', async () => {
    const big = JSON.stringify({ name: 'auth-users', args: { pad: 'x'.repeat((1 << 20) + 10) } })
    const r = await invoke(big)
    expect(r.status).toBe(413)
    expect(r.headers.connection).toBe('close')
    expect(JSON.parse(r.body)).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'The request is larger than 1 MiB.' },
    })
    const again = await invoke(JSON.stringify({ name: 'auth-users', args: {} }))
    expect(JSON.parse(again.body).ok).toBe(true)
  })

  it('refuses JSON nested deeper than 64 levels, in the name or in the args, with a coded error', async () => {
    const tooDeep = { ok: false, error: { code: 'VALIDATION', message: 'The request is nested too deeply.' } }
    const deepName = await invoke(`{"name": ${deep(5000)}, "args": {}}`)
    expect(deepName.status).toBe(200)
    expect(JSON.parse(deepName.body)).toEqual(tooDeep)
    const deepArgs = await invoke(`{"name": "auth-login", "args": {"userId": ${deep(5000)}, "pin": "1111"}}`)
    expect(JSON.parse(deepArgs.body)).toEqual(tooDeep)
    // Refused before dispatching: the dispatcher answers an unknown name without looking at the args.
    const unknownDeepArgs = await invoke(`{"name": "no-such-action", "args": ${deep(5000)}}`)
    expect(JSON.parse(unknownDeepArgs.body)).toEqual(tooDeep)
    // Brackets inside strings are text, not nesting.
    const inString = await invoke(JSON.stringify({ name: 'auth-login', args: { userId: deep(5000), pin: '1111' } }))
    expect(JSON.parse(inString.body).error.code).toBe('VALIDATION')
    expect(JSON.parse(inString.body).error.message).not.toBe(tooDeep.error.message)
    // 64 levels in all (the body's own object is the first) reach the dispatcher; 65 do not.
    const atLimit = await invoke(`{"name": ${deep(63)}}`)
    expect(JSON.parse(atLimit.body).error.code).toBe('UNKNOWN_HANDLER')
    const overLimit = await invoke(`{"name": ${deep(64)}}`)
    expect(JSON.parse(overLimit.body)).toEqual(tooDeep)
  })

  it('answers every other malformed request with a status, never a crash', async () => {
    expect(
      (await request('POST', '/api/invoke', { headers: { 'content-type': 'text/plain' }, body: '{}' })).status,
    ).toBe(415)
    expect(JSON.parse((await invoke('{"name": ')).body).error.code).toBe('VALIDATION')
    expect(JSON.parse((await invoke('null')).body).error.code).toBe('UNKNOWN_HANDLER')
    expect((await request('GET', '/', { headers: { host: 'evil.example' } })).status).toBe(421)
    expect((await request('DELETE', '/')).status).toBe(405)
    const page = await request('GET', '/index.html')
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    expect(page.headers['content-security-policy']).toContain("default-src 'self'")
    expect((await request('GET', '/')).status).toBe(200)
  })
})
