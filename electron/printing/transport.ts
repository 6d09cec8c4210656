import { within } from '../core/paths'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import { open } from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PosError } from '../../shared/errors'

export interface SendOptions {
  timeoutMs: number
  /**
   * Ask the printer for its status (DLE EOT 1) before and after the job.
   * ESC/POS only: a Star printer in Star Line mode does not answer it, so it needs this off.
   */
  statusCheck: boolean
  /** The terminal's data folder (database, keys): a device path inside it is refused. */
  dataDir?: string | null
  /** Arms the job's deadline (default: a real timer); tests fire it themselves instead of waiting. */
  deadline?: Deadline
  /**
   * Called once, right before the first byte of the job itself is handed to the connection, device or
   * spooler (a status request is not the job). A failure before it means nothing of the job can be on
   * paper; if it throws, nothing is sent.
   */
  onSend?: () => void
}

/** Calls `expire` once `ms` have passed; the returned function disarms it. */
export type Deadline = (expire: () => void, ms: number) => () => void

const realDeadline: Deadline = (expire, ms) => {
  const timer = setTimeout(expire, ms)
  return () => clearTimeout(timer)
}

export type PrinterTarget =
  { kind: 'tcp'; host: string; port: number } | { kind: 'file'; path: string } | { kind: 'os'; name: string }

/** ESC/POS real-time "transmit printer status"; answered with one byte even mid-job. */
export const STATUS_REQUEST = Buffer.from([0x10, 0x04, 0x01])
/** Bit 3 of the printer-status byte is set while the printer is offline. */
const OFFLINE_BIT = 0x08

export function parsePrinterUri(uri: string): PrinterTarget {
  const value = uri.trim()
  const tcp = /^tcp:\/\/(\[[^\]]+\]|[^\s/:]+)(?::(\d+))?\/?$/i.exec(value)
  if (tcp) {
    const port = tcp[2] ? Number(tcp[2]) : 9100
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new PosError(
        'PRINTER_ERROR',
        `Port ${tcp[2]} is not a network port: use 1 to 65535 (a network printer usually listens on 9100).`,
      )
    return { kind: 'tcp', host: tcp[1].replace(/^\[|\]$/g, ''), port }
  }
  if (/^printer:.+/i.test(value)) return { kind: 'os', name: value.slice('printer:'.length) }
  if (/^file:\/\//i.test(value)) {
    try {
      return { kind: 'file', path: fileURLToPath(value) }
    } catch {
      throw unknownUri(uri)
    }
  }
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

const EXAMPLE =
  process.platform === 'win32' ? 'a printer share such as \\\\computer\\printer' : 'a device such as /dev/usb/lp0'
/** `\\server\printer` (or the port `\\.\COM1`, `\\.\LPT1`): a share or port, never a file below one. */
const WINDOWS_SHARE = /^\\\\(?:\.\\(?:COM|LPT)\d+|[^\\/?.][^\\/?]*\\[^\\/?]+)\\?$/i

function realOrResolved(p: string): string[] {
  const resolved = path.resolve(p)
  try {
    return [resolved, fs.realpathSync.native(resolved)]
  } catch {
    return [resolved]
  }
}

function notAPrinter(what: string, file: string): string {
  return `That path is ${what}, not a printer. ${file} cannot take tickets; use ${EXAMPLE}, a network address (tcp://host:9100) or printer:NAME.`
}

/**
 * Why a device path is not a printer, or null when it is one: a character
 * device (a Windows printer share on Windows), never a regular file, a folder,
 * something inside the terminal's data folder, or a path that does not exist.
 * Only looks (stat); it never opens, creates or changes anything.
 */
