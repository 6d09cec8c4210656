import { execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { closedPortUri, startFakePrinter, type FakePrinter } from '../../tests/support/fake-printer'
import { checkPrinterAddress, parsePrinterUri, sendToPrinter, STATUS_REQUEST, type Deadline } from './transport'

const job = Buffer.from('\x1b@TICKET 0001-001-0000000042-7\n\x1dV\x00', 'latin1')
const withCheck = { timeoutMs: 2000, statusCheck: true }
const noCheck = { timeoutMs: 2000, statusCheck: false }

let printer: FakePrinter | null = null
afterEach(async () => {
  await printer?.close()
  printer = null
})

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise
  } catch (err) {
    return err as { code: string; message: string }
  }
  throw new Error('expected the print to fail')
}

describe('sendToPrinter over tcp', () => {
  it('delivers the job between two status checks to a printer that answers', async () => {
    printer = await startFakePrinter({ mode: 'ok' })
    await sendToPrinter(printer.uri, job, withCheck)
    expect(printer.received()).toEqual(Buffer.concat([STATUS_REQUEST, job, STATUS_REQUEST]))
    expect(printer.statusReplies()).toBe(2)
  })

  it('delivers the bare job without status checks', async () => {
    printer = await startFakePrinter({ mode: 'ok' })
    await sendToPrinter(printer.uri, job, noCheck)
    expect((await printer.waitForBytes('0001-001-0000000042-7')).equals(job)).toBe(true)
  })

  it('reports a refused connection in words a cashier understands', async () => {
    const uri = await closedPortUri()
    const err = await failure(sendToPrinter(uri, job, withCheck))
    expect(err.code).toBe('PRINTER_REFUSED')
    expect(err.message).toBe(
      `The printer at ${uri.slice('tcp://'.length)} refused the connection. Check it is switched on.`,
    )
  })

  it('gives up on a printer that never answers when its timeout passes, and not before', async () => {
    printer = await startFakePrinter({ mode: 'hang' })
    // The test plays the clock: the deadline passes when the test says so, not after real milliseconds.
    const armed: number[] = []
    let expire = () => {}
    const deadline: Deadline = (fire, ms) => {
      armed.push(ms)
      expire = fire
      return () => {}
    }
    let settled = false
    const sending = failure(sendToPrinter(printer.uri, job, { timeoutMs: 300, statusCheck: true, deadline })).finally(
      () => (settled = true),
    )
    // The status request arrived and goes unanswered: still waiting, since the 300 ms have not passed.
    await printer.waitForBytes(STATUS_REQUEST)
    expect(armed).toEqual([300])
    expect(settled).toBe(false)
    expire()
    const err = await sending
    expect(err.code).toBe('PRINTER_TIMEOUT')
    expect(err.message).toContain('did not answer within 0.3 seconds')
    // It never got the job: the status request went unanswered first.
    expect(printer.received().includes('TICKET')).toBe(false)
  })

  // Repeated, because the point is that the outcome does not depend on when the close arrives.
  it('fails every time when the printer accepts and hangs up at once', async () => {
    printer = await startFakePrinter({ mode: 'close-on-connect' })
    for (let i = 0; i < 20; i++) {
      const err = await failure(sendToPrinter(printer.uri, job, withCheck))
      expect(err.code).toBe('PRINTER_CLOSED')
    }
  })

  it('fails every time when the printer hangs up before confirming the job', async () => {
    printer = await startFakePrinter({ mode: 'close-after-status' })
    for (let i = 0; i < 20; i++) {
      const err = await failure(sendToPrinter(printer.uri, job, withCheck))
      expect(err.code).toBe('PRINTER_CLOSED')
      expect(err.message).toContain('hung up before confirming the ticket')
    }
  })

  it('does not send the job to a printer that reports itself offline', async () => {
    printer = await startFakePrinter({ mode: 'offline' })
    const err = await failure(sendToPrinter(printer.uri, job, withCheck))
    expect(err.code).toBe('PRINTER_ERROR')
    expect(err.message).toContain('offline')
    expect(printer.received().includes('TICKET')).toBe(false)
  })
})

/**
 * A pseudo-terminal in raw mode: a real character device whose other end the
 * test reads, so the bytes a device write delivers can be compared.
 */
