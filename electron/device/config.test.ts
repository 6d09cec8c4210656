import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openTestTarget } from '../../tests/support/mongo-standin-target'
import { tempDir } from '../../tests/support/backend'
import { openApp } from '../recovery/host'
import { checkTerminalFile } from './config'
import { checkStoreWithCentral } from './config-check'
import { mongoConnect } from '../sync/mongo'
import { ObjectId } from 'bson'

const dir = tempDir('pos-config-')
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
let n = 0
const file = (text: string) => {
  const f = path.join(dir, `terminal-${n++}.json`)
  fs.writeFileSync(f, text)
  return f
}
const problemsOf = (text: string) => checkTerminalFile(file(text), { dataDir: dir }).problems

describe('the terminal file', () => {
  const good = {
    store_number: 12,
    terminal_number: 3,
    device_id: 'POS-STORE12-03',
    printer: { uri: 'tcp://192.168.1.50:9100', type: 'epson', width: 42 },
    kiosk: true,
    start_at_login: true,
    updates: { url: 'https://updates.example.com/pos/' },
    opening_hours: { open: '07:00', close: '22:00' },
  }

  it('reads a good file, and a missing one is no problem (demo data)', () => {
    const c = checkTerminalFile(file(JSON.stringify(good)))
    expect(c).toMatchObject({ present: true, problems: [], config: { store_number: 12, kiosk: true } })
    expect(checkTerminalFile(path.join(dir, 'nope.json'))).toMatchObject({ present: false, problems: [] })
    // Central's store id, as central:provision prints it, in either case.
    const withId = checkTerminalFile(file(JSON.stringify({ ...good, store_id: 'ABCDEF0123456789ABCDEF01' })))
    expect(withId).toMatchObject({ problems: [], config: { store_id: 'abcdef0123456789abcdef01' } })
  })

  // Each bad file, and what the report says: where, and what is wrong.
  const bad: [string, unknown, { path: string; message: RegExp }[]][] = [
    ['a misspelt key', { ...good, printr: {} }, [{ path: '', message: /unknown key "printr"/ }]],
    [
      'an unknown key inside printer',
      { ...good, printer: { ...good.printer, colour: 'red' } },
      [{ path: 'printer', message: /unknown key "colour"/ }],
    ],
    ['a store number out of range', { ...good, store_number: 10000 }, [{ path: 'store_number', message: /9999/ }]],
    ['a terminal number as text', { ...good, terminal_number: '3' }, [{ path: 'terminal_number', message: /number/ }]],
    [
      'a device id with spaces',
      { ...good, device_id: 'till one' },
      [{ path: 'device_id', message: /letters, digits/ }],
    ],
    [
      'a printer address that is no printer',
      { ...good, printer: { ...good.printer, uri: 'ftp://x' } },
      [{ path: 'printer.uri', message: /./ }],
    ],
    [
      'updates over plain http',
      { ...good, updates: { url: 'http://updates.example.com/' } },
      [{ path: 'updates.url', message: /https/ }],
    ],
    [
      'an opening time that is no time',
      { ...good, opening_hours: { open: '7am', close: '22:00' } },
      [{ path: 'opening_hours.open', message: /HH:MM/ }],
    ],
    ['kiosk as a word', { ...good, kiosk: 'yes' }, [{ path: 'kiosk', message: /true or false/ }]],
    [
      'a store id that is a name',
      { ...good, store_id: 'corner-shop' },
      [{ path: 'store_id', message: /24-character/ }],
    ],
    [
      'three things at once, all reported',
      { ...good, store_number: -1, kiosk: 1, extra: true },
      [
        { path: '', message: /unknown key "extra"/ },
        { path: 'store_number', message: /./ },
        { path: 'kiosk', message: /./ },
      ],
    ],
  ]
  for (const [what, content, expected] of bad)
    it(`reports ${what}`, () => {
      const problems = problemsOf(JSON.stringify(content))
      expect(problems).toHaveLength(expected.length)
      for (const e of expected)
        expect(problems).toContainEqual({ path: e.path, message: expect.stringMatching(e.message) })
    })

  it('reports a file that is not JSON, with where it broke', () => {
    expect(problemsOf('{ "store_number": 12, }')).toEqual([{ path: '', message: expect.stringMatching(/not JSON/) }])
  })

  it('takes a USB printer that is switched off at boot (printing checks it each time)', () => {
    expect(problemsOf(JSON.stringify({ printer: { uri: '/dev/usb/lp9' } }))).toEqual([])
    // Only a device's path comes and goes: anywhere else, a path that is not there is a mistake.
    expect(problemsOf(JSON.stringify({ printer: { uri: 'file:/tmp/pos-no-such-printer.bin' } }))).toEqual([
      { path: 'printer.uri', message: expect.stringMatching(/^No printer found at \/tmp\/pos-no-such-printer\.bin/) },
    ])
  })

  it.skipIf(process.platform === 'win32')(
    'refuses a device that discards what is written (tickets would vanish)',
    () => {
      for (const uri of ['/dev/null', 'file:/dev/zero', 'file:///dev/full'])
        expect(problemsOf(JSON.stringify({ printer: { uri } })), uri).toEqual([
          { path: 'printer.uri', message: expect.stringMatching(/discards what is written to it, not a printer/) },
        ])
    },
  )

  it('refuses a printer path into the data folder', () => {
    const problems = problemsOf(JSON.stringify({ printer: { uri: `file://${path.join(dir, 'pos.sqlite')}` } }))
    expect(problems.map((p) => p.path)).toEqual(['printer.uri'])
  })
})

