import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { z } from 'zod'
import { CentralInput, PrinterConfigInput } from '../../shared/contract'
import { PosError } from '../../shared/errors'
import { checkPrinterAddress, discardDevice, parsePrinterUri } from '../printing/transport'

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM (24 hours)')

/**
 * The terminal config file IT provisions (terminal.json): one per machine, in a machine-wide location, never
 * next to the app (an update replaces the app's folder). Every key is known: a misspelt one is a problem the
 * check reports, not a setting silently ignored. The app and `npm run terminal:check` read it through this.
 */
export const TerminalConfig = z
  .object({
    store_number: z.number().int().min(0).max(9999).optional(),
    /**
     * Central's id of the store (`central:provision` prints it): a new terminal's store row takes it, so its sync
     * finds the store's users, games and stock. Without it a terminal that syncs has a store of its own no one
     * else knows, and nobody can log in.
     */
    store_id: z
      .string()
      .regex(/^[0-9a-fA-F]{24}$/, "store_id is the store's 24-character id, as central:provision prints it")
      .transform((s) => s.toLowerCase())
      .optional(),
    terminal_number: z.number().int().min(0).max(999).optional(),
    device_id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a device id is letters, digits, dots, dashes (up to 64)')
      .optional(),
    printer: PrinterConfigInput.optional(),
    /** Central MongoDB for first start; a connection saved in Settings replaces it. */
    central: CentralInput.optional(),
    /** A full-screen window the cashier cannot leave (Electron kiosk), for a dedicated till. */
    kiosk: z.boolean({ error: 'is true or false' }).optional(),
    /** Start the app when the terminal's user logs in to the computer. */
    start_at_login: z.boolean({ error: 'is true or false' }).optional(),
    /** Where updates come from (electron-updater's generic provider): the folder holding latest.yml. */
    updates: z
      .object({
        url: z
          .string()
          .url('updates.url is an address such as https://updates.example.com/pos/')
          .refine((u) => /^https:\/\//.test(u) || /^http:\/\/(localhost|127\.0\.0\.1)[:/]/.test(u), {
            message: 'updates.url must be https (plain http only on this machine)',
          })
          // A password in the address would sit in every diagnostics bundle and log line: the server is public.
          .refine((u) => !/^[a-z]+:\/\/[^/]*@/i.test(u), { message: 'updates.url must carry no user or password' }),
      })
      .strict()
      .optional(),
    /** Store time. Updates install outside these hours, or at a shift's close. */
    opening_hours: z.object({ open: HHMM, close: HHMM }).strict().optional(),
  })
  .strict()
export type TerminalConfig = z.infer<typeof TerminalConfig>

export function defaultConfigPath(platform = process.platform, env = process.env): string {
  if (env.POS_CONFIG) return env.POS_CONFIG
  if (platform === 'win32') return path.join(env.ProgramData ?? 'C:\\ProgramData', 'LotteryPOS', 'terminal.json')
  if (platform === 'darwin') return '/Library/Application Support/LotteryPOS/terminal.json'
  return '/etc/lottery-pos/terminal.json'
}

/** One thing wrong with the file: where (a dotted path, or '' for the whole file) and what. */
export interface ConfigProblem {
  path: string
  message: string
}

export interface ConfigCheck {
  file: string
  /** The file was found (a missing file is no problem: the app runs on its embedded demo data). */
  present: boolean
  config: TerminalConfig | null
  problems: ConfigProblem[]
}

/**
 * Every problem in a terminal config file, not just the first: JSON syntax, unknown keys, wrong types and
 * ranges, a printer address that is no printer. `dataDir`: the data folder no printer path may point into.
 */
export function checkTerminalFile(file: string, opts: { dataDir?: string | null } = {}): ConfigCheck {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { file, present: false, config: null, problems: [] }
    return {
      file,
      present: true,
      config: null,
      problems: [{ path: '', message: `cannot be read: ${(err as Error).message}` }],
    }
  }
  let raw: unknown
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (err) {
    return {
      file,
      present: true,
      config: null,
      problems: [{ path: '', message: `is not JSON: ${(err as Error).message}` }],
    }
  }
  const parsed = TerminalConfig.safeParse(raw)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i): ConfigProblem => {
      const where = i.path.join('.')
      if (i.code === 'unrecognized_keys')
        return {
          path: where,
          message: `unknown ${i.keys.length === 1 ? 'key' : 'keys'} ${i.keys.map((k) => `"${k}"`).join(', ')}`,
        }
      // The Settings screen's messages end by saying nothing was saved; a file is not saved, it is read.
      return { path: where, message: i.message.replace(/ Nothing was saved\.$/, '') }
    })
    return { file, present: true, config: null, problems }
  }
  const problems: ConfigProblem[] = []
  if (parsed.data.printer) {
    try {
      // The address must be a printer's; the printer itself may be off at boot (printing checks it each time).
      checkPrinterAddress(parsed.data.printer.uri, { dataDir: opts.dataDir, absentOk: true })
      const target = parsePrinterUri(parsed.data.printer.uri)
      const sink = target.kind === 'file' ? discardDevice(target.path) : null
      if (sink) problems.push({ path: 'printer.uri', message: sink })
    } catch (err) {
      problems.push({ path: 'printer.uri', message: (err as PosError).message.replace(/ Nothing was saved\.$/, '') })
    }
  }
  return { file, present: true, config: problems.length ? null : parsed.data, problems }
}

/** The report IT reads: the file and each problem on its own line. */
export function describeProblems(check: ConfigCheck): string {
  return [
    `The terminal config file ${check.file} has ${check.problems.length} ${check.problems.length === 1 ? 'problem' : 'problems'}:`,
    ...check.problems.map((p) => `  - ${p.path ? `${p.path}: ` : ''}${p.message}`),
  ].join('\n')
}

/** A config file with problems stops the terminal on a screen that lists them (recovery/host.ts). */
export class ConfigProblems extends Error {
  constructor(readonly check: ConfigCheck) {
    super(describeProblems(check))
    this.name = 'ConfigProblems'
  }
}

/** Missing file: null (the app runs on its embedded demo data). A file with problems: ConfigProblems. */
export function readTerminalConfig(file: string, opts: { dataDir?: string | null } = {}): TerminalConfig | null {
  const check = checkTerminalFile(file, opts)
  if (check.problems.length) throw new ConfigProblems(check)
  return check.config
}

export function defaultDeviceId(terminalNumber: number): string {
  return `POS-${
    os
      .hostname()
      .replace(/[^A-Za-z0-9-]/g, '')
      .slice(0, 20) || 'TERMINAL'
  }-${String(terminalNumber).padStart(3, '0')}`
}
