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
  configSecrets,
  connectionFromSettings,
  loadSyncConfig,
  saveSyncConfig,
  syncConfigSummary,
  unencryptedBox,
  type SecretBox,
} from './credentials'
import { StandinWireServer } from '../../tests/support/mongo-standin-wire'
import { SyncEngine } from './engine'
import { addressSecrets, classifyError, redact } from './errors'
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
    expect(connectionFromSettings(b.ctx.db, box)?.secrets).toEqual([PASSWORD, encodeURIComponent(PASSWORD)])
    // A config sealed by the keychain is not readable by the plain fallback, and says so without the blob.
    expect(() => loadSyncConfig(b.ctx.db, unencryptedBox)).toThrow(/enter it again/)
    expect(saveSyncConfig(b.ctx.db, unencryptedBox, config).encrypted).toBe(false)
    expect(unencryptedBox.available).toBe(false)
  })
})

// A secret with the characters that break naive patterns: @ : / and %.
const SECRET = 'Qv7Lm3@:/%x'
const ENC = encodeURIComponent(SECRET)

describe('redact: every credential a connection string can carry', () => {
  const cases: [string, string, string][] = [
    ['user and password', `mongodb://pos:pw-${ENC}@h:27017/db`, 'mongodb://pos:***@h:27017/db'],
    ['empty user with a password (does not parse)', `mongodb://:Qv7Lm3x@h/db`, 'mongodb://***@h/db'],
    ['user only, nothing to hide', 'mongodb://pos@h/db', 'mongodb://pos@h/db'],
    ['percent-encoded @ : / in the password', `mongodb://pos:${ENC}@h/db`, 'mongodb://pos:***@h/db'],
    ['unescaped @ in the password (does not parse)', 'mongodb://pos:Qv7@Lm3@h/db', 'mongodb://***@h/db'],
    ['unescaped / in the password (does not parse)', 'mongodb://pos:Qv7/Lm3@h/db', 'mongodb://***@h/db'],
    [
      '+srv',
      `mongodb+srv://pos:${ENC}@cluster0.example.net/db?retryWrites=true`,
      'mongodb+srv://pos:***@cluster0.example.net/db?retryWrites=true',
    ],
    [
      'several hosts',
      `mongodb://pos:${ENC}@a:1,b:2,c/db?replicaSet=rs0`,
      'mongodb://pos:***@a:1,b:2,c/db?replicaSet=rs0',
    ],
    [
      'tlsCertificateKeyFilePassword',
      `mongodb://h/?tls=true&tlsCertificateKeyFilePassword=${ENC}`,
      'mongodb://h/?tls=true&tlsCertificateKeyFilePassword=***',
    ],
    [
      'sslPEMKeyPassword',
      `mongodb://h/?sslPEMKeyPassword=${ENC}&ssl=true`,
      'mongodb://h/?sslPEMKeyPassword=***&ssl=true',
    ],
    [
      'proxyPassword (proxyUsername kept)',
      `mongodb://h/?proxyHost=p&proxyUsername=bob&proxyPassword=${ENC}`,
      'mongodb://h/?proxyHost=p&proxyUsername=bob&proxyPassword=***',
    ],
    ['password as an option', `mongodb://pos@h/?password=Qv7Lm3x`, 'mongodb://pos@h/?password=***'],
    [
      'authMechanismProperties AWS_SESSION_TOKEN',
      'mongodb://h/?authMechanism=MONGODB-AWS&authMechanismProperties=SERVICE_NAME:x,AWS_SESSION_TOKEN:Qv7Lm3x',
      'mongodb://h/?authMechanism=MONGODB-AWS&authMechanismProperties=SERVICE_NAME:x,AWS_SESSION_TOKEN:***',
    ],
    [
      'options in odd case',
      `mongodb://h/?TLSCERTIFICATEKEYFILEPASSWORD=${ENC}&ProxyPassWord=Qv7Lm3x&authmechanismproperties=aws_session_token%3AQv7Lm3x`,
      'mongodb://h/?TLSCERTIFICATEKEYFILEPASSWORD=***&ProxyPassWord=***&authmechanismproperties=aws_session_token%3A***',
    ],
    [
      'an address inside a sentence',
      `MongoServerSelectionError: could not reach mongodb://pos:${ENC}@10.0.0.5:27017/lottery. Retrying.`,
      'MongoServerSelectionError: could not reach mongodb://pos:***@10.0.0.5:27017/lottery. Retrying.',
    ],
    [
      'two addresses in quotes',
      `tried "mongodb://a:Qv7Lm3x@h1/db" then 'mongodb://:Qv7Lm3x@h2/db'`,
      `tried "mongodb://a:***@h1/db" then 'mongodb://***@h2/db'`,
    ],
    [
      'an unparsable address with a secret option',
      'mongodb://pos:Qv7@Lm3@h:99999999/?proxyPassword=Qv7Lm3x&w=1',
      'mongodb://***@h:99999999/?proxyPassword=***&w=1',
    ],
    [
      'a secret option outside any address',
      'bad tlsCertificateKeyFilePassword=Qv7Lm3x given',
      'bad tlsCertificateKeyFilePassword=*** given',
    ],
  ]
  it.each(cases)('%s', (_name, text, expected) => {
    const out = redact(text)
    expect(out).toBe(expected)
    expect(out).not.toMatch(/Qv7|Lm3/)
  })

  it('knows the secrets an address carries, decoded, so a message quoting them bare is redacted too', () => {
    const uri = `mongodb://pos:${ENC}@h/?proxyPassword=Other-9z&authMechanismProperties=AWS_SESSION_TOKEN:Tok-3q`
    const secrets = addressSecrets(uri)
    expect(secrets).toEqual(expect.arrayContaining([SECRET, 'Other-9z', 'Tok-3q']))
    expect(redact(`auth as pos with ${SECRET}, proxy Other-9z, token "Tok-3q"`, secrets)).toBe(
      'auth as pos with ***, proxy ***, token "***"',
    )
    expect(configSecrets({ uri: 'mongodb://:Qv7Lm3x@h/', db_name: 'x', password: 'Field-7k' })).toEqual(
      expect.arrayContaining(['Field-7k', 'Qv7Lm3x']),
    )
  })

  it('redacts before shortening an unknown error, so a cut never leaves half a password', () => {
    const long = `${'x'.repeat(180)} mongodb://pos:${ENC}@h/db`
    const c = classifyError(new Error(long), [SECRET])
    expect(c.kind).toBe('unknown')
    expect(c.message).not.toMatch(/Qv7|Lm3/)
  })
})