describe('a terminal started on a bad file', () => {
  it('shows the report instead of failing, opens no database, and starts once the file is fixed', async () => {
    const data = tempDir('pos-config-app-')
    const cfg = file(JSON.stringify({ store_number: 12, printr: { uri: 'tcp://10.0.0.9:9100' } }))
    const host = openApp({ dataDir: data, configPath: cfg, startSync: false, demoHistory: false })
    try {
      expect(host.problem?.kind).toBe('config')
      const status = await host.dispatcher.dispatch('', 'recovery-status', {})
      expect(status).toMatchObject({
        ok: true,
        value: {
          needed: true,
          kind: 'config',
          config: { file: cfg, problems: [{ path: '', message: 'unknown key "printr"' }] },
        },
      })
      // Nothing else answers, and no database was made.
      expect(await host.dispatcher.dispatch('', 'app-info', {})).toMatchObject({
        ok: false,
        error: { code: 'RECOVERY_REQUIRED' },
      })
      expect(fs.existsSync(path.join(data, 'pos.sqlite'))).toBe(false)
      // Still wrong: Check again says so.
      expect(await host.dispatcher.dispatch('', 'recovery-retry', {})).toMatchObject({
        ok: true,
        value: { needed: true },
      })
      fs.writeFileSync(cfg, JSON.stringify({ store_number: 12 }))
      expect(await host.dispatcher.dispatch('', 'recovery-retry', {})).toMatchObject({
        ok: true,
        value: { needed: false },
      })
      expect(await host.dispatcher.dispatch('', 'app-info', {})).toMatchObject({
        ok: true,
        value: { store: { store_number: 12, name: 'Store 12' }, demo: false },
      })
      // A provisioned terminal never has the demo's users (their PINs are in the README) nor its games: both
      // come from central. Until then nobody can log in.
      expect(await host.dispatcher.dispatch('', 'auth-users', {})).toEqual({ ok: true, value: [] })
      const db = host.backend!.ctx.db
      expect(db.prepare('SELECT COUNT(*) AS n FROM users').get()).toEqual({ n: 0 })
      expect(db.prepare('SELECT COUNT(*) AS n FROM lotteries').get()).toEqual({ n: 0 })
      expect(db.prepare('SELECT COUNT(*) AS n FROM inventory').get()).toEqual({ n: 0 })
    } finally {
      await host.close()
      fs.rmSync(data, { recursive: true, force: true })
    }
  })
})

