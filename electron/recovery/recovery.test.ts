import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createBackend } from '../backend'
import { DEMO_USERS } from '../demo/seed'
import { readIdentity } from '../device/identity'
import { listBackups } from '../store/backup'
import { acquireDataLock, StoreProblem } from '../store/guard'
import { migrate } from '../store/migrate'
import { migrations } from '../store/migrations'
import Database from 'better-sqlite3'
import {
  frozenClock,
  newRequestId,
  seededIds,
  tempDir,
  testBackend,
  type TestBackend,
} from '../../tests/support/backend'
import { openApp, type AppHost } from './host'

const dirs: string[] = []
const hosts: AppHost[] = []
const backends: TestBackend[] = []
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close()
  for (const b of backends.splice(0)) await b.close()
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

function dir() {
  const d = tempDir('pos-recovery-')
  dirs.push(d)
  return d
}
const maria = DEMO_USERS.find((u) => u.username === 'maria')!

/** A terminal that has sold: `tickets` tickets, then closed cleanly. Returns the highest ticket sequence. */
async function soldTerminal(dataDir: string, tickets: number, opts: { backupAfter?: number; ids?: string } = {}) {
  const b = testBackend({ dataDir, newId: seededIds(opts.ids ?? '') })
  const s = await b.login('carlos')
  for (let i = 0; i < tickets; i++) {
    await b.call(s, 'sale-create', {
      requestId: newRequestId(),
      paymentMethod: 'cash',
      lines: [{ lotteryId: b.gameId('LOTTO'), quantity: 1 }],
    })
    if (opts.backupAfter === i + 1) expect(await b.backupIfDue()).not.toBeNull()
  }
  const seq = (b.ctx.db.prepare("SELECT value FROM counters WHERE name = 'ticket_seq'").get() as { value: number })
    .value
  const secret = b.ctx.device.secret
  await b.close()
  return { seq, secret }
}

const problemOf = (dataDir: string): StoreProblem => {
  try {
    createBackend({ dataDir, configPath: null, log: () => {}, dailyBackups: false, startSync: false })
  } catch (err) {
    if (err instanceof StoreProblem) return err
    throw err
  }
  throw new Error('the backend started')
}

describe('a terminal that has sold never silently becomes a new one', () => {
  it('refuses an empty database file, leaving it and the identity as they were', async () => {
    const d = dir()
    const { secret } = await soldTerminal(d, 2)
    const identity = readIdentity(d)
    expect(identity?.reserved.ticket_seq).toBeGreaterThan(2)
    fs.writeFileSync(path.join(d, 'pos.sqlite'), '')
    fs.rmSync(path.join(d, 'pos.sqlite-wal'), { force: true })
    const p = problemOf(d)
    expect(p.kind).toBe('empty')
    expect(p.message).toMatch(/will not start over as a new terminal/)
    expect(fs.statSync(path.join(d, 'pos.sqlite')).size).toBe(0)
    expect(readIdentity(d)).toEqual(identity)
    expect(secret).toMatch(/^[0-9a-f]{64}$/)
  })

  it('refuses a missing database, and never opens (so never deletes) a WAL left without its database', async () => {
    const d = dir()
    await soldTerminal(d, 1)
    fs.rmSync(path.join(d, 'pos.sqlite'))
    expect(problemOf(d).kind).toBe('missing')
    const wal = path.join(d, 'pos.sqlite-wal')
    fs.writeFileSync(wal, Buffer.alloc(8192, 7))
    expect(problemOf(d).kind).toBe('orphan_wal')
    expect(fs.readFileSync(wal)).toEqual(Buffer.alloc(8192, 7))
    expect(fs.existsSync(path.join(d, 'pos.sqlite'))).toBe(false)
  })

  it('refuses a database that belongs to another terminal', async () => {
    const a = dir()
    const b = dir()
    await soldTerminal(a, 1, { ids: 'a' })
    await soldTerminal(b, 1, { ids: 'b' })
    fs.copyFileSync(path.join(a, 'pos.sqlite'), path.join(b, 'pos.sqlite'))
    expect(problemOf(b).kind).toBe('foreign')
  })
})

