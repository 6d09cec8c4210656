import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { closedPortUri, startFakePrinter, type FakePrinter } from '../../tests/support/fake-printer'
import { parsePrinterUri, sendToPrinter, STATUS_REQUEST } from './transport'

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

  it('gives up on a printer that never answers within about the timeout', async () => {
    printer = await startFakePrinter({ mode: 'hang' })
    const started = performance.now()
    const err = await failure(sendToPrinter(printer.uri, job, { timeoutMs: 300, statusCheck: true }))
    const elapsed = performance.now() - started
    expect(err.code).toBe('PRINTER_TIMEOUT')
    expect(err.message).toContain('did not answer within 0.3 seconds')
    expect(elapsed).toBeGreaterThanOrEqual(290)
    expect(elapsed).toBeLessThan(1000)
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

describe('sendToPrinter to a device path', () => {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pos-print-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('writes the bytes to a bare path and to a file: address', async () => {
    const bare = join(dir, 'lp0')
    await sendToPrinter(bare, job, noCheck)
    expect((await readFile(bare)).equals(job)).toBe(true)
    const prefixed = join(dir, 'lp1')
    await sendToPrinter(`file:${prefixed}`, job, noCheck)
    expect((await readFile(prefixed)).equals(job)).toBe(true)
  })

  it('says no printer is there when the device does not exist', async () => {
    const err = await failure(sendToPrinter(join(dir, 'missing', 'lp0'), job, noCheck))
    expect(err.code).toBe('PRINTER_ERROR')
    expect(err.message).toContain('No printer found at')
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
})
