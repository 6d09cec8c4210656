import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import tls from 'node:tls'
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { MongoServerError } from 'mongodb'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { tempDir, testBackend, type TestBackend } from '../../tests/support/backend'
import {
  connectionFromSettings,
  loadSyncConfig,
  saveSyncConfig,
  syncConfigSummary,
  unencryptedBox,
  type SecretBox,
} from './credentials'
import { StandinWireServer } from '../../tests/support/mongo-standin-wire'
import { SyncEngine } from './engine'
import { classifyError, redact } from './errors'
import { mongoConnect } from './mongo'

const PASSWORD = 's3cr3t-P@ss/word'
const URI = `mongodb://pos-terminal:${encodeURIComponent(PASSWORD)}@127.0.0.1:1/lottery`

/** Reaches the real driver's own error for a connection attempt. */
async function driverError(uri: string): Promise<unknown> {
  try {
    const c = await mongoConnect({ uri, db_name: 'lottery' }, { serverSelectionTimeoutMS: 1_500 })()
    await c.close()
  } catch (err) {
    return err
  }
  throw new Error('connected unexpectedly')
}

describe('error classification: each failure has its own plain message', () => {
  let plainServer: net.Server
  let port = 0
  const sockets = new Set<net.Socket>()
  beforeAll(async () => {
    // Answers a TLS hello with plain bytes: what a client sees when TLS settings do not match the server.
    plainServer = net.createServer((s) => {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.end('HTTP/1.1 400 Bad Request\r\n\r\n')
    })
    await new Promise<void>((r) => plainServer.listen(0, '127.0.0.1', r))
    port = (plainServer.address() as net.AddressInfo).port
  })
  afterAll(async () => {
    for (const s of sockets) s.destroy()
    await new Promise<void>((r) => plainServer.close(() => r()))
  })

  it('wrong credentials (server code 18)', () => {
    const c = classifyError(
      new MongoServerError({ message: 'Authentication failed.', code: 18, codeName: 'AuthenticationFailed' }),
    )
    expect(c).toMatchObject({ kind: 'auth', message: expect.stringMatching(/user name and password/) })
  })

  it('wrong credentials, from the real driver signing in to the wire stand-in (which refuses every sign-in)', async () => {
    const server = new StandinWireServer({ requireAuth: true })
    await server.listen()
    try {
      const conn = mongoConnect(
        { uri: server.uri, db_name: 'lottery', username: 'pos-terminal', password: PASSWORD },
        { serverSelectionTimeoutMS: 1_500 },
      )
      const err = await conn().then(
        () => null,
        (e: unknown) => e,
      )
      expect(classifyError(err).kind).toBe('auth')
      expect(redact(String((err as Error).message), [PASSWORD])).not.toContain(PASSWORD)
    } finally {
      await server.close()
    }
  })

  it('an unreachable host: connection refused, from the real driver', async () => {
    const c = classifyError(await driverError('mongodb://127.0.0.1:1/?directConnection=true'))
    expect(c.kind).toBe('unreachable')
    expect(c.message).toMatch(/Cannot reach the central server/)
  })

  it('an unreachable host: a name that does not resolve, from the real driver', async () => {
    const c = classifyError(await driverError('mongodb://central.invalid:27017/?directConnection=true'))
    expect(c.kind).toBe('unreachable')
  })

  it('a TLS failure, from the real driver', async () => {
    const err = await driverError(`mongodb://127.0.0.1:${port}/?directConnection=true&tls=true`)
    if (process.env.SYNC_DEBUG) console.log(err)
    const c = classifyError(err)
    expect(c.kind).toBe('tls')
    expect(c.message).toMatch(/certificate or TLS/)
  })

  it('a TLS failure: a server certificate nobody vouches for, from the real driver', async () => {
    const dir = tempDir('pos-tls-')
    const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')]
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
      ],
      { stdio: 'ignore' },
    )
    const server = tls.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (s) => s.destroy())
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    try {
      const tlsPort = (server.address() as net.AddressInfo).port
      const c = classifyError(await driverError(`mongodb://127.0.0.1:${tlsPort}/?directConnection=true&tls=true`))
      expect(c.kind).toBe('tls')
    } finally {
      server.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('keeps the three messages distinct, and tells transient and rejected apart', () => {
    const msgs = [
      classifyError({ code: 18, message: 'Authentication failed.' }),
      classifyError({ name: 'MongoServerSelectionError', message: 'connect ECONNREFUSED 10.0.0.5:27017' }),
      classifyError({ name: 'MongoServerSelectionError', message: 'self-signed certificate in certificate chain' }),
    ].map((c) => c.message)
    expect(new Set(msgs).size).toBe(3)
    expect(classifyError({ code: 10107, message: 'not primary' }).kind).toBe('transient')
    expect(classifyError({ name: 'MongoNetworkError', message: 'connection 4 to x closed' }).kind).toBe('transient')
    expect(classifyError({ code: 121, message: 'Document failed validation' }).kind).toBe('rejected')
  })
})