describe('the store number against central', () => {
  it('is a problem only when a reachable central does not know it', async () => {
    const t = await openTestTarget()
    try {
      await t.db.collection('stores').insertMany([{ _id: 'a'.repeat(24), store_number: 12, name: 'Corner' }], {
        ordered: false,
      })
      const known = await checkStoreWithCentral({ store_number: 12 }, t.faulty.connect())
      expect(known).toMatchObject({ problem: null, note: expect.stringMatching(/knows store 12/) })
      const unknown = await checkStoreWithCentral({ store_number: 99 }, t.faulty.connect())
      expect(unknown.problem).toEqual({ path: 'store_number', message: 'central has no store number 99' })
      t.faulty.offline = true
      const away = await checkStoreWithCentral({ store_number: 99 }, t.faulty.connect())
      expect(away).toMatchObject({ problem: null, note: expect.stringMatching(/not reachable/) })
    } finally {
      await t.close()
    }
  })

  it('a terminal that syncs must name its store by id, and the id must be that store number', async () => {
    const t = await openTestTarget()
    try {
      const id = new ObjectId()
      await t.db.collection('stores').insertMany([{ _id: id, store_number: 12, name: 'Corner' }], { ordered: false })
      const central = { uri: 'mongodb://127.0.0.1:1/', db_name: 'lottery', username: '', password: '' }
      // By number alone, a terminal with a central would pull a store of its own: the check says what to add.
      const noId = await checkStoreWithCentral({ store_number: 12, central }, t.faulty.connect())
      expect(noId.problem).toEqual({
        path: 'store_id',
        message: expect.stringContaining(`add "store_id": "${id.toHexString()}" (central's store 12, Corner)`),
      })
      const named = await checkStoreWithCentral(
        { store_number: 12, store_id: id.toHexString(), central },
        t.faulty.connect(),
      )
      expect(named).toMatchObject({ problem: null, note: `central knows store 12 (Corner) as ${id.toHexString()}` })
      const otherNumber = await checkStoreWithCentral(
        { store_number: 13, store_id: id.toHexString() },
        t.faulty.connect(),
      )
      expect(otherNumber.problem).toEqual({
        path: 'store_id',
        message: `store ${id.toHexString()} is number 12 at central, not 13`,
      })
      const unknown = await checkStoreWithCentral({ store_id: 'b'.repeat(24) }, t.faulty.connect())
      expect(unknown.problem).toEqual({ path: 'store_id', message: `central has no store ${'b'.repeat(24)}` })
    } finally {
      await t.close()
    }
  })

  it('a database with no stores at all is a misspelt database name, not a missing store', async () => {
    const t = await openTestTarget()
    try {
      const central = { uri: 'mongodb://127.0.0.1:1/', db_name: 'lotery', username: '', password: '' }
      expect((await checkStoreWithCentral({ store_number: 12, central }, t.faulty.connect())).problem).toEqual({
        path: 'central.db_name',
        message: 'central\'s database "lotery" holds no stores: is its name right?',
      })
    } finally {
      await t.close()
    }
  })

  it('an address the MongoDB driver refuses is a problem with the file, not a network note', async () => {
    const bad = await checkStoreWithCentral(
      { store_number: 12 },
      mongoConnect({ uri: 'mongodb://admin:secret@127.0.0.1:27999:99/', db_name: 'lottery' }),
      ['secret'],
    )
    expect(bad.problem).toMatchObject({ path: 'central.uri', message: expect.stringMatching(/^not a MongoDB address/) })
    expect(bad.problem?.message).not.toContain('secret')
  })
})

describe('npm run terminal:check', () => {
  const run = (f: string) => {
    try {
      return { code: 0, out: execFileSync('npx', ['tsx', 'electron/device/config-cli.ts', f], { encoding: 'utf8' }) }
    } catch (err) {
      const e = err as { status: number; stdout: string }
      return { code: e.status, out: e.stdout }
    }
  }
  it('prints every problem and exits 1; a good file exits 0', () => {
    const r = run(file(JSON.stringify({ store_number: 'twelve', kisok: true })))
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/2 problems/)
    expect(r.out).toMatch(/unknown key "kisok"/)
    expect(r.out).toMatch(/store_number: /)
    expect(run(file(JSON.stringify({ store_number: 12 })))).toMatchObject({
      code: 0,
      out: expect.stringMatching(/no problem/),
    })
  })
})
