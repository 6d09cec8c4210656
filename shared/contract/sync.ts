import { z } from 'zod'
import { none, spec } from './core'

export const CentralInput = z
  .object({
    uri: z
      .string()
      .trim()
      .max(2000)
      .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'a MongoDB address starts with mongodb:// or mongodb+srv://'),
    db_name: z
      .string()
      .trim()
      .regex(/^[^/\\. "$*<>:|?]{1,63}$/, 'a database name has 1 to 63 characters and no spaces or . / \\ " $'),
    username: z.string().trim().max(200).default(''),
    password: z.string().max(1000).default(''),
  })
  .strict()

export type SyncState = 'not_configured' | 'online' | 'offline' | 'error'

export interface SyncConfigView {
  /** The URI with any password removed. */
  uri: string
  db_name: string
  username: string
  /** False where the platform cannot encrypt stored credentials: the UI warns. */
  encrypted: boolean
}

export interface SyncStatusView {
  state: SyncState
  pending: number
  last_success: string | null
  last_error: string | null
  conflicts: number
  dead: number
  rejected: number
  next_attempt_at: string | null
  config: SyncConfigView | null
  /** Whether credentials saved now would be encrypted on this machine. */
  can_encrypt: boolean
}

export interface SyncRunView {
  ok: boolean
  pushed: number
  pulled: number
  error: string | null
}

export interface SyncIssuesView {
  conflicts: { seq: number; collection: string; doc_id: string; reason: string; detected_at: string }[]
  dead: { seq: number; collection: string; doc_id: string; reason: string; dead_at: string }[]
  rejected: { collection: string; doc_id: string; reason: string; seen_at: string }[]
}

export const syncPermissions = ['sync.configure'] as const
export const syncErrors = {} as const

export const syncContract = {
  'sync-status': spec<SyncStatusView>()(none, 'session'),
  'sync-configure': spec<SyncConfigView>()(CentralInput, 'sync.configure'),
  'sync-clear': spec<null>()(none, 'sync.configure'),
  'sync-now': spec<SyncRunView>()(none, 'session'),
  'sync-issues': spec<SyncIssuesView>()(none, 'sync.configure'),
} as const