async function openPty(expected: number): Promise<{ path: string; received: Promise<Buffer> }> {
  const script = [
    'import os, pty, sys, tty',
    'm, s = pty.openpty()',
    'tty.setraw(s)',
    'print(os.ttyname(s), flush=True)',
    'n = int(sys.argv[1]); buf = b""',
    'while len(buf) < n: buf += os.read(m, n - len(buf))',
    'sys.stdout.write(buf.hex()); sys.stdout.flush()',
  ].join('\n')
  const child = spawn('python3', ['-c', script, String(expected)], { stdio: ['ignore', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout })
  const iter = lines[Symbol.asyncIterator]()
  const first = await iter.next()
  const received = (async () => {
    const rest = await iter.next()
    return Buffer.from(String(rest.value ?? ''), 'hex')
  })()
  return { path: String(first.value), received }
}

const hasPty =
  process.platform !== 'win32' &&
  existsSync('/dev/ptmx') &&
  (() => {
    try {
      execFileSync('python3', ['-c', 'import pty'], { stdio: 'ignore' })
      return true
    } catch {
      return false
    }
  })()

describe.skipIf(process.platform === 'win32')('sendToPrinter to a device path', () => {
  let dir = ''
  let dataDir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pos-print-'))
    dataDir = join(dir, 'data')
    await mkdir(dataDir)
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('writes to a character device, as a bare path and as file: and file:// addresses', async () => {
    for (const uri of ['/dev/null', 'file:/dev/null', 'file:///dev/null']) await sendToPrinter(uri, job, noCheck)
  })

  it.skipIf(!hasPty)('never writes a job its deadline gave up on, even when the device opens afterwards', async () => {
    // The deadline passes at once, while the open is still on its way: the job is failed with nothing sent.
    const marker = Buffer.from('MARKER-AFTER')
    const pty = await openPty(marker.length)
    const sent: string[] = []
    const expired: Deadline = (fire) => {
      queueMicrotask(fire)
      return () => {}
    }
    const err = await failure(
      sendToPrinter(pty.path, job, { ...noCheck, deadline: expired, onSend: () => sent.push('job') }),
    )
    expect(err.code).toBe('PRINTER_TIMEOUT')
    // A later job on the same device: the device gets its bytes and only them, and the first never said it sent.
    await sendToPrinter(pty.path, marker, noCheck)
    expect((await pty.received).toString('latin1')).toBe('MARKER-AFTER')
    expect(sent).toEqual([])
  })

  it.skipIf(!hasPty)('delivers every byte to the device', async () => {
    const pty = await openPty(job.length)
    await sendToPrinter(pty.path, job, noCheck)
    expect((await pty.received).equals(job)).toBe(true)
  })

  it('refuses a regular file in every address form and leaves its bytes as they were', async () => {
    const file = join(dir, 'pos.sqlite')
    const before = Buffer.from('SQLite format 3\0 the terminal database')
    await writeFile(file, before)
    for (const uri of [file, `file:${file}`, pathToFileURL(file).href]) {
      const err = await failure(sendToPrinter(uri, job, noCheck))
      expect(err.code).toBe('PRINTER_ERROR')
      expect(err.message).toMatch(/^That path is a file, not a printer\./)
    }
    expect((await readFile(file)).equals(before)).toBe(true)
  })

  it('refuses a folder, a pipe and a relative path', async () => {
    expect((await failure(sendToPrinter(dir, job, noCheck))).message).toMatch(/^That path is a folder, not a printer/)
    const fifo = join(dir, 'fifo')
    execFileSync('mkfifo', [fifo])
    // Opening a pipe nobody reads would block; it is refused before it is opened.
    expect((await failure(sendToPrinter(fifo, job, noCheck))).message).toMatch(/^That path is a pipe, not a printer/)
    expect((await failure(sendToPrinter('file:lp0', job, noCheck))).message).toMatch(/full path/)
    expect(existsSync('lp0')).toBe(false)
  })

  it('says no printer is there when the device does not exist, and creates nothing', async () => {
    const missing = join(dir, 'lp0')
    const err = await failure(sendToPrinter(missing, job, noCheck))
    expect(err.code).toBe('PRINTER_ERROR')
    expect(err.message).toContain('No printer found at')
    expect(existsSync(missing)).toBe(false)
    expect((await failure(sendToPrinter(join(dir, 'missing', 'lp0'), job, noCheck))).message).toContain(
      'No printer found at',
    )
  })

  it('refuses anything inside the data folder, even a device linked there; a link pointing in is still a file', async () => {
    const db = join(dataDir, 'pos.sqlite')
    const before = Buffer.from('SQLite format 3\0')
    await writeFile(db, before)
    await symlink('/dev/null', join(dataDir, 'printer'))
    await symlink(db, join(dir, 'innocent-lp0'))
    for (const target of [db, join(dir, 'innocent-lp0')]) {
      const err = await failure(sendToPrinter(target, job, { ...noCheck, dataDir }))
      expect(err.message, target).toMatch(/^That path is a file, not a printer/)
    }
    for (const target of [join(dataDir, 'printer'), join(dataDir, 'new-lp0')]) {
      const err = await failure(sendToPrinter(target, job, { ...noCheck, dataDir }))
      expect(err.message, target).toMatch(/inside the terminal's data folder, not a printer/)
    }
    expect((await readFile(db)).equals(before)).toBe(true)
    expect(existsSync(join(dataDir, 'new-lp0'))).toBe(false)
    await sendToPrinter('/dev/null', job, { ...noCheck, dataDir })
  })

  it('checks an address before it is saved, touching nothing', async () => {
    const file = join(dir, 'notes.txt')
    await writeFile(file, 'keep me')
    expect(() => checkPrinterAddress(file)).toThrow(/That path is a file, not a printer/)
    expect(() => checkPrinterAddress(dir)).toThrow(/That path is a folder, not a printer/)
    expect(() => checkPrinterAddress(join(dir, 'lp9'))).toThrow(/No printer found/)
    expect(() => checkPrinterAddress(join(dataDir, 'printer'), { dataDir })).toThrow(/data folder/)
    expect(() => checkPrinterAddress('\\\\shop-pc\\receipt')).toThrow(/Windows printer share/)
    expect(() => checkPrinterAddress('/dev/null', { dataDir })).not.toThrow()
    expect(() => checkPrinterAddress('tcp://10.0.0.7:9100')).not.toThrow()
    expect(await readFile(file, 'utf8')).toBe('keep me')
    expect(existsSync(join(dir, 'lp9'))).toBe(false)
  })
})

describe.skipIf(process.platform === 'win32')('sendToPrinter to an OS printer', () => {
  let dir = ''
  const originalPath = process.env.PATH
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pos-lp-'))
    // A stand-in for CUPS' lp: records its arguments and input, and refuses one printer like lp does.
    const script = `#!/bin/sh
if [ "$2" = "Missing" ]; then echo 'lp: The printer or class does not exist.' >&2; exit 1; fi
echo "$@" > "${dir}/args"
cat > "${dir}/job"
`
    await writeFile(join(dir, 'lp'), script)
    await chmod(join(dir, 'lp'), 0o755)
    process.env.PATH = `${dir}:${originalPath}`
  })
  afterAll(async () => {
    process.env.PATH = originalPath
    await rm(dir, { recursive: true, force: true })
  })

  it('pipes the raw bytes to lp for printer:NAME', async () => {
    await sendToPrinter('printer:Counter_Epson', job, noCheck)
    expect((await readFile(join(dir, 'args'), 'utf8')).trim()).toBe('-d Counter_Epson -o raw')
    expect((await readFile(join(dir, 'job'))).equals(job)).toBe(true)
  })

  it("passes on lp's own message when it refuses", async () => {
    const err = await failure(sendToPrinter('printer:Missing', job, noCheck))
    expect(err.code).toBe('PRINTER_ERROR')
    expect(err.message).toContain('The printer or class does not exist.')
  })
})

