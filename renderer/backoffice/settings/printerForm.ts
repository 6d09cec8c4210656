import type { z } from 'zod'
import { contract, type PrinterConfig } from '../../../shared/contract'
import type { PosErrorShape } from '../../../shared/errors'
import { contractResolver } from '../../forms/contractForm'

/** The printer form is validated by printer-set's own schema: a bad port gets the backend's message. */
export const printerSchema = contract['printer-set'].args
export type PrinterValues = z.input<typeof printerSchema>

export const printerDefaults: PrinterValues = {
  uri: '',
  type: 'epson',
  width: 42,
  timeout_ms: 3000,
  status_check: true,
}

export const toPrinterValues = (c: PrinterConfig): PrinterValues => ({
  uri: c.uri,
  type: c.type,
  width: c.width,
  timeout_ms: c.timeout_ms,
  status_check: c.status_check,
})

/** What useForm is given; tests drive the same options without a browser. */
export const printerFormOptions = {
  resolver: contractResolver(printerSchema),
  defaultValues: printerDefaults,
}

/** Field messages from the backend's VALIDATION details, whichever of zod's shapes it sends. */
export function fieldErrors(error: PosErrorShape): Partial<Record<string, string>> {
  const out: Partial<Record<string, string>> = {}
  const d = error.details ?? {}
  const issues = Array.isArray(d.issues) ? d.issues : []
  for (const i of issues as { path?: unknown; message?: unknown }[]) {
    const path = Array.isArray(i.path) ? i.path[0] : typeof i.path === 'string' ? i.path.split('.')[0] : undefined
    if (typeof path === 'string' && typeof i.message === 'string') out[path] ??= i.message
  }
  const fields = (d.fieldErrors ?? d.fields) as Record<string, unknown> | undefined
  for (const [k, v] of Object.entries(fields ?? {})) {
    const text = Array.isArray(v) ? v[0] : v
    if (typeof text === 'string') out[k] ??= text
  }
  return out
}

const PRINTER_FIELDS: { key: keyof PrinterValues; label: string; show: (v: PrinterValues) => string }[] = [
  { key: 'uri', label: 'address', show: (v) => v.uri },
  { key: 'type', label: 'type', show: (v) => (v.type === 'star' ? 'Star' : 'Epson') },
  { key: 'width', label: 'width', show: (v) => `${v.width} characters` },
  { key: 'timeout_ms', label: 'timeout', show: (v) => `${(v.timeout_ms ?? 3000) / 1000} s` },
  { key: 'status_check', label: 'status check', show: (v) => (v.status_check ? 'on' : 'off') },
]

/** What the manager is told after a save: each setting that changed from what was saved before, and its value. */
export function savedPrinterMessage(before: PrinterValues | null, after: PrinterValues): string {
  const changed = PRINTER_FIELDS.filter(({ key }) => !before || before[key] !== after[key]).map(
    ({ label, show }) => `${label} ${show(after)}`,
  )
  return changed.length ? `Printer saved: ${changed.join(', ')}.` : 'Printer saved: nothing changed.'
}