export function deviceProblem(file: string, dataDir?: string | null, absentOk = false): string | null {
  if (process.platform === 'win32') {
    if (!WINDOWS_SHARE.test(file)) return `${file} is not a printer share. On Windows use ${EXAMPLE}.`
  } else {
    if (file.startsWith('\\\\'))
      return `${file} is a Windows printer share, which this computer cannot print to. Use ${EXAMPLE} or printer:NAME.`
    if (!path.isAbsolute(file)) return `Use the full path of the printer device, such as /dev/usb/lp0, not ${file}.`
  }
  // Windows: a share's type is known only once it is open (sendFile checks it is not a folder).
  let st: fs.Stats | null = null
  let failure: NodeJS.ErrnoException | null = null
  if (process.platform !== 'win32') {
    try {
      st = fs.statSync(file)
    } catch (err) {
      failure = err as NodeJS.ErrnoException
    }
  }
  const kind = st && statProblem(st, file)
  if (kind) return kind
  if (dataDir) {
    const dirs = realOrResolved(dataDir)
    if (realOrResolved(file).some((f) => dirs.some((d) => within(d, f))))
      return notAPrinter("inside the terminal's data folder", file)
  }
  if (!failure) return null
  // A terminal file's printer that is switched off or unplugged is not wrong: printing checks it each time. Only a
  // device's path can come and go so; anywhere else, a path that is not there is a mistake.
  if (absentOk && (process.platform === 'win32' || file.startsWith('/dev/'))) return null
  if (failure.code === 'ENOENT' || failure.code === 'ENOTDIR')
    return `No printer found at ${file}. Check the cable and the address in Settings.`
  if (failure.code === 'EACCES' || failure.code === 'EPERM')
    return `This computer is not allowed to print to ${file}. Ask a manager to check access.`
  return `Cannot check the printer at ${file} (${failure.code ?? failure.message}).`
}

/**
 * A device that swallows whatever is written (/dev/null, /dev/zero, /dev/full; on Linux every memory device,
 * major 1): a terminal file naming one prints nothing and says it printed. terminal:check and the boot refuse
 * it; the Settings screen does not, where the manager's test print brings out no paper (docs/decisions.md).
 */
export function discardDevice(file: string): string | null {
  if (process.platform === 'win32') return null
  let st: fs.Stats
  try {
    st = fs.statSync(file)
  } catch {
    return null
  }
  if (!st.isCharacterDevice()) return null
  const linuxMemory = process.platform === 'linux' && ((st.rdev >> 8) & 0xfff) === 1
  const sink = ['/dev/null', '/dev/zero', '/dev/full'].some((d) => {
    try {
      return fs.statSync(d).rdev === st.rdev
    } catch {
      return false
    }
  })
  if (!linuxMemory && !sink) return null
  return `${file} is a device that discards what is written to it, not a printer: tickets sent there vanish. Use ${EXAMPLE}, a network address (tcp://host:9100) or printer:NAME.`
}

function statProblem(st: fs.Stats, file: string): string | null {
  if (st.isCharacterDevice()) return null
  if (st.isFile()) return notAPrinter('a file', file)
  if (st.isDirectory()) return notAPrinter('a folder', file)
  if (st.isBlockDevice()) return notAPrinter('a disk', file)
  return notAPrinter(st.isFIFO() ? 'a pipe' : st.isSocket() ? 'a socket' : 'not a device', file)
}

/**
 * Checks a printer address before it is saved: the form parses (a tcp port
 * is 1 to 65535) and a device path names a printer device. Throws the
 * reason as a VALIDATION error; touches nothing.
 */
export function checkPrinterAddress(uri: string, opts: { dataDir?: string | null; absentOk?: boolean } = {}): void {
  let target: PrinterTarget
  try {
    target = parsePrinterUri(uri)
  } catch (err) {
    throw new PosError('VALIDATION', `${(err as Error).message} Nothing was saved.`)
  }
  if (target.kind !== 'file') return
  const problem = deviceProblem(target.path, opts.dataDir, opts.absentOk)
  if (problem) throw new PosError('VALIDATION', `${problem} Nothing was saved.`)
}

export async function sendToPrinter(uri: string, bytes: Buffer, opts: SendOptions): Promise<void> {
  const target = parsePrinterUri(uri)
  if (target.kind === 'tcp') return sendTcp(target.host, target.port, bytes, opts)
  const deadline = opts.deadline ?? realDeadline
  const onSend = opts.onSend ?? (() => {})
  if (target.kind === 'file') return sendFile(target.path, bytes, opts.timeoutMs, deadline, opts.dataDir, onSend)
  return sendOs(target.name, bytes, opts.timeoutMs, deadline, onSend)
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
    let disarm = () => {}
    const socket = net.connect({ host, port })
    socket.setNoDelay(true)
    /** The job's first byte goes out now: the caller is told first, and a caller that fails stops it. */
    const sending = (): boolean => {
      try {
        opts.onSend?.()
        return true
      } catch (err) {
        finish(err instanceof PosError ? err : new PosError('PRINTER_ERROR', `Printing failed: ${String(err)}`))
        return false
      }
    }

    const finish = (err?: PosError) => {
      if (settled) return
      settled = true
      disarm()
      socket.destroy()
      if (err) reject(err)
      else resolve()
    }

    disarm = (opts.deadline ?? realDeadline)(() => {
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
      } else if (sending()) {
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
        if (!sending()) return
        stage = 'confirm'
        socket.write(Buffer.concat([bytes, STATUS_REQUEST]))
      } else if (stage === 'confirm') {
        socket.end()
        finish()
      }
    })
  })
}