describe('a damaged database', () => {
  it('is found at start: garbage in the middle of the file stops selling', async () => {
    const d = dir()
    await soldTerminal(d, 30)
    const file = path.join(d, 'pos.sqlite')
    const fd = fs.openSync(file, 'r+')
    const size = fs.statSync(file).size
    fs.writeSync(fd, Buffer.alloc(8192, 0xa5), 0, 8192, Math.floor(size / 2 / 4096) * 4096)
    fs.closeSync(fd)
    const p = problemOf(d)
    expect(p.kind).toBe('corrupt')
    expect(p.message).toMatch(/restore the latest good backup/i)
  })

  it('is restored end to end from the latest good backup, and never reuses a ticket number', async () => {
    const d = dir()
    // 5 tickets, the daily backup, then 7 more tickets the backup does not hold.
    const { seq } = await soldTerminal(d, 12, { backupAfter: 5 })
    expect(seq).toBe(12)
    const file = path.join(d, 'pos.sqlite')
    fs.writeFileSync(file, Buffer.alloc(fs.statSync(file).size, 0))
    const clock = frozenClock('2026-11-21T16:00:00Z')
    const host = openApp({
      dataDir: d,
      configPath: null,
      log: () => {},
      clock,
      newId: seededIds('e'),
      startSync: false,
      dailyBackups: false,
    })
    hosts.push(host)
    expect(host.backend).toBeNull()
    // Everything but recovery is refused, with the reason.
    const info = await host.dispatcher.dispatch('s', 'app-info', {})
    expect(info).toMatchObject({ ok: false, error: { code: 'RECOVERY_REQUIRED' } })
    const status = await host.dispatcher.dispatch('s', 'recovery-status', {})
    expect(status.ok).toBe(true)
    const st = (status as { value: import('../../shared/contract').RecoveryStatus }).value
    expect(st).toMatchObject({ needed: true, kind: 'corrupt' })
    expect(st.backups).toHaveLength(1)
    const manager = st.managers.find((m) => m.username === 'maria')!
    const wrong = await host.dispatcher.dispatch('s', 'recovery-restore', {
      backup: st.backups[0].name,
      userId: manager._id,
      pin: '0000',
    })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'PIN_WRONG' } })
    expect(fs.readFileSync(file).every((x) => x === 0)).toBe(true)
    const done = await host.dispatcher.dispatch('s', 'recovery-restore', {
      backup: st.backups[0].name,
      userId: manager._id,
      pin: maria.pin,
    })
    expect(done).toMatchObject({ ok: true })
    // The damaged file is kept aside, and the terminal sells again without a restart.
    const aside = (done as { value: { set_aside: string } }).value.set_aside
    expect(fs.readdirSync(aside)).toContain('pos.sqlite')
    expect(host.backend).not.toBeNull()
    const users = await host.dispatcher.dispatch('s', 'auth-users', {})
    const carlos = (users as { value: { _id: string; username: string }[] }).value.find((u) => u.username === 'carlos')!
    expect(await host.dispatcher.dispatch('s', 'auth-login', { userId: carlos._id, pin: '1111' })).toMatchObject({
      ok: true,
    })
    const lotto = (
      host.backend!.ctx.db.prepare("SELECT _id FROM lotteries WHERE code = 'LOTTO'").get() as { _id: string }
    )._id
    const sale = await host.dispatcher.dispatch('s', 'sale-create', {
      requestId: newRequestId(),
      paymentMethod: 'cash',
      lines: [{ lotteryId: lotto, quantity: 1 }],
    })
    expect(sale.ok).toBe(true)
    const issued = host
      .backend!.ctx.db.prepare('SELECT ticket_number FROM tickets ORDER BY ticket_number DESC LIMIT 1')
      .get() as {
      ticket_number: string
    }
    // Sequence digits 8..17 of the ticket number: above every number that may be on paper.
    expect(Number(issued.ticket_number.slice(7, 17))).toBeGreaterThan(12)
    expect(
      host.backend!.ctx.db.prepare("SELECT action FROM audit_logs WHERE action = 'store.restored'").all(),
    ).toHaveLength(1)
  })
})

