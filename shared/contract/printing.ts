import { z } from 'zod'
import { none, spec } from './core'

export const PrinterConfigInput = z
  .object({
    uri: z
      .string()
      .trim()
      .min(1, 'enter a printer address')
      .max(300)
      .refine((v) => /^(tcp:\/\/[^\s:/]+:\d{1,5}|printer:.+|file:.+|\/.+|\\\\.+)$/.test(v), {
        message: 'use tcp://host:port, printer:NAME, or a device path',
      })
      .superRefine((v, ctx) => {
        const port = /^tcp:\/\/[^\s:/]+:(\d{1,5})$/.exec(v)?.[1]
        if (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535))
          ctx.addIssue({
            code: 'custom',
            message: `Port ${Number(port)} is not a network port: use 1 to 65535 (usually 9100). Nothing was saved.`,
          })
      }),
    type: z.enum(['epson', 'star']).default('epson'),
    width: z.number().int().min(32).max(64).default(42),
    timeout_ms: z.number().int().min(200).max(30000).default(3000),
    status_check: z.boolean().default(true),
  })
  .strict()

export type PrinterState = 'not_configured' | 'unknown' | 'ready' | 'error'

export interface PrinterConfig {
  uri: string
  type: 'epson' | 'star'
  width: number
  timeout_ms: number
  status_check: boolean
}

export interface ReceiptResult {
  printed: boolean
  error: string | null
  svg: string
}

export const printingPermissions = ['printer.configure'] as const

export const printingErrors = {
  PRINTER_NOT_CONFIGURED: 'PRINTER_NOT_CONFIGURED',
  PRINTER_REFUSED: 'PRINTER_REFUSED',
  PRINTER_TIMEOUT: 'PRINTER_TIMEOUT',
  PRINTER_CLOSED: 'PRINTER_CLOSED',
  PRINTER_ERROR: 'PRINTER_ERROR',
} as const

export const printingContract = {
  'printer-get': spec<PrinterConfig | null>()(none, 'session'),
  'printer-set': spec<PrinterConfig>()(PrinterConfigInput, 'printer.configure'),
  'printer-test': spec<{ printed: true; bytes: number }>()(none, 'printer.configure'),
} as const
