import type { Ctx } from '../core/context'
import type { Module } from '../core/module'
import { audited } from './audited'
import { verifyChain } from './chain'
import { insertNotification } from '../notify/repo'

/** The audit trail: checked on demand (the check itself is on record). */
export function auditModule(ctx: Ctx): Module<'audit-verify'> {
  return {
    name: 'audit',
    handlers: {
      'audit-verify': (call) => {
        const result = verifyChain(ctx.db)
        const now = ctx.clock().toISOString()
        audited(
          ctx,
          call.session?.userId ?? null,
          {
            action: 'audit.verify',
            entity_type: 'settings',
            description: result.ok
              ? `chain verified (${result.entries} entries)`
              : `chain BROKEN: ${result.broken_count} entries, first ${result.first_broken_seq}`,
          },
          () => {
            // A broken chain means records were changed outside the app: a compliance matter for every manager.
            if (!result.ok)
              insertNotification(ctx.db, {
                _id: ctx.newId(),
                user_id: null,
                title: 'Audit trail broken',
                message: `The audit check on ${ctx.device.device_id} found ${result.broken_count} entries that do not verify, the first at ${result.first_broken_seq}: ${result.reason ?? 'changed outside the app'}.`,
                type: 'compliance',
                created_at: now,
              })
          },
        )
        return result
      },
    },
  }
}
