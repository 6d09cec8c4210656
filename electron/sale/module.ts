import type { Ctx } from '../core/context'
import type { DomainBus, Module } from '../core/module'
import { saleHandlers } from './handlers'

/** Selling: the games on offer and the one sale transaction; a committed sale is announced to the others. */
export function saleModule(ctx: Ctx, bus: DomainBus): Module<'game-list' | 'sale-create' | 'sale-scan'> {
  return { name: 'sale', handlers: saleHandlers(ctx, (result) => bus.emit('sale.committed', { result })) }
}
