import type { Module } from '../core/module'
import { recoveryHandlers } from './handlers'

/** With a healthy database: what backups there are, and nothing to restore. */
export function recoveryModule(dataDir: string): Module<'recovery-status' | 'recovery-restore' | 'recovery-retry'> {
  return { name: 'recovery', handlers: recoveryHandlers(dataDir) }
}
