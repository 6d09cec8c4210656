import type { Game } from '../shared/contract'

/** Games shaped like the seed's, for tests of the pure cart and action code. */
export function game(overrides: Partial<Game> = {}): Game {
  return {
    _id: 'a00000000000000000000001',
    name: 'Lotto 6/49',
    code: 'L649',
    ticket_price: 300,
    status: 'active',
    draw_time: '20:00',
    draw_days: [3, 6],
    sales_cutoff_minutes: 15,
    cancellable: true,
    cancel_window_minutes: 5,
    pick_count: 6,
    pick_min: 1,
    pick_max: 49,
    max_tickets_per_sale: 10,
    hotkey: 'F1',
    prize_structure: [],
    age_check: false,
    claim_period_days: 180,
    next_draw: '2025-03-15T20:00:00.000Z',
    remaining_stock: 500,
    ...overrides,
  }
}

export const lotto = game()
export const daily = game({
  _id: 'a00000000000000000000002',
  name: 'Daily 3',
  code: 'D3',
  ticket_price: 100,
  pick_count: 3,
  pick_min: 0,
  pick_max: 9,
  max_tickets_per_sale: 50,
  hotkey: 'F2',
})
export const retired = game({
  _id: 'a00000000000000000000003',
  name: 'Old Game',
  code: 'OLD',
  status: 'inactive',
  hotkey: 'F3',
})
