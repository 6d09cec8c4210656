import type { Ctx } from '../core/context'
import type { DomainBus, Module } from '../core/module'
import { adjust, restock, stockList } from './service'

/** Lottery stock: the batches, receiving a batch, adjusting one. Each change pushes the status (low stock). */
export function inventoryModule(ctx: Ctx, bus: DomainBus): Module<'stock-list' | 'stock-restock' | 'stock-adjust'> {
  const changed = <T>(v: T) => (bus.emit('status.changed', {}), v)
  return {
    name: 'inventory',
    handlers: {
      'stock-list': () => stockList(ctx),
      'stock-restock': (call, args) => changed(restock(ctx, call.session!.userId, args)),
      'stock-adjust': (call, args) => changed(adjust(ctx, call.session!.userId, args)),
    },
  }
}
