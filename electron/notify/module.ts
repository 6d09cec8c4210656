import { auditEntry } from '../audit/audited'
import type { Ctx } from '../core/context'
import type { DomainBus, Module } from '../core/module'
import { inTransaction } from '../store/db'
import { listNotifications, markRead } from './repo'

/**
 * The notification centre: the managers' shared inbox (low stock, day summaries, compliance), read and marked
 * read; each read is queued for central. The status bar's figures carry the unread count, so the bell follows
 * every commit that writes one.
 */
export function notifyModule(ctx: Ctx, bus: DomainBus): Module<'notify-list' | 'notify-read' | 'notify-read-all'> {
  const mark = (userId: string, which: Parameters<typeof markRead>[3]) => {
    const now = ctx.clock().toISOString()
    const n = inTransaction(ctx.db, () => {
      const changed = markRead(ctx.db, userId, now, which)
      if (changed)
        auditEntry(
          ctx,
          userId,
          { action: 'notify.read', entity_type: 'notification', description: `${changed} notifications marked read` },
          now,
        )
      return changed
    })
    if (n) bus.emit('status.changed', {})
  }
  return {
    name: 'notify',
    handlers: {
      'notify-list': (call, { type, limit }) => listNotifications(ctx.read, call.session!.userId, { type, limit }),
      'notify-read': (call, { ids }) => {
        mark(call.session!.userId, { ids })
        return listNotifications(ctx.db, call.session!.userId, { limit: 50 })
      },
      'notify-read-all': (call, { type }) => {
        mark(call.session!.userId, { type })
        return listNotifications(ctx.db, call.session!.userId, { type, limit: 50 })
      },
    },
  }
}
