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