describe('parsePrinterUri', () => {
  it('understands every address form the settings screen accepts', () => {
    expect(parsePrinterUri('tcp://10.0.0.7:9100')).toEqual({ kind: 'tcp', host: '10.0.0.7', port: 9100 })
    expect(parsePrinterUri('tcp://printer.local')).toEqual({ kind: 'tcp', host: 'printer.local', port: 9100 })
    expect(parsePrinterUri('printer:Counter Epson')).toEqual({ kind: 'os', name: 'Counter Epson' })
    expect(parsePrinterUri('file:/dev/usb/lp0')).toEqual({ kind: 'file', path: '/dev/usb/lp0' })
    expect(parsePrinterUri('/dev/usb/lp0')).toEqual({ kind: 'file', path: '/dev/usb/lp0' })
    expect(parsePrinterUri('\\\\shop-pc\\receipt')).toEqual({ kind: 'file', path: '\\\\shop-pc\\receipt' })
  })

  it('refuses anything else with a hint', () => {
    expect(() => parsePrinterUri('http://printer')).toThrow(/tcp:\/\/host:port/)
  })

  it('refuses a port outside 1 to 65535, with the range in the message', () => {
    for (const port of ['0', '65536', '99999', '123456']) {
      expect(() => parsePrinterUri(`tcp://10.0.0.7:${port}`), port).toThrow(
        `Port ${port} is not a network port: use 1 to 65535`,
      )
      expect(() => checkPrinterAddress(`tcp://10.0.0.7:${port}`), port).toThrow(/use 1 to 65535/)
    }
    expect(parsePrinterUri('tcp://10.0.0.7:65535')).toMatchObject({ port: 65535 })
    expect(parsePrinterUri('tcp://10.0.0.7:1')).toMatchObject({ port: 1 })
  })
})
