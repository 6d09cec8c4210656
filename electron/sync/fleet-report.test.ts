import { execFile } from 'node:child_process'
import { ObjectId } from 'bson'
import { MongoClient } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { StandinWireServer } from '../../tests/support/mongo-standin-wire'
import { compareVersions, filterFleet, fleetReport, fleetTable, needsIt } from './fleet'

const now = new Date('2026-12-02T12:00:00Z')
const minutes = (m: number) => new Date(now.getTime() - m * 60_000)
const s1 = new ObjectId()
const s2 = new ObjectId()
const stores = [
  { _id: s1, name: 'Corner', store_number: 12 },
  { _id: s2, name: 'Station', store_number: 3 },
]
const device = (over: Record<string, unknown>) => ({
  _id: new ObjectId(),
  device_id: 'POS-X',
  store_id: s1,
  terminal_number: 1,
  pos_version: '1.4.0',
  os: 'win32 10.0.19045',
  last_seen: minutes(1),
  outbox_pending: 0,
  oldest_pending_age_s: 0,
  printer_state: 'ready',
  free_disk_bytes: 40e9,
  db_size_bytes: 300e6,
  status: 'active',
  ...over,
})
// Central's word on a terminal is its own collection, apart from the heartbeats.
const controls = [{ device_id: 'POS-S-01', status: 'disabled' }]
const fleet = [
  device({ device_id: 'POS-C-01' }),
  device({ device_id: 'POS-C-02', terminal_number: 2, last_seen: minutes(61) }),
  device({
    device_id: 'POS-C-03',
    terminal_number: 3,
    outbox_pending: 40,
    oldest_pending_age_s: 86_200,
    last_seen: minutes(5),
  }),
  device({ device_id: 'POS-S-01', store_id: s2, pos_version: '1.3.9', free_disk_bytes: 5e8 }),
  device({ device_id: 'POS-S-02', store_id: s2, terminal_number: 2, pos_version: '1.10.0', printer_state: 'offline' }),
  // Installed today: nothing printed yet, which is no printer problem.
  device({ device_id: 'POS-S-03', store_id: s2, terminal_number: 3, pos_version: '1.10.0', printer_state: 'unknown' }),
]

