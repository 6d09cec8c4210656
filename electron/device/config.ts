import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { z } from 'zod'
import { CentralInput, PrinterConfigInput } from '../../shared/contract'

/**
 * The terminal config file IT provisions: one per machine, in a machine-wide
 * location, never next to the app (an update replaces the app's folder).
 */
export const TerminalConfig = z
  .object({
    store_number: z.number().int().min(0).max(9999).optional(),
    terminal_number: z.number().int().min(0).max(999).optional(),
    device_id: z.string().min(1).max(64).optional(),
    printer: PrinterConfigInput.optional(),
    /** Central MongoDB for first start; a connection saved in Settings replaces it. */
    central: CentralInput.optional(),
  })
  .passthrough()
export type TerminalConfig = z.infer<typeof TerminalConfig>

export function defaultConfigPath(platform = process.platform, env = process.env): string {
  if (env.POS_CONFIG) return env.POS_CONFIG
  if (platform === 'win32') return path.join(env.ProgramData ?? 'C:\\ProgramData', 'LotteryPOS', 'terminal.json')
  if (platform === 'darwin') return '/Library/Application Support/LotteryPOS/terminal.json'
  return '/etc/lottery-pos/terminal.json'
}

/** Missing file: null (the app runs on its embedded demo data). A broken file is an error IT must see. */
export function readTerminalConfig(file: string): TerminalConfig | null {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
  const parsed = TerminalConfig.safeParse(JSON.parse(text))
  if (!parsed.success) throw new Error(`terminal config ${file} is invalid: ${parsed.error.issues[0]?.message}`)
  return parsed.data
}

export function defaultDeviceId(terminalNumber: number): string {
  return `POS-${
    os
      .hostname()
      .replace(/[^A-Za-z0-9-]/g, '')
      .slice(0, 20) || 'TERMINAL'
  }-${String(terminalNumber).padStart(3, '0')}`
}