/** A loopback port nothing listens on: connecting is refused at once. */
async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as net.AddressInfo).port
  await new Promise<void>((r) => server.close(() => r()))
  return port
}

describe('a password never leaves through status, audit, outbox, settings or logs', () => {
  const backends: TestBackend[] = []
  afterEach(async () => {
    await Promise.all(backends.splice(0).map((b) => b.cleanup()))
  })

  // Each secret carries the marker, raw or encoded, so one search finds every form of it.
  const MARK = 'Qv7Lm3'
  const forms = (p: number, q: number): [string, { uri: string; username?: string; password?: string }][] => [
    ['empty user with a password', { uri: `mongodb://:${MARK}-a@127.0.0.1:${p}/` }],
    [
      'percent-encoded @ : / in the password',
      { uri: `mongodb://pos:${encodeURIComponent(`${MARK}@:/b`)}@127.0.0.1:${p}/` },
    ],
    ['unescaped @ and / in the password', { uri: `mongodb://pos:${MARK}@c/d@127.0.0.1:${p}/` }],
    [
      'several hosts, and the password field',
      {
        uri: `mongodb://pos:${MARK}-e@127.0.0.1:${p},127.0.0.1:${q}/?replicaSet=rs0`,
        username: 'pos',
        password: `${MARK}-f`,
      },
    ],
    [
      'tlsCertificateKeyFilePassword in odd case',
      { uri: `mongodb://127.0.0.1:${p}/?tls=true&TLSCertificateKeyFilePASSWORD=${MARK}-g` },
    ],
    ['sslPEMKeyPassword', { uri: `mongodb://127.0.0.1:${p}/?sslPEMKeyPassword=${MARK}-h` }],
    [
      'proxyPassword',
      { uri: `mongodb://127.0.0.1:${p}/?proxyHost=127.0.0.1&proxyPort=${q}&proxyUsername=u&proxyPassword=${MARK}-i` },
    ],
    [
      'AWS_SESSION_TOKEN',
      {
        uri: `mongodb://127.0.0.1:${p}/?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:${MARK}-j`,
      },
    ],
  ]

  it('configured through the real handlers, after a failed round against a closed port', async () => {
    const [p, q] = [await closedPort(), await closedPort()]
    // One backend per form, side by side: an unreachable server takes the driver its selection timeout.
    const results = await Promise.all(
      forms(p, q).map(async ([name, form]) => {
        const logs: string[] = []
        const b = testBackend({
          startSync: false,
          log: (m, e) => logs.push(`${m} ${e instanceof Error ? `${e.message} ${e.stack}` : String(e ?? '')}`),
        })
        backends.push(b)
        const events: unknown[] = []
        b.events.subscribe((event, payload) => events.push([event, payload]))
        const maria = await b.login('maria')
        const configured = await b.call(maria, 'sync-configure', { db_name: 'lottery', ...form })
        // Configuring starts the loop; stopping waits for its first round, which fails.
        await b.sync.stop()
        const status = await b.call(maria, 'sync-status')
        const bar = await b.call(maria, 'status-get')
        expect(status.state, name).not.toBe('online')
        expect(status.last_error, name).toEqual(expect.any(String))

        const tables = (
          b.ctx.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
        ).map((t) => t.name)
        expect(tables).toEqual(expect.arrayContaining(['audit_logs', 'outbox', 'settings', 'sync_state']))
        let blob = ''
        const rows = tables.map((t) => {
          const all = b.ctx.db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[]
          if (t !== 'settings') return [t, all]
          return [
            t,
            all.map((r) => {
              if (r.key !== 'sync_config') return r
              const { blob: sealed, ...rest } = JSON.parse(String(r.value)) as { blob: string }
              blob = sealed
              return { ...r, value: rest }
            }),
          ]
        })
        const audit = b.ctx.db.prepare("SELECT description FROM audit_logs WHERE action = 'sync.configure'").all()
        expect(audit, name).toHaveLength(1)
        // The sealed blob is the one place the config lives: base64 of the whole config (the test box), not plain text.
        expect(blob, name).toMatch(/^[A-Za-z0-9+/]+=*$/)
        expect(blob, name).not.toContain(MARK)
        expect(JSON.parse(unencryptedBox.decrypt(blob)), name).toMatchObject({ uri: form.uri })
        return { name, text: JSON.stringify([configured, status, bar, rows, logs, events]) }
      }),
    )
    for (const r of results) expect(r.text.includes(MARK) ? `${r.name}: ${r.text}` : '').toBe('')
  })
})
