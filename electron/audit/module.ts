import type { Ctx } from '../core/context'
import type { Module } from '../core/module'
import { audited } from './audited'
import { verifyChain } from './chain'

/** The audit trail: checked on demand (the check itself is on record). */
export function auditModule(ctx: Ctx): Module<'audit-verify'> {
  return {
    name: 'audit',
    handlers: {
      'audit-verify': (call) => {
        const result = verifyChain(ctx.db)
        audited(ctx, call.session?.userId ?? null, {
          action: 'audit.verify',
          entity_type: 'settings',
          description: result.ok
            ? `chain verified (${result.entries} entries)`
            : `chain BROKEN: ${result.broken_count} entries, first ${result.first_broken_seq}`,
        })
        return result
      },
    },
  }
}
