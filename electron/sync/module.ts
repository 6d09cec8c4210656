import type { Ctx } from '../core/context'
import type { Module } from '../core/module'
import { syncHandlers } from './handlers'
import type { SyncWiring } from './status'

/** Central sync: its settings and status, and the background loop (started and stopped with the backend). */
export function syncModule(
  ctx: Ctx,
  wiring: SyncWiring,
  opts: { start: boolean },
): Module<'sync-status' | 'sync-configure' | 'sync-clear' | 'sync-now' | 'sync-issues'> {
  return {
    name: 'sync',
    handlers: syncHandlers(ctx, wiring),
    services: [{ start: () => opts.start && wiring.engine.start(), stop: () => wiring.engine.stop() }],
  }
}