describe('credentials never leak', () => {
  let b: TestBackend
  afterEach(() => b?.cleanup())

  it('redacts the password in a URI and verbatim or URL-encoded anywhere', () => {
    expect(redact(`failed ${URI}`)).toBe('failed mongodb://pos-terminal:***@127.0.0.1:1/lottery')
    expect(redact(`bad ${PASSWORD} and ${encodeURIComponent(PASSWORD)}`, [PASSWORD])).toBe('bad *** and ***')
  })

  it('keeps the password out of the engine status, stored error and logs', async () => {
    b = testBackend()
    const logs: string[] = []
    const engine = new SyncEngine({
      db: b.ctx.db,
      clock: b.clock,
      log: (m, d) => logs.push(`${m} ${String(d ?? '')}`),
      storeId: b.ctx.store._id,
      streamId: b.ctx.device._id,
      deviceId: b.ctx.device.device_id,
      secrets: () => [PASSWORD],
      connect: async () => {
        throw new Error(`could not connect to ${URI} as pos-terminal with ${PASSWORD}`)
      },
    })
    const report = await engine.syncNow()
    const everything = JSON.stringify([
      report,
      engine.status(),
      logs,
      b.ctx.db.prepare('SELECT * FROM sync_state').all(),
    ])
    expect(everything).not.toContain(PASSWORD)
    expect(everything).not.toContain(encodeURIComponent(PASSWORD))
    expect(engine.status()).toMatchObject({ state: 'error', last_error: expect.stringMatching(/Sync failed/) })
  })

  it('stores the connection sealed by the injected box, and flags the plain fallback as not encrypted', () => {
    b = testBackend()
    const key = randomBytes(32)
    const box: SecretBox = {
      available: true,
      encrypt: (t) => {
        const iv = randomBytes(12)
        const c = createCipheriv('aes-256-gcm', key, iv)
        const body = Buffer.concat([c.update(t, 'utf8'), c.final()])
        return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')
      },
      decrypt: (blob) => {
        const raw = Buffer.from(blob, 'base64')
        const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12))
        d.setAuthTag(raw.subarray(12, 28))
        return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8')
      },
    }
    const config = { uri: URI, db_name: 'lottery', username: 'pos-terminal', password: PASSWORD }
    const summary = saveSyncConfig(b.ctx.db, box, config)
    expect(summary).toEqual({
      uri: 'mongodb://pos-terminal:***@127.0.0.1:1/lottery',
      db_name: 'lottery',
      username: 'pos-terminal',
      encrypted: true,
    })
    const stored = JSON.stringify(b.ctx.db.prepare("SELECT value FROM settings WHERE key = 'sync_config'").get())
    expect(stored).not.toContain(PASSWORD)
    expect(stored).not.toContain(encodeURIComponent(PASSWORD))
    expect(loadSyncConfig(b.ctx.db, box)).toEqual(config)
    expect(syncConfigSummary(b.ctx.db)?.encrypted).toBe(true)
    expect(connectionFromSettings(b.ctx.db, box)?.secrets).toEqual([PASSWORD])
    // A config sealed by the keychain is not readable by the plain fallback, and says so without the blob.
    expect(() => loadSyncConfig(b.ctx.db, unencryptedBox)).toThrow(/enter it again/)
    expect(saveSyncConfig(b.ctx.db, unencryptedBox, config).encrypted).toBe(false)
    expect(unencryptedBox.available).toBe(false)
  })
})
