import { none, spec } from './core'

/** One diagnostics bundle written into the data folder's diagnostics/ (a zip: diagnostics.json and pos-log.txt). */
export interface DiagnosticsBundleView {
  /** Where the zip is on this computer, for IT to collect. */
  file: string
  name: string
  size: number
  created_at: string
  /** What the bundle found, in a few words each, for the screen. */
  checks: { label: string; ok: boolean; summary: string }[]
  /** The zip itself (base64), so a browser on the web host can save it. */
  content_base64: string
}

export const diagnosticsPermissions = ['diagnostics.export'] as const
export const diagnosticsErrors = {} as const

export const diagnosticsContract = {
  'diagnostics-export': spec<DiagnosticsBundleView>()(none, 'diagnostics.export'),
} as const
