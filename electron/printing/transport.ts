import { spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import net from 'node:net'
import { fileURLToPath } from 'node:url'
import { PosError } from '../../shared/errors'

export interface SendOptions {
  timeoutMs: number
  /**
   * Ask the printer for its status (DLE EOT 1) before and after the job.
   * ESC/POS only: a Star printer in Star Line mode does not answer it, so it needs this off.
   */
  statusCheck: boolean
}

export type PrinterTarget =
  { kind: 'tcp'; host: string; port: number } | { kind: 'file'; path: string } | { kind: 'os'; name: string }

/** ESC/POS real-time "transmit printer status"; answered with one byte even mid-job. */
export const STATUS_REQUEST = Buffer.from([0x10, 0x04, 0x01])
/** Bit 3 of the printer-status byte is set while the printer is offline. */
const OFFLINE_BIT = 0x08

export function parsePrinterUri(uri: string): PrinterTarget {
  const value = uri.trim()
  const tcp = /^tcp:\/\/(\[[^\]]+\]|[^\s/:]+)(?::(\d{1,5}))?\/?$/i.exec(value)
  if (tcp) {
    const port = tcp[2] ? Number(tcp[2]) : 9100
    if (port < 1 || port > 65535) throw unknownUri(uri)
    return { kind: 'tcp', host: tcp[1].replace(/^\[|\]$/g, ''), port }
  }
  if (/^printer:.+/i.test(value)) return { kind: 'os', name: value.slice('printer:'.length) }
  if (/^file:\/\//i.test(value)) return { kind: 'file', path: fileURLToPath(value) }
  if (/^file:.+/i.test(value)) return { kind: 'file', path: value.slice('file:'.length) }
  if (value.startsWith('/') || value.startsWith('\\\\')) return { kind: 'file', path: value }
  throw unknownUri(uri)
}

function unknownUri(uri: string): PosError {
  return new PosError(
    'PRINTER_ERROR',
    `"${uri}" is not a printer address. Use tcp://host:port, printer:NAME or a device path.`,
  )
}

export async function sendToPrinter(uri: string, bytes: Buffer, opts: SendOptions): Promise<void> {
  const target = parsePrinterUri(uri)
  if (target.kind === 'tcp') return sendTcp(target.host, target.port, bytes, opts)
  if (target.kind === 'file') return sendFile(target.path, bytes, opts.timeoutMs)
  return sendOs(target.name, bytes, opts.timeoutMs)
}

function seconds(ms: number): string {
  const s = Math.round(ms / 100) / 10
  return `${s} second${s === 1 ? '' : 's'}`
}

function socketError(err: NodeJS.ErrnoException, where: string): PosError {
  switch (err.code) {
    case 'ECONNREFUSED':
      return new PosError('PRINTER_REFUSED', `The printer at ${where} refused the connection. Check it is switched on.`)
    case 'ECONNRESET':
    case 'EPIPE':
      return closedError(where)
    case 'ETIMEDOUT':
      return new PosError(
        'PRINTER_TIMEOUT',
        `The printer at ${where} did not answer. Check it is switched on and connected.`,
      )
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new PosError(
        'PRINTER_ERROR',
        `Cannot find the printer at ${where}. Check the printer address in Settings.`,
      )
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new PosError('PRINTER_ERROR', `Cannot reach the printer at ${where}. Check the network cable.`)
    default:
      return new PosError('PRINTER_ERROR', `Printing to ${where} failed (${err.code ?? err.message}).`)
  }
}

function closedError(where: string): PosError {
  return new PosError(
    'PRINTER_CLOSED',
    `The printer at ${where} hung up before confirming the ticket. Check paper and cover, then reprint.`,
  )
}

/**
 * One connection per job. With statusCheck the printer must answer a status
 * request before the job and another after it: the second answer proves it
 * read everything we sent, so a socket that accepts and closes, or accepts
 * and never answers, fails every time instead of depending on when the close
 * arrives. A single deadline covers connect, both answers and the write.
 */
function sendTcp(host: string, port: number, bytes: Buffer, opts: SendOptions): Promise<void> {
  const where = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
  return new Promise<void>((resolve, reject) => {
    type Stage = 'connect' | 'status' | 'confirm' | 'write'
    let stage: Stage = 'connect'
    let settled = false
    const socket = net.connect({ host, port })
    socket.setNoDelay(true)

    const finish = (err?: PosError) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      if (err) reject(err)
      else resolve()
    }

    const timer = setTimeout(() => {
      const what = stage === 'connect' ? 'did not accept the connection' : 'did not answer'
      finish(
        new PosError(
          'PRINTER_TIMEOUT',
          `The printer at ${where} ${what} within ${seconds(opts.timeoutMs)}. Check it is switched on and has paper.`,
        ),
      )
    }, opts.timeoutMs)

    socket.on('error', (err: NodeJS.ErrnoException) => finish(socketError(err, where)))
    // Any close we did not ask for is the printer hanging up mid-exchange.
    socket.on('end', () => finish(closedError(where)))
    socket.on('close', () => finish(closedError(where)))

    socket.on('connect', () => {
      if (opts.statusCheck) {
        stage = 'status'
        socket.write(STATUS_REQUEST)
      } else {
        stage = 'write'
        socket.end(bytes, () => finish())
      }
    })

    socket.on('data', (chunk: Buffer) => {
      if (!opts.statusCheck || settled) return
      // A job may echo more than one status byte; the last one is the freshest.
      const status = chunk[chunk.length - 1]
      if (status & OFFLINE_BIT) {
        finish(
          new PosError(
            'PRINTER_ERROR',
            `The printer at ${where} is offline: check the cover is closed and it has paper, then reprint.`,
          ),
        )
      } else if (stage === 'status') {
        stage = 'confirm'
        socket.write(Buffer.concat([bytes, STATUS_REQUEST]))
      } else if (stage === 'confirm') {
        socket.end()
        finish()
      }
    })
  })
}