describe('the fleet view', () => {
  it('orders versions by number, not text', () => {
    expect(compareVersions('1.10.0', '1.9.3')).toBe(1)
    expect(compareVersions('1.4.0', '1.4')).toBe(0)
    expect(compareVersions('1.3.9', '1.4.0')).toBe(-1)
  })

  it('flags the stale, the stuck, version skew, disabled, low disk and a printer not ready', () => {
    const r = fleetReport(fleet, stores, now, controls)
    expect(r.newest).toBe('1.10.0')
    expect(r.rows.map((x) => [x.store_number, x.device_id, x.flags])).toEqual([
      [3, 'POS-S-01', ['skew', 'disabled', 'low_disk']],
      [3, 'POS-S-02', ['printer']],
      [3, 'POS-S-03', []],
      [12, 'POS-C-01', ['skew']],
      [12, 'POS-C-02', ['stale', 'skew']],
      // 86,200 s old at its heartbeat 5 minutes ago: over a day now.
      [12, 'POS-C-03', ['stuck', 'skew']],
    ])
    expect(fleetTable(r)).toMatch(/6 terminals, newest version 1\.10\.0, 5 flagged/)
  })

  it('flags two terminals of one store with the same number (their ticket numbers collide), and filters', () => {
    const twin = device({ device_id: 'POS-C-01-NEW', pos_version: '1.10.0' })
    // Terminal 1 of the other store is not a clash: the number is per store.
    const r = fleetReport([...fleet, twin], stores, now, controls)
    expect(r.rows.filter((x) => x.flags.includes('clash')).map((x) => x.device_id)).toEqual([
      'POS-C-01',
      'POS-C-01-NEW',
    ])
    expect(r.rows.filter(needsIt).map((x) => x.device_id)).toEqual(['POS-C-01', 'POS-C-01-NEW', 'POS-C-02', 'POS-C-03'])
    expect(fleetTable(r)).toMatch(/POS-C-01-NEW .*CLASH/)
    expect(fleetTable(r)).toMatch(/CLASH: another terminal of its store has its number/)
    expect(filterFleet(r, { store: 3 }).rows.map((x) => x.device_id)).toEqual(['POS-S-01', 'POS-S-02', 'POS-S-03'])
    expect(filterFleet(r, { store: 3, flagged: true }).rows.map((x) => x.device_id)).toEqual(['POS-S-01', 'POS-S-02'])
    // The newest version stays the fleet's: a store's own terminals are behind it or not.
    expect(filterFleet(r, { store: 3 }).newest).toBe('1.10.0')
    // The old terminal 1, disabled when it was replaced, takes no seat; nor do two naming no store.
    const replaced = fleetReport([...fleet, twin], stores, now, [
      ...controls,
      { device_id: 'POS-C-01', status: 'disabled' },
    ])
    expect(replaced.rows.filter((x) => x.flags.includes('clash'))).toEqual([])
    const orphans = [
      device({ device_id: 'POS-A', store_id: undefined }),
      device({ device_id: 'POS-B', store_id: null }),
    ]
    expect(fleetReport(orphans, stores, now).rows.map((x) => x.flags)).toEqual([[], []])
  })

  it('npm run fleet:status reads central and exits 1 when a terminal is stale or stuck', async () => {
    const server = new StandinWireServer()
    await server.listen()
    const client = await new MongoClient(server.uri).connect()
    try {
      const db = client.db('lottery')
      await db.collection('stores').insertMany(stores)
      await db.collection('pos_devices').insertMany(fleet.map((d) => ({ ...d, last_seen: new Date() })))
      await db.collection('pos_device_controls').insertMany(controls.map((c) => ({ ...c })))
      // Run beside this process (which serves the stand-in), never blocking it.
      const status = (dbName = 'lottery') =>
        new Promise<{ code: number; out: string; err: string }>((resolve) =>
          execFile('npx', ['tsx', 'electron/sync/fleet-cli.ts', server.uri, '--db', dbName], (err, stdout, stderr) =>
            resolve({ code: err ? Number((err as { code?: number }).code ?? 2) : 0, out: stdout, err: stderr }),
          ),
        )
      // An address the driver refuses cannot read central (2), never a stale fleet (1), and says why.
      const malformed = await new Promise<{ code: number; err: string }>((resolve) =>
        execFile(
          'npx',
          ['tsx', 'electron/sync/fleet-cli.ts', 'mongodb://admin:pw@127.0.0.1:27017:3/'],
          (err, _o, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, err: stderr }),
        ),
      )
      expect(malformed).toEqual({ code: 2, err: expect.stringMatching(/^Cannot read central: Unable to parse/) })
      // A misspelt database is not a healthy fleet of none.
      const typo = await status('lotery')
      expect(typo.code).toBe(2)
      expect(typo.err).toMatch(/Database "lotery" holds no stores and no terminals: is its name right \(--db\)\?/)
      // Seen just now: nobody stale; POS-C-03's records waited 86,200 s at its last word, under a day.
      let { code, out } = await status()
      expect(code).toBe(0)
      expect(out).toMatch(/POS-S-01 .*DISABLED LOW_DISK/)
      expect(out).toMatch(/6 terminals/)
      await db.collection('pos_devices').updateOne({ device_id: 'POS-C-02' }, { $set: { last_seen: minutes(24 * 60) } })
      ;({ code, out } = await status())
      expect(code).toBe(1)
      expect(out).toMatch(/POS-C-02 .*STALE/)
      // One store, its flagged terminals only: store 3 has nothing stale, so 0; an unknown store is 2.
      const only = (...args: string[]) =>
        new Promise<{ code: number; out: string; err: string }>((resolve) =>
          execFile('npx', ['tsx', 'electron/sync/fleet-cli.ts', server.uri, ...args], (err, stdout, stderr) =>
            resolve({ code: err ? Number((err as { code?: number }).code ?? 2) : 0, out: stdout, err: stderr }),
          ),
        )
      const three = await only('--store', '3', '--flagged')
      expect(three.code).toBe(0)
      expect(three.out).toMatch(/POS-S-01/)
      expect(three.out).not.toMatch(/POS-S-03|POS-C-/)
      expect(three.out).toMatch(/2 terminals/)
      expect(await only('--store', '99')).toMatchObject({
        code: 2,
        err: expect.stringMatching(/No store has the number 99/),
      })
      expect(await only('--store', 'corner')).toMatchObject({
        code: 2,
        err: expect.stringMatching(/--store takes a store number/),
      })
    } finally {
      await client.close()
      await server.close()
    }
  })
})
