import type { Ctx } from '../core/context'
import { inTransaction } from '../store/db'
import { appendAudit, type AuditRow } from './chain'

export interface AuditFact {
  action: string
  entity_type: string
  entity_id?: string | null
  description: string
}

type AuditCtx = Pick<Ctx, 'db' | 'newId' | 'device' | 'clock'>

/**
 * One audit entry by `userId`, inside the caller's transaction (so it commits with what it records, or not
 * at all). `at` defaults to the clock's now.
 */
export function auditEntry(ctx: AuditCtx, userId: string | null, fact: AuditFact, at?: string): AuditRow {
  return appendAudit(ctx.db, ctx.newId(), ctx.device.device_id, at ?? ctx.clock().toISOString(), {
    user_id: userId,
    action: fact.action,
    entity_type: fact.entity_type,
    entity_id: fact.entity_id ?? null,
    description: fact.description,
  })
}

/**
 * The audited write every domain uses: `write` (if any) and its audit entry in one transaction. A
 * refusal that is itself on record (a wrong PIN, a denied call) is an audited call with no write.
 */
export function audited<T = void>(ctx: AuditCtx, userId: string | null, fact: AuditFact, write?: () => T): T {
  return inTransaction(ctx.db, () => {
    const out = write?.() as T
    auditEntry(ctx, userId, fact)
    return out
  })
}