function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => PosError): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms)
  })
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer))
}

/**
 * Device nodes (/dev/usb/lp0), spool files and Windows shares (\\host\printer)
 * all take the raw bytes as a file write. A write stuck in a dead USB driver
 * cannot be cancelled from Node, so the deadline only stops us waiting for it.
 */
async function sendFile(path: string, bytes: Buffer, timeoutMs: number): Promise<void> {
  const timeout = () =>
    new PosError('PRINTER_TIMEOUT', `The printer at ${path} did not take the ticket within ${seconds(timeoutMs)}.`)
  try {
    await withTimeout(writeFile(path, bytes), timeoutMs, timeout)
  } catch (err) {
    if (err instanceof PosError) throw err
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENXIO' || code === 'ENODEV')
      throw new PosError('PRINTER_ERROR', `No printer found at ${path}. Check the cable and the address in Settings.`)
    if (code === 'EACCES' || code === 'EPERM')
      throw new PosError(
        'PRINTER_ERROR',
        `This computer is not allowed to print to ${path}. Ask a manager to check access.`,
      )
    if (code === 'EBUSY') throw new PosError('PRINTER_ERROR', `The printer at ${path} is busy. Try again in a moment.`)
    throw new PosError('PRINTER_ERROR', `Printing to ${path} failed (${code ?? (err as Error).message}).`)
  }
}

/**
 * `printer:NAME` goes through the OS spooler. On Linux and macOS that is CUPS'
 * `lp` with `-o raw`, so the ESC/POS bytes reach the printer untouched. On
 * Windows a raw job needs the spooler API (OpenPrinter/WritePrinter), which
 * takes a native driver this build does not ship; such printers must be set
 * up as tcp:// or as a \\host\share path instead.
 */
function sendOs(name: string, bytes: Buffer, timeoutMs: number): Promise<void> {
  if (process.platform === 'win32') {
    return Promise.reject(
      new PosError(
        'PRINTER_ERROR',
        `Printing to "${name}" by printer name needs the Windows printer driver, which is not available in this build. Share the printer and use \\\\computer\\${name}, or use its network address.`,
      ),
    )
  }
  return new Promise<void>((resolve, reject) => {
    let settled = false
    let stderr = ''
    const child = spawn('lp', ['-d', name, '-o', 'raw'], { stdio: ['pipe', 'ignore', 'pipe'] })
    const finish = (err?: PosError) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (err) {
        if (child.exitCode === null) child.kill()
        reject(err)
      } else resolve()
    }
    const timer = setTimeout(
      () =>
        finish(
          new PosError(
            'PRINTER_TIMEOUT',
            `The system printer "${name}" did not take the ticket within ${seconds(timeoutMs)}.`,
          ),
        ),
      timeoutMs,
    )
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (s: string) => {
      if (stderr.length < 2000) stderr += s
    })
    child.on('error', (err: NodeJS.ErrnoException) =>
      finish(
        new PosError(
          'PRINTER_ERROR',
          err.code === 'ENOENT'
            ? `Cannot print to "${name}": the system print service (CUPS "lp") is not installed.`
            : `Cannot print to "${name}": ${err.message}`,
        ),
      ),
    )
    // lp exiting early closes its stdin; the exit code below carries the real reason.
    child.stdin.on('error', () => {})
    child.on('close', (code) => {
      if (code === 0) finish()
      else
        finish(
          new PosError(
            'PRINTER_ERROR',
            `The system printer "${name}" refused the job: ${stderr.trim() || `lp exited with code ${code}`}`,
          ),
        )
    })
    child.stdin.end(bytes)
  })
}
