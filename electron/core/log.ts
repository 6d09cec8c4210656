import fs from 'node:fs'
import path from 'node:path'
import pino from 'pino'
import { createStream, type RotatingFileStream } from 'rotating-file-stream'
import { redact } from '../sync/errors'

/** What every domain's `log` callback is: a plain message, and an error or detail beside it. */
export type LogFn = (msg: string, detail?: unknown) => void

type Secrets = () => readonly (string | null | undefined)[]

/** The terminal's log: JSON lines in the data folder's logs/, rotated by size, every line redacted. */
export interface Logger {
  info: LogFn
  warn: LogFn
  error: LogFn
  /** Secrets known only at run time (the central password): removed verbatim from every line as well. */
  useSecrets(secrets: Secrets): void
  /** Resolves once every line logged so far is in the file. */
  flush(): Promise<void>
  close(): Promise<void>
  /** The folder of the log files; null when the log only echoes. */
  readonly dir: string | null
}

export const LOG_FILE = 'pos.log'
/** pos.log plus pos.log.1 (newest) to pos.log.5: at most 30 MB per terminal. */
const ROTATE_SIZE = '5M'
const ROTATED_FILES = 5

export const logDirOf = (dataDir: string) => path.join(dataDir, 'logs')

/** The default echo: the console, as before the log files, so development still sees every line. */
export const consoleEcho: LogFn = (msg, detail) => console.error(`[pos] ${msg}`, detail ?? '')

/**
 * Opens the log of a data folder (`dataDir` null: echo only). A log that cannot be written (a read-only or
 * full disk) never fails the caller: the line still reaches the echo.
 */
export function openLog(dataDir: string | null, opts: { echo?: LogFn | null; size?: string } = {}): Logger {
  let secrets: Secrets = () => []
  const clean = (text: string) => redact(text, [...secrets()])
  const echo = opts.echo === undefined ? consoleEcho : opts.echo
  const dir = dataDir ? logDirOf(dataDir) : null
  let stream: RotatingFileStream | null = null
  if (dir) {
    try {
      fs.mkdirSync(dir, { recursive: true })
      stream = createStream(LOG_FILE, { path: dir, size: opts.size ?? ROTATE_SIZE, rotate: ROTATED_FILES })
      stream.on('error', (err) => {
        stream = null
        echo?.('log file unwritable', clean(err.message))
      })
    } catch (err) {
      stream = null
      echo?.('log folder unwritable', clean((err as Error).message))
    }
  }
  const destination = {
    // The whole serialized line: a message, an error's text and its stack all pass the same redaction.
    write(line: string) {
      stream?.write(clean(line))
    },
  }
  const out = pino(
    {
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  )
  const at =
    (level: 'info' | 'warn' | 'error'): LogFn =>
    (msg, detail) => {
      const fields = describe(detail)
      out[level](fields ?? {}, msg)
      if (echo)
        echo(
          clean(msg),
          fields
            ? clean(fields.error ? (fields.error.stack ?? errorText(fields.error)) : String(fields.detail))
            : undefined,
        )
    }
  return {
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    dir,
    useSecrets(next) {
      secrets = next
    },
    flush() {
      const s = stream
      return s && !s.destroyed ? new Promise((resolve) => s.write('', () => resolve())) : Promise.resolve()
    },
    close() {
      const s = stream
      stream = null
      if (!s || s.destroyed) return Promise.resolve()
      return new Promise((resolve) => {
        s.once('finish', () => resolve())
        s.once('error', () => resolve())
        s.end()
      })
    },
  }
}

interface ErrorFields {
  type: string
  message: string
  code?: string | number
  stack?: string
  cause?: ErrorFields
}

/**
 * An error's own words only (its type, message, code, stack and causes), never its other properties: a
 * driver's error can carry the document it refused, and payloads never reach the log.
 */
function errorFields(err: Error, depth = 0): ErrorFields {
  const code = (err as { code?: unknown }).code
  const cause = (err as { cause?: unknown }).cause
  return {
    type: err.name,
    message: err.message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(err.stack ? { stack: err.stack } : {}),
    ...(cause instanceof Error && depth < 3 ? { cause: errorFields(cause, depth + 1) } : {}),
  }
}

function describe(detail: unknown): { error?: ErrorFields; detail?: string } | undefined {
  if (detail === undefined || detail === null || detail === '') return undefined
  // `error`, not pino's `err`: its serializer would add every property of the error back.
  if (detail instanceof Error) return { error: errorFields(detail) }
  // A plain value is said as it is; an object only by its kind, so no record's fields reach the log.
  if (typeof detail === 'object') return { detail: Object.prototype.toString.call(detail) }
  return { detail: String(detail) }
}

const errorText = (e: ErrorFields): string =>
  `${e.type}: ${e.message}${e.cause ? ` (cause: ${errorText(e.cause)})` : ''}`

/** The last `max` lines of the log, oldest first, read from pos.log and as many rotated files as it takes. */
export function recentLogLines(dataDir: string, max: number): string[] {
  const dir = logDirOf(dataDir)
  const lines: string[] = []
  for (let i = 0; i <= ROTATED_FILES && lines.length < max; i++) {
    const file = path.join(dir, i === 0 ? LOG_FILE : `${LOG_FILE}.${i}`)
    let text: string
    try {
      text = fs.readFileSync(file, 'utf8')
    } catch {
      continue
    }
    const own = text.split('\n').filter((l) => l.length > 0)
    lines.unshift(...own.slice(Math.max(0, own.length - (max - lines.length))))
  }
  return lines
}
