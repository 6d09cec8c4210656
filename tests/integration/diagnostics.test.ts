import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openLog, type Logger } from '../../electron/core/log'
import { diagnosticsDirOf } from '../../electron/diagnostics/bundle'
import { diagnosticsFromFolder } from '../../electron/diagnostics/offline'
import { expectPosError, tempDir, testBackend, type TestBackend } from '../support/backend'

const PASSWORD = 's3cret-Test-Pw'
const URI = `mongodb://pos-terminal:${PASSWORD}@127.0.0.1:1/lottery?authSource=admin`
const MASKED = 'mongodb://pos-terminal:***@127.0.0.1:1/lottery'

/** Every entry of a bundle, decompressed. */
function unzip(file: string): Record<string, string> {
  const entries = unzipSync(new Uint8Array(fs.readFileSync(file)))
  return Object.fromEntries(Object.entries(entries).map(([name, bytes]) => [name, strFromU8(bytes)]))
}

/** Every form a password could take in a text: as written, URL-encoded, JSON-escaped, base64. */
function expectNoPassword(text: string) {
  for (const form of [PASSWORD, encodeURIComponent(PASSWORD), Buffer.from(PASSWORD).toString('base64')])
    expect(text).not.toContain(form)
}

describe('the diagnostics bundle', () => {
  let b: TestBackend
  let logger: Logger
  let configPath: string

  beforeAll(() => {
    const dataDir = tempDir('pos-diag-')
    configPath = path.join(tempDir('pos-diag-config-'), 'terminal.json')
    // A provisioned terminal: central's password in the file, in its address and in its own field.
    fs.writeFileSync(
      configPath,
      JSON.stringify({
        terminal_number: 3,
        central: { uri: URI, db_name: 'lottery', username: 'pos-terminal', password: PASSWORD },
      }),
    )
    logger = openLog(dataDir, { echo: null })
    b = testBackend({ dataDir, configPath, logger, startSync: false })
    // Lines as a driver might write them: the whole address, and the password alone in quotes.
    logger.error(`sync round failed connecting to ${URI}`, new Error(`connect ECONNREFUSED for ${URI}`))
    logger.warn(`central answered: user "pos-terminal" password "${PASSWORD}" refused`)
  })
  afterAll(async () => {
    await b.cleanup()
    await logger.close()
  })

  it('is refused to a cashier, and nothing is written', async () => {
    const carlos = await b.login('carlos')
    await expectPosError(b.call(carlos, 'diagnostics-export'), 'FORBIDDEN')
    expect(fs.existsSync(diagnosticsDirOf(b.dataDir))).toBe(false)
    const exported = b.ctx.db.prepare("SELECT COUNT(*) AS n FROM audit_logs WHERE action = 'diagnostics.export'").get()
    expect(exported).toEqual({ n: 0 })
  })

  it("holds the checks, the outbox, the printer and the log, and no trace of central's password", async () => {
    const maria = await b.login('maria')
    const view = await b.call(maria, 'diagnostics-export')

    expect(path.dirname(view.file)).toBe(diagnosticsDirOf(b.dataDir))
    expect(view.name).toMatch(/^diagnostics-.+\.zip$/)
    expect(fs.statSync(view.file).size).toBe(view.size)
    // What a browser on the web host saves is the file itself.
    expect(Buffer.from(view.content_base64, 'base64').equals(fs.readFileSync(view.file))).toBe(true)
    expect(view.checks.map((c) => [c.label, c.ok])).toEqual([
      ['Terminal file', true],
      ['Database', true],
      ['Audit chain', true],
      ['Sync', true],
      ['Printer', true],
    ])

    const entries = unzip(view.file)
    expect(Object.keys(entries).sort()).toEqual(['diagnostics.json', 'pos-log.txt'])
    const whole = Object.values(entries).join('\n')
    expectNoPassword(whole)
    expect(whole).toContain(MASKED)

    const report = JSON.parse(entries['diagnostics.json'])
    expect(report.versions).toMatchObject({ pos_version: '0.1.0-test', node: process.versions.node })
    expect(report.versions.os.platform).toBe(process.platform)
    expect(report.integrity).toEqual({ check: 'quick_check', ok: true, problems: [] })
    expect(report.audit).toMatchObject({ ok: true, broken_count: 0 })
    expect(report.audit.entries).toBeGreaterThan(0)
    expect(report.sync).toMatchObject({ dead: 0, conflicts: 0, last_success: null })
    expect(report.sync.pending).toBeGreaterThan(0)
    expect(report.printer).toMatchObject({ state: 'not_configured', pending_prints: 0 })
    expect(report.config.content.central).toMatchObject({ password: '***', username: 'pos-terminal' })
    expect(report.config.content.central.uri).toContain(MASKED)
    expect(report.config.problems).toEqual([])
    expect(report.terminal).toMatchObject({ device_id: b.ctx.device.device_id, demo: false })
    expect(JSON.stringify(report)).not.toContain(b.ctx.device.secret)

    const lines = entries['pos-log.txt'].trim().split('\n')
    expect(lines.some((l) => l.includes('started: pos 0.1.0-test'))).toBe(true)
    expect(lines.some((l) => l.includes(`sync round failed connecting to ${MASKED}`))).toBe(true)
    expect(lines.some((l) => l.includes('password \\"***\\" refused'))).toBe(true)

    const audit = b.ctx.db
      .prepare("SELECT user_id, description FROM audit_logs WHERE action = 'diagnostics.export'")
      .all() as { user_id: string; description: string }[]
    expect(audit).toHaveLength(1)
    expect(audit[0].description).toContain(view.name)
  })

  it('is written from the command line beside the running app, the database only read', async () => {
    const before = fs.statSync(b.dbFile).mtimeMs
    const view = diagnosticsFromFolder(b.dataDir, { configPath })
    const entries = unzip(view.file)
    expectNoPassword(Object.values(entries).join('\n'))
    const report = JSON.parse(entries['diagnostics.json'])
    expect(report.source).toBe('command')
    expect(report.integrity.ok).toBe(true)
    expect(report.audit.ok).toBe(true)
    expect(report.sync.pending).toBeGreaterThan(0)
    expect(report.config.content.central.password).toBe('***')
    expect(entries['pos-log.txt']).toContain(MASKED)
    expect(fs.statSync(b.dbFile).mtimeMs).toBe(before)
    // Its own file beside the app's, never over it.
    expect(fs.readdirSync(diagnosticsDirOf(b.dataDir))).toHaveLength(2)
  })

  it('exits 1 from the command line when a check finds a problem, 0 when none does', async () => {
    const run = (config: string) =>
      new Promise<{ code: number; out: string }>((resolve) =>
        execFile('npx', ['tsx', 'electron/diagnostics/cli.ts', b.dataDir, '--config', config], (err, stdout) =>
          resolve({ code: err ? Number((err as { code?: number }).code ?? 2) : 0, out: stdout }),
        ),
      )
    const bad = path.join(tempDir('pos-diag-bad-'), 'terminal.json')
    fs.writeFileSync(bad, JSON.stringify({ terminal_number: 3, printr: { uri: 'tcp://10.0.0.9:9100' } }))
    const problem = await run(bad)
    expect(problem.out).toMatch(/^diagnostics bundle written: /)
    expect(problem.out).toMatch(/PROBLEM/)
    expect(problem.code).toBe(1)
    // A terminal file named on purpose that is not there is a typo: nothing written, exit 2.
    expect((await run(path.join(path.dirname(bad), 'terminal.jsno'))).code).toBe(2)
    const fine = await run(configPath)
    expect(fine.out).not.toMatch(/PROBLEM/)
    expect(fine.code).toBe(0)
  })

  it('masks a password in any address of a terminal file, even one the check refuses', () => {
    const bad = path.join(tempDir('pos-diag-bad-'), 'terminal.json')
    fs.writeFileSync(bad, JSON.stringify({ updates: { url: 'https://fleet:UpdPw555@updates.example.com/pos/' } }))
    const entries = unzip(diagnosticsFromFolder(b.dataDir, { configPath: bad }).file)
    const text = Object.values(entries).join('\n')
    expect(text).not.toContain('UpdPw555')
    expect(JSON.parse(entries['diagnostics.json']).config.content.updates.url).toBe(
      'https://fleet:***@updates.example.com/pos/',
    )
  })
})