function withTimeout<T>(work: Promise<T>, ms: number, deadline: Deadline, onTimeout: () => PosError): Promise<T> {
  let disarm = () => {}
  const expired = new Promise<never>((_, reject) => {
    disarm = deadline(() => reject(onTimeout()), ms)
  })
  return Promise.race([work, expired]).finally(() => disarm())
}

// Open an existing device for writing: never create, never truncate; no controlling terminal from a serial port.
const DEVICE_FLAGS = fs.constants.O_WRONLY | (fs.constants.O_NOCTTY ?? 0)

/**
 * Device nodes (/dev/usb/lp0) and Windows shares (\\host\printer) take the
 * raw bytes as a write. The path is checked first (a character device, not
 * inside the data folder), opened without O_CREAT or O_TRUNC, and checked
 * again on the open descriptor, so a file put there in between is closed
 * untouched. A write stuck in a dead USB driver cannot be cancelled from
 * Node, so the deadline only stops us waiting for it.
 */
async function sendFile(
  file: string,
  bytes: Buffer,
  timeoutMs: number,
  deadline: Deadline,
  dataDir: string | null | undefined,
  onSend: () => void,
): Promise<void> {
  const problem = deviceProblem(file, dataDir)
  if (problem) throw new PosError('PRINTER_ERROR', problem)
  const timeout = () =>
    new PosError('PRINTER_TIMEOUT', `The printer at ${file} did not take the ticket within ${seconds(timeoutMs)}.`)
  // Once the deadline has fired the job is reported failed with nothing sent: an open or stat that returns
  // later must not write the ticket after all (it would be on paper while recorded as never sent).
  let abandoned = false
  const write = async () => {
    const handle = await open(file, DEVICE_FLAGS)
    try {
      const st = await handle.stat()
      const opened =
        process.platform === 'win32' ? (st.isDirectory() ? notAPrinter('a folder', file) : null) : statProblem(st, file)
      if (opened) throw new PosError('PRINTER_ERROR', opened)
      if (abandoned) return
      onSend()
      for (let at = 0; at < bytes.length;) at += (await handle.write(bytes, at, bytes.length - at)).bytesWritten
    } finally {
      await handle.close()
    }
  }
  try {
    await withTimeout(write(), timeoutMs, deadline, () => {
      abandoned = true
      return timeout()
    })
  } catch (err) {
    if (err instanceof PosError) throw err
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENXIO' || code === 'ENODEV')
      throw new PosError('PRINTER_ERROR', `No printer found at ${file}. Check the cable and the address in Settings.`)
    if (code === 'EACCES' || code === 'EPERM')
      throw new PosError(
        'PRINTER_ERROR',
        `This computer is not allowed to print to ${file}. Ask a manager to check access.`,
      )
    if (code === 'EBUSY') throw new PosError('PRINTER_ERROR', `The printer at ${file} is busy. Try again in a moment.`)
    throw new PosError('PRINTER_ERROR', `Printing to ${file} failed (${code ?? (err as Error).message}).`)
  }
}

/**
 * `printer:NAME` goes through the OS spooler. On Linux and macOS that is CUPS'
 * `lp` with `-o raw`, so the ESC/POS bytes reach the printer untouched. On
 * Windows a raw job needs the spooler API (OpenPrinter/WritePrinter), which
 * takes a native driver this build does not ship; such printers must be set
 * up as tcp:// or as a \\host\share path instead.
 */
function sendOs(name: string, bytes: Buffer, timeoutMs: number, deadline: Deadline, onSend: () => void): Promise<void> {
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
    let disarm = () => {}
    let stderr = ''
    const child = spawn('lp', ['-d', name, '-o', 'raw'], { stdio: ['pipe', 'ignore', 'pipe'] })
    const finish = (err?: PosError) => {
      if (settled) return
      settled = true
      disarm()
      if (err) {
        if (child.exitCode === null) child.kill()
        reject(err)
      } else resolve()
    }
    disarm = deadline(
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
    try {
      // The spooler may print whatever reaches it, even if lp fails afterwards.
      onSend()
    } catch (err) {
      finish(err instanceof PosError ? err : new PosError('PRINTER_ERROR', `Printing failed: ${String(err)}`))
      return
    }
    child.stdin.end(bytes)
  })
}
