import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../tests/support/backend'
import { LOG_FILE, logDirOf, openLog, recentLogLines } from './log'

const PASSWORD = 's3cret-Test-Pw'
const URI = `mongodb://pos-terminal:${PASSWORD}@central.example:27017/lottery?authSource=admin`

const readLog = (dataDir: string) => fs.readFileSync(path.join(logDirOf(dataDir), LOG_FILE), 'utf8')

describe('the log file', () => {
  it('masks a connection string and its password in the message, the error and its stack', async () => {
    const dataDir = tempDir('pos-log-')
    const echoed: string[] = []
    const log = openLog(dataDir, { echo: (msg, detail) => echoed.push(`${msg} ${String(detail ?? '')}`) })
    log.error(`sync round failed connecting to ${URI}`, new Error(`getaddrinfo ENOTFOUND for ${URI}`))
    log.warn('central address', `uri=${URI}`)
    await log.close()

    const text = readLog(dataDir)
    expect(text).not.toContain(PASSWORD)
    expect(text).toContain('mongodb://pos-terminal:***@central.example:27017/lottery')
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatchObject({ level: 'error', msg: expect.stringContaining('sync round failed') })
    expect((lines[0].error as { stack: string }).stack).toContain('ENOTFOUND')
    // The console in development gets the same redacted text.
    expect(echoed.join('\n')).not.toContain(PASSWORD)
    expect(echoed.join('\n')).toContain('pos-terminal:***@')
  })

  it('masks a secret known at run time wherever a line quotes it, and a password=value pair', async () => {
    const dataDir = tempDir('pos-log-')
    const log = openLog(dataDir, { echo: null })
    log.useSecrets(() => [PASSWORD])
    log.error('refused', new Error(`server said: bad credentials "${PASSWORD}"`))
    log.info(`retrying with password=hunter2-other`)
    await log.close()
    const text = readLog(dataDir)
    expect(text).not.toContain(PASSWORD)
    expect(text).not.toContain('hunter2-other')
  })

  it("writes an error's own words, never the record a driver error carries", async () => {
    const dataDir = tempDir('pos-log-')
    const log = openLog(dataDir, { echo: null })
    const err = Object.assign(new Error('E11000 duplicate key'), { code: 11000, op: { validation_code: '12345678' } })
    log.error('push failed', err)
    log.error('odd detail', { pin: '1234' })
    await log.close()
    const text = readLog(dataDir)
    expect(text).toContain('E11000')
    expect(text).toContain('"code":11000')
    expect(text).not.toContain('12345678')
    expect(text).not.toContain('1234"')
  })

  it('rotates by size and reads back the last lines across the rotated files, oldest first', async () => {
    const dataDir = tempDir('pos-log-')
    const log = openLog(dataDir, { echo: null, size: '2K' })
    for (let i = 0; i < 60; i++) log.info(`line ${i}`)
    await log.close()
    expect(fs.readdirSync(logDirOf(dataDir)).filter((f) => f.startsWith(`${LOG_FILE}.`)).length).toBeGreaterThan(0)
    const last = recentLogLines(dataDir, 25).map((l) => (JSON.parse(l) as { msg: string }).msg)
    expect(last).toEqual(Array.from({ length: 25 }, (_, i) => `line ${35 + i}`))
  })

  it('never fails its caller when the folder cannot be written', async () => {
    const dataDir = tempDir('pos-log-')
    fs.writeFileSync(logDirOf(dataDir), 'a file where the folder should be')
    const echoed: string[] = []
    const log = openLog(dataDir, { echo: (msg) => echoed.push(msg) })
    expect(() => log.error('still said')).not.toThrow()
    await log.flush()
    await log.close()
    expect(echoed).toContain('still said')
  })
})
