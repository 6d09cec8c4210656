import { z } from 'zod'
import { Pin } from './auth'
import { Id, none, spec } from './core'

/** Why the terminal will not sell on its database, and the backups it can restore. */
export interface RecoveryStatus {
  needed: boolean
  kind: 'missing' | 'empty' | 'orphan_wal' | 'corrupt' | 'foreign' | 'in_use' | 'config' | null
  message: string | null
  backups: { name: string; created_at: string; reason: string; size: number }[]
  /** Managers of the newest backup: with the live database unreadable, they approve the restore. */
  managers: { _id: Id; name: string; username: string }[]
  data_dir: string
  /** kind 'config': the terminal file and every problem in it (IT fixes the file, then Check again). */
  config: { file: string; problems: { path: string; message: string }[] } | null
}

export interface RestoreResult {
  backup: string
  set_aside: string | null
  ticket_seq: number
}

export const recoveryPermissions = [] as const

export const recoveryErrors = {
  RECOVERY_REQUIRED: 'RECOVERY_REQUIRED',
} as const

export const recoveryContract = {
  /** Whether the database needs restoring (and from which backups); answered even when it cannot be opened. */
  'recovery-status': spec<RecoveryStatus>()(none, 'public'),
  /** Reads the terminal file again after IT fixed it; the backend starts if it has no problem left. */
  'recovery-retry': spec<RecoveryStatus>()(none, 'public'),
  /** Restores a backup over a damaged or missing database; a manager of that backup approves with their PIN. */
  'recovery-restore': spec<RestoreResult>()(
    z
      .object({
        backup: z.string().regex(/^pos-\d{8}T\d{6}Z-[a-z0-9-]+\.sqlite$/, 'choose one of the listed backups'),
        userId: Id,
        pin: Pin,
      })
      .strict(),
    'public',
  ),
} as const
