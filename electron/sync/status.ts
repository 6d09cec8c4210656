import type { SyncStatusView } from '../../shared/contract'
import type { Ctx } from '../core/context'
import { syncConfigSummary, type SecretBox } from './credentials'
import type { SyncEngine } from './engine'

/** What the sync domain shares with others (the status bar, settings): its engine and its status view. */
export interface SyncWiring {
  engine: SyncEngine
  box: SecretBox
  /** Re-reads the saved connection and hands it to the engine. */
  reconnect(): Promise<void>
}

export function syncStatusView(ctx: Ctx, w: SyncWiring): SyncStatusView {
  const s = w.engine.status()
  return {
    state: s.state,
    pending: s.pending,
    last_success: s.last_success,
    last_error: s.last_error,
    conflicts: s.conflicts,
    dead: s.dead,
    rejected: s.rejected,
    next_attempt_at: s.next_attempt_at,
    config: syncConfigSummary(ctx.db),
    can_encrypt: w.box.available,
  }
}
