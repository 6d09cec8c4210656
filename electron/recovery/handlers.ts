import path from 'node:path'
import { PosError } from '../../shared/errors'
import type { HandlerTable } from '../core/dispatcher'
import { listBackups } from '../store/backup'

/** With a healthy database: nothing to restore, and the backups there are (for IT and the settings screen). */
export function recoveryHandlers(
  dataDir: string,
): Pick<HandlerTable, 'recovery-status' | 'recovery-restore' | 'recovery-retry'> {
  const status = () => ({
    needed: false as const,
    kind: null,
    message: null,
    backups: listBackups(dataDir).map(({ name, created_at, reason, size }) => ({ name, created_at, reason, size })),
    managers: [],
    data_dir: path.resolve(dataDir),
    config: null,
  })
  return {
    'recovery-status': status,
    // Running: the terminal file was read without a problem; nothing to retry.
    'recovery-retry': status,
    'recovery-restore': () => {
      throw new PosError('NOT_ALLOWED', 'The database is healthy: there is nothing to restore.')
    },
  }
}
