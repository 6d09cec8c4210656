import type { SaleResult, TicketView } from '../../../shared/contract'

/** How many recent tickets to read so the last sale's are among them (the contract allows 200). */
export const recentLimit = (sale: SaleResult | null) => Math.min(200, Math.max(50, sale?.tickets.length ?? 0))

/**
 * The tickets the last-sale panel shows: the sale made here, each ticket as the latest read has
 * it (print status, cancelled); after a reload, when no sale was made here yet, the newest sale's: every
 * ticket of its transaction, whatever game (each game's line has its own sale id, and all of them the sale's
 * one instant, written in one transaction).
 */
export function lastSaleTickets(sale: SaleResult | null, recent: TicketView[] | undefined): TicketView[] {
  const fresh = new Map((recent ?? []).map((t) => [t._id, t]))
  if (sale) return sale.tickets.map((t) => fresh.get(t._id) ?? t)
  const newest = recent?.[0]
  if (!newest) return []
  return recent
    .filter((t) => t.purchase_datetime === newest.purchase_datetime)
    .sort((a, b) => a.ticket_number.localeCompare(b.ticket_number))
}
