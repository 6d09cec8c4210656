import type { Ctx } from '../core/context'
import type { DomainBus, Module } from '../core/module'
import { adjust, restock, stockList } from './service'
import { listPacks, movePack, receivePack } from './packs'

/** Lottery stock: the batches, receiving a batch, adjusting one. Each change pushes the status (low stock). */
export function inventoryModule(
  ctx: Ctx,
  bus: DomainBus,
): Module<'stock-list' | 'stock-restock' | 'stock-adjust' | 'pack-list' | 'pack-receive' | 'pack-move'> {
  const changed = <T>(v: T) => (bus.emit('status.changed', {}), v)
  return {
    name: 'inventory',
    handlers: {
      'stock-list': () => stockList(ctx),
      'stock-restock': (call, args) => {
        const stock = changed(restock(ctx, call.session!.userId, args))
        bus.emit('stock.received', {})
        return stock
      },
      'stock-adjust': (call, args) => changed(adjust(ctx, call.session!.userId, args)),
      'pack-list': (_call, { status }) => listPacks(ctx.read, ctx.store._id, status),
      'pack-receive': (call, { label }) => receivePack(ctx, call.session!.userId, label),
      'pack-move': (call, { packId, to, note }) => changed(movePack(ctx, call.session!.userId, packId, to, note)),
    },
  }
}