describe('backups', () => {
  it('are taken before a migration, with the old schema, and the daily one rotates keeping the last five', async () => {
    const d = dir()
    const file = path.join(d, 'pos.sqlite')
    const old = new Database(file)
    migrate(old, migrations.length - 1)
    old.close()
    const b = testBackend({ dataDir: d })
    backends.push(b)
    const before = listBackups(d)
    expect(before).toHaveLength(1)
    expect(before[0].reason).toBe(`before-v${migrations.length}`)
    const copy = new Database(before[0].file, { readonly: true })
    expect((copy.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(
      migrations.length - 1,
    )
    copy.close()
    // The copy taken before the migration is today's backup.
    expect(await b.backupIfDue()).toBeNull()
    for (let day = 0; day < 7; day++) {
      b.clock.advance(24 * 3600_000)
      expect(await b.backupIfDue()).not.toBeNull()
      expect(await b.backupIfDue()).toBeNull()
    }
    const kept = listBackups(d)
    expect(kept).toHaveLength(5)
    expect(kept.every((k) => k.reason === 'daily')).toBe(true)
    expect(fs.readdirSync(path.join(d, 'backups')).some((f) => f.endsWith('.partial'))).toBe(false)
  })
})

describe('one app per data folder', () => {
  it('refuses a second backend on the same folder, and takes over a lock whose process is gone', async () => {
    const d = dir()
    const first = testBackend({ dataDir: d })
    backends.push(first)
    expect(problemOf(d).kind).toBe('in_use')
    await first.close()
    backends.splice(0)
    // A lock left by a process that no longer exists (a power cut): taken over, and the start counts as unclean.
    fs.writeFileSync(path.join(d, 'pos.lock'), JSON.stringify({ pid: 2 ** 22 + 12345 }))
    const again = testBackend({ dataDir: d })
    backends.push(again)
    expect(again.ctx.db.open).toBe(true)
  })

  it('keeps the data folder to the account that runs the terminal: nobody else reads the database or the keys', () => {
    const d = path.join(dir(), 'terminal')
    backends.push(testBackend({ dataDir: d }))
    expect(fs.statSync(d).mode & 0o777).toBe(0o700)
    // A folder made before this rule is closed up at the next start.
    fs.chmodSync(d, 0o755)
    const b = backends.pop()!
    return b.close().then(() => {
      backends.push(testBackend({ dataDir: d }))
      expect(fs.statSync(d).mode & 0o777).toBe(0o700)
    })
  })
})

describe('what a terminal leaves behind', () => {
  it('deleting the database and the identity file does not make a new terminal while its keys or backups remain', async () => {
    const d = dir()
    await soldTerminal(d, 3)
    fs.rmSync(path.join(d, 'pos.sqlite'))
    fs.rmSync(path.join(d, 'terminal-identity.json'))
    expect(problemOf(d).kind).toBe('missing')
  })

  it('a backup copied over the database resumes every counter above anything issued, and keeps the trusted time', async () => {
    const d = dir()
    const { seq } = await soldTerminal(d, 6, { backupAfter: 2 })
    const backup = listBackups(d)[0]
    fs.copyFileSync(backup.file, path.join(d, 'pos.sqlite'))
    // Started with the clock set back a day: the trusted time is kept in the identity file, beside the database.
    const b = testBackend({ dataDir: d, start: '2026-11-20T15:00:00Z' })
    backends.push(b)
    const s = await b.login('carlos')
    const err = await b
      .call(s, 'sale-create', {
        requestId: newRequestId(),
        paymentMethod: 'cash',
        lines: [{ lotteryId: b.gameId('LOTTO'), quantity: 1 }],
      })
      .catch((e: { code: string }) => e)
    expect(err).toMatchObject({ code: 'CLOCK_BEHIND' })
    const counter = b.ctx.db.prepare("SELECT value FROM counters WHERE name = 'ticket_seq'").get() as { value: number }
    expect(counter.value).toBeGreaterThan(seq)
  })
})

describe('the restore PIN', () => {
  it('locks out like a login after five wrong PINs, and the attempts are on record after the restore', async () => {
    const d = dir()
    await soldTerminal(d, 2, { backupAfter: 1 })
    const file = path.join(d, 'pos.sqlite')
    fs.writeFileSync(file, Buffer.alloc(fs.statSync(file).size, 0))
    const clock = frozenClock('2026-11-21T16:00:00Z')
    const host = openApp({ dataDir: d, configPath: null, log: () => {}, clock, startSync: false, dailyBackups: false })
    hosts.push(host)
    const st = (
      (await host.dispatcher.dispatch('s', 'recovery-status', {})) as {
        value: import('../../shared/contract').RecoveryStatus
      }
    ).value
    const maria = st.managers.find((m) => m.username === 'maria')!
    const restore = (pin: string) =>
      host.dispatcher.dispatch('s', 'recovery-restore', { backup: st.backups[0].name, userId: maria._id, pin })
    for (let i = 0; i < 4; i++) expect(await restore('0000')).toMatchObject({ ok: false, error: { code: 'PIN_WRONG' } })
    expect(await restore('0000')).toMatchObject({ ok: false, error: { code: 'LOCKED_OUT' } })
    expect(await restore('2580')).toMatchObject({ ok: false, error: { code: 'LOCKED_OUT' } })
    clock.advance(61_000)
    expect(await restore('2580')).toMatchObject({ ok: true })
    const entry = host
      .backend!.ctx.db.prepare("SELECT description FROM audit_logs WHERE action = 'store.restored'")
      .get()
    expect(entry).toMatchObject({ description: expect.stringMatching(/after 5 wrong PINs/) })
  })
})

describe('the lock file', () => {
  it('is never half-written, and a torn one left by a crash is taken over only once it is not brand new', () => {
    const d = dir()
    const lock = path.join(d, 'pos.lock')
    fs.writeFileSync(lock, '')
    expect(() => acquireDataLock(d)).toThrow(/Could not take the lock/)
    const old = new Date(Date.now() - 60_000)
    fs.utimesSync(lock, old, old)
    const held = acquireDataLock(d)
    expect(held.unclean).toBe(true)
    expect(JSON.parse(fs.readFileSync(lock, 'utf8'))).toMatchObject({ pid: process.pid })
    // A second taker in this process sees a live holder.
    expect(() => acquireDataLock(d)).toThrow(/already in use/)
    held.release()
    expect(fs.existsSync(lock)).toBe(false)
    expect(fs.readdirSync(d).filter((f) => f.startsWith('.pos.lock'))).toEqual([])
  })
})
