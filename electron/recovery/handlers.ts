import path from 'node:path'
import { PosError } from '../../shared/errors'
import type { HandlerTable } from '../core/dispatcher'
import { listBackups } from '../store/backup'

/** With a healthy database: nothing to restore, and the backups there are (for IT and the settings screen). */
export function recoveryHandlers(dataDir: string): Pick<HandlerTable, 'recovery-status' | 'recovery-restore'> {
  return {
    'recovery-status': () => ({
      needed: false,
      kind: null,
      message: null,
      backups: listBackups(dataDir).map(({ name, created_at, reason, size }) => ({ name, created_at, reason, size })),
      managers: [],
      data_dir: path.resolve(dataDir),
    }),
    'recovery-restore': () => {
      throw new PosError('NOT_ALLOWED', 'The database is healthy: there is nothing to restore.')
    },
  }
}
