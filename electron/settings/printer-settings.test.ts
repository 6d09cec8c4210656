import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { expectPosError, tempDir, testBackend, type TestBackend } from '../../tests/support/backend'
import { setSetting } from './repo'

let b: TestBackend | null = null
const dirs: string[] = []
afterEach(async () => {
  await b?.cleanup()
  b = null
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

const digest = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex')
const savedPrinter = (t: TestBackend) => t.ctx.db.prepare("SELECT value FROM settings WHERE key = 'printer'").get()
const auditCount = (t: TestBackend) =>
  (t.ctx.db.prepare('SELECT COUNT(*) AS n FROM audit_logs').get() as { n: number }).n

describe.skipIf(process.platform === 'win32')('printer-set refuses an address that is not a printer', () => {
  async function refused(uri: string, message: RegExp, file?: string) {
    const before = file && fs.existsSync(file) ? digest(file) : null
    const m = await b!.login('maria')
    const audits = auditCount(b!)
    const err = await expectPosError(b!.call(m, 'printer-set', { uri }), 'VALIDATION')
    expect(err.message, uri).toMatch(message)
    expect(err.message, uri).toMatch(/Nothing was saved\.$/)
    expect(savedPrinter(b!), uri).toBeUndefined()
    expect(auditCount(b!), uri).toBe(audits)
    if (file) expect(before === null ? fs.existsSync(file) : digest(file), uri).toBe(before ?? false)
  }

  it('the database file, in every address form', async () => {
    b = testBackend()
    for (const uri of [b.dbFile, `file:${b.dbFile}`, pathToFileURL(b.dbFile).href])
      await refused(uri, /^That path is a file, not a printer\./, b.dbFile)
  })

  it('a regular file elsewhere, a folder, and a path that does not exist (which is not created)', async () => {
    b = testBackend()
    const dir = tempDir('pos-printer-')
    dirs.push(dir)
    const file = path.join(dir, 'receipts.log')
    fs.writeFileSync(file, 'yesterday\n')
    await refused(file, /^That path is a file, not a printer\./, file)
    await refused(dir, /^That path is a folder, not a printer\./)
    await refused(path.join(dir, 'lp0'), /No printer found at/, path.join(dir, 'lp0'))
  })

  it('anything inside the data folder, even a device linked there', async () => {
    b = testBackend()
    fs.symlinkSync('/dev/null', path.join(b.dataDir, 'lp0'))
    await refused(path.join(b.dataDir, 'lp0'), /inside the terminal's data folder/)
    await refused(path.join(b.dataDir, 'pos.sqlite-wal'), /^That path is a file, not a printer\./)
    await refused(
      path.join(b.dataDir, 'new-printer'),
      /inside the terminal's data folder/,
      path.join(b.dataDir, 'new-printer'),
    )
  })

  it('a tcp port of 0 or above 65535', async () => {
    b = testBackend()
    await refused('tcp://10.0.0.7:0', /Port 0 is not a network port: use 1 to 65535/)
    await refused('tcp://10.0.0.7:65536', /Port 65536 is not a network port/)
  })

  it('accepts a character device, and a test print to it succeeds', async () => {
    b = testBackend()
    const m = await b.login('maria')
    expect(await b.call(m, 'printer-set', { uri: '/dev/null', status_check: false })).toMatchObject({
      uri: '/dev/null',
    })
    expect(await b.call(m, 'printer-test')).toMatchObject({ printed: true })
  })
})

describe.skipIf(process.platform === 'win32')('a saved address that is not a printer fails at print time', () => {
  it('from an older database: the test print is refused and the database file is unchanged', async () => {
    b = testBackend()
    const m = await b.login('maria')
    // As an older version could have saved it, past today's printer-set check.
    setSetting(b.ctx.db, 'printer', {
      uri: b.dbFile,
      type: 'epson',
      width: 42,
      timeout_ms: 2000,
      status_check: false,
    })
    b.ctx.db.pragma('wal_checkpoint(TRUNCATE)')
    const before = digest(b.dbFile)
    const err = await expectPosError(b.call(m, 'printer-test'), 'PRINTER_ERROR')
    expect(err.message).toMatch(/^That path is a file, not a printer\./)
    expect(digest(b.dbFile)).toBe(before)
  })
})
