import { auditEntry } from '../audit/audited'
import { PosError } from '../../shared/errors'
import { type Ctx } from '../core/context'
import type { CallContext, HandlerTable } from '../core/dispatcher'
import { inTransaction } from '../store/db'
import { clearSyncConfig, saveSyncConfig } from './credentials'
import { syncStatusView, type SyncWiring } from './status'
import { listConflicts, listDeadLetters, listPullRejects } from './repo'

export function syncHandlers(
  ctx: Ctx,
  w: SyncWiring,
): Pick<HandlerTable, 'sync-status' | 'sync-configure' | 'sync-clear' | 'sync-now' | 'sync-issues'> {
  // Never the password, never the raw URI: the summary is already redacted.
  const audited = <T>(call: CallContext, description: (r: T) => string, write: () => T): T =>
    inTransaction(ctx.db, () => {
      const r = write()
      auditEntry(ctx, call.session?.userId ?? null, {
        action: 'sync.configure',
        entity_type: 'settings',
        description: description(r),
      })
      return r
    })
  return {
    'sync-status': () => syncStatusView(ctx, w),
    'sync-configure': async (call, args) => {
      const summary = audited(
        call,
        (s) =>
          `central set to ${s.uri}, database ${s.db_name}${s.username ? `, user ${s.username}` : ''}${s.encrypted ? '' : ' (NOT encrypted)'}`,
        () => saveSyncConfig(ctx.db, w.box, args),
      )
      await w.reconnect()
      return summary
    },
    'sync-clear': async (call) => {
      audited(
        call,
        () => 'central connection removed',
        () => clearSyncConfig(ctx.db),
      )
      await w.reconnect()
      return null
    },
    'sync-now': async () => {
      if (w.engine.status().state === 'not_configured') {
        throw new PosError('VALIDATION', 'No central connection is set up. A manager can add one in Settings.')
      }
      const r = await w.engine.syncNow()
      return { ok: r.ok, pushed: r.pushed.acked, pulled: r.pulled?.applied ?? 0, error: r.error?.message ?? null }
    },
    'sync-issues': () => ({
      conflicts: listConflicts(ctx.db).map(({ seq, collection, doc_id, reason, detected_at }) => ({
        seq,
        collection,
        doc_id,
        reason,
        detected_at,
      })),
      dead: listDeadLetters(ctx.db).map(({ seq, collection, doc_id, reason, dead_at }) => ({
        seq,
        collection,
        doc_id,
        reason,
        dead_at,
      })),
      rejected: listPullRejects(ctx.db).map(({ collection, doc_id, reason, seen_at }) => ({
        collection,
        doc_id,
        reason,
        seen_at,
      })),
    }),
  }
}
