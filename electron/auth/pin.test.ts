import Database from 'better-sqlite3'
import { createHmac, randomBytes, scryptSync } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { expectPosError, seededIds, tempDir, testBackend, type TestBackend } from '../../tests/support/backend'
import { seedDemo } from '../demo/seed'
import { openDatabase } from '../store/db'
import { hashPin, isCentralVerifier, localVerifier, pepperVerifier, verifyPin } from './pin'

const open: TestBackend[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const b of open.splice(0)) await b.cleanup()
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }))
})
const backend = (dataDir?: string) => {
  const b = testBackend(dataDir ? { dataDir } : {})
  open.push(b)
  return b
}
const hashes = (b: TestBackend) =>
  b.ctx.db.prepare('SELECT username, password_hash FROM users ORDER BY username').all() as {
    username: string
    password_hash: string
  }[]
const userId = (b: TestBackend, username: string) =>
  (b.ctx.db.prepare('SELECT _id FROM users WHERE username = ?').get(username) as { _id: string })._id
/** Everything on disk for this database: the file and, while open, its write-ahead log. */
const fileBytes = (dbFile: string) =>
  [dbFile, `${dbFile}-wal`]
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f).toString('latin1'))
    .join('')
// Central's form, crackable offline with the file alone; the terminal's form starts with a 'p'.
const PLAIN = /(^|[^p])scrypt\$\d+\$[0-9a-f]{32}/
const LOCAL = /^pscrypt\$16384\$[0-9a-f]{32}\$[0-9a-f]{64}$/

describe('PIN verifiers at rest', () => {
  it('the database holds only peppered verifiers: the right PIN does not match without the pepper', () => {
    const b = backend()
    const rows = hashes(b)
    expect(rows.map((r) => r.username)).toEqual(['alex', 'ana', 'carlos', 'chloe', 'maria'])
    for (const r of rows) expect(r.password_hash, r.username).toMatch(LOCAL)
    // What an attacker with the file alone computes for the right PIN is not what is stored.
    const [, n, salt, stored] = rows.find((r) => r.username === 'maria')!.password_hash.split('$')
    const guess = scryptSync('2580', Buffer.from(salt, 'hex'), 32, { N: Number(n) })
    expect(guess.toString('hex')).not.toBe(stored)
    const pepper = b.ctx.keys.get('pin-pepper')
    expect(createHmac('sha256', pepper).update(guess).digest('hex')).toBe(stored)
    const bytes = fileBytes(b.dbFile)
    expect(bytes).not.toMatch(PLAIN)
    expect(bytes).not.toContain(pepper.toString('hex'))
    expect(bytes).not.toContain(pepper.toString('latin1'))
  })

  it('a copy of the database with another terminal’s keys logs no one in, even with the right PIN', async () => {
    const b = backend()
    await b.close()
    const elsewhere = tempDir()
    fs.copyFileSync(b.dbFile, path.join(elsewhere, 'pos.sqlite'))
    const copy = backend(elsewhere)
    await expectPosError(copy.call('s', 'auth-login', { userId: userId(copy, 'maria'), pin: '2580' }), 'PIN_WRONG')
    fs.rmSync(b.dataDir, { recursive: true, force: true })
  })

  it('converts the plain verifiers an older version stored, at start, and scrubs them from the file', async () => {
    const first = backend()
    await first.close()
    const raw = new Database(first.dbFile)
    raw.prepare("UPDATE users SET password_hash = ? WHERE username = 'carlos'").run(hashPin('1111'))
    raw.prepare("UPDATE users SET password_hash = 'x' WHERE username = 'chloe'").run()
    raw.close()
    expect(fileBytes(first.dbFile)).toMatch(PLAIN)
    const b = backend(first.dataDir)
    const rows = Object.fromEntries(hashes(b).map((r) => [r.username, r.password_hash]))
    expect(rows.carlos).toMatch(LOCAL)
    expect(rows.chloe).toBe('none')
    expect(fileBytes(b.dbFile)).not.toMatch(PLAIN)
    await b.call('s', 'auth-login', { userId: userId(b, 'carlos'), pin: '1111' })
    await expectPosError(b.call('t', 'auth-login', { userId: userId(b, 'chloe'), pin: '2222' }), 'PIN_WRONG')
  })

  it('the demo seed, given the pepper, never writes the plain form', () => {
    const dir = tempDir()
    dirs.push(dir)
    const file = path.join(dir, 'pos.sqlite')
    const db = openDatabase(file)
    const pepper = randomBytes(32)
    seedDemo(
      { db, clock: () => new Date('2026-11-21T15:00:00Z'), newId: seededIds(), randomInt: () => 0, monotonic: () => 0 },
      { pinPepper: pepper },
    )
    const maria = db.prepare("SELECT password_hash FROM users WHERE username = 'maria'").get() as {
      password_hash: string
    }
    expect(verifyPin('2580', maria.password_hash, pepper)).toBe(true)
    expect(fileBytes(file)).not.toMatch(PLAIN)
    db.close()
  })

  it('verifies only the peppered form, with its own pepper, at a cost it accepts', () => {
    const pepper = randomBytes(32)
    const central = hashPin('1111')
    expect(isCentralVerifier(central)).toBe(true)
    expect(verifyPin('1111', central, pepper)).toBe(false)
    const local = pepperVerifier(central, pepper)
    expect(local).toMatch(LOCAL)
    expect(local.split('$')[2]).toBe(central.split('$')[2])
    expect(verifyPin('1111', local, pepper)).toBe(true)
    expect(verifyPin('1112', local, pepper)).toBe(false)
    expect(verifyPin('1111', local, randomBytes(32))).toBe(false)
    expect(verifyPin('1111', localVerifier('1111', pepper), pepper)).toBe(true)
    const cheap = central.replace('$16384$', '$1024$')
    expect(isCentralVerifier(cheap)).toBe(false)
    expect(() => pepperVerifier(cheap, pepper)).toThrow(/central form/)
    expect(() => pepperVerifier(local, pepper)).toThrow(/central form/)
  })
})
