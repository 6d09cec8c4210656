import type { Ctx } from '../core/context'
import type { DomainBus, Module } from '../core/module'
import type { PrintService } from '../printing/service'
import { claimHandlers } from './handlers'

/** Checking, paying and cancelling the presented ticket, and the draw results. */
export function claimModule(
  ctx: Ctx,
  printer: PrintService,
  bus: DomainBus,
): Module<'ticket-validate' | 'ticket-pay' | 'ticket-cancel' | 'draw-results'> {
  return { name: 'claim', handlers: claimHandlers(ctx, printer, () => bus.emit('status.changed', {})) }
}
