import type { Ctx } from '../core/context'
import type { DomainBus, Module } from '../core/module'
import type { PrintService } from '../printing/service'
import { ticketHandlers, type TicketHandler } from './handlers'

/** Tickets as the UI sees them (never a code), previews and copies, the print queue and voids, each on record. */
export function ticketModule(ctx: Ctx, printer: PrintService, bus: DomainBus): Module<TicketHandler> {
  return { name: 'ticket', handlers: ticketHandlers(ctx, printer, () => bus.emit('status.changed', {})) }
}
