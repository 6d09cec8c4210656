import { describe, expect, it } from 'vitest'
import type { SaleResult, TicketView } from '../../../shared/contract'
import { lastSaleTickets, recentLimit } from './lastSale'

const t = (id: string, sale: string, number: string, over: Partial<TicketView> = {}) =>
  ({ _id: id, sale_id: sale, ticket_number: number, print_status: 'pending', status: 'sold', ...over }) as TicketView

describe('the last-sale panel', () => {
  it("shows this counter's sale, each ticket as the latest read has it", () => {
    const sale = { tickets: [t('a', 's1', '1'), t('b', 's1', '2')] } as SaleResult
    const recent = [t('b', 's1', '2', { print_status: 'printed' }), t('x', 's0', '0')]
    expect(lastSaleTickets(sale, recent)).toEqual([t('a', 's1', '1'), t('b', 's1', '2', { print_status: 'printed' })])
    expect(lastSaleTickets(sale, undefined)).toEqual(sale.tickets)
  })

  it('after a reload, shows the newest sale of this terminal in ticket order, every game of it', () => {
    const at = (iso: string) => ({ purchase_datetime: iso })
    const recent = [
      t('c', 's2', '0003', at('2026-11-21T15:00:01.000Z')),
      t('d', 's3', '0004', at('2026-11-21T15:00:01.000Z')),
      t('b', 's2', '0002', at('2026-11-21T15:00:01.000Z')),
      t('a', 's1', '0001', at('2026-11-21T14:59:00.000Z')),
    ]
    expect(lastSaleTickets(null, recent).map((x) => x._id)).toEqual(['b', 'c', 'd'])
    expect(lastSaleTickets(null, [])).toEqual([])
  })

  it('reads enough recent tickets to hold the sale, within the contract limit', () => {
    expect(recentLimit(null)).toBe(50)
    expect(recentLimit({ tickets: Array(120) } as SaleResult)).toBe(120)
    expect(recentLimit({ tickets: Array(500) } as SaleResult)).toBe(200)
  })
})
