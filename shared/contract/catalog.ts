import { spec, none, type Id } from './core'

export interface PrizeLevel {
  prize_level: string
  amount: number
  /** How many of the player's numbers must match the draw for this level. */
  matches?: number
}

export interface Game {
  _id: Id
  name: string
  code: string
  ticket_price: number
  status: 'active' | 'inactive'
  draw_time: string
  draw_days: number[]
  sales_cutoff_minutes: number
  cancellable: boolean
  cancel_window_minutes: number
  pick_count: number
  pick_min: number
  pick_max: number
  max_tickets_per_sale: number
  hotkey: string
  /** The cashier must confirm the player's age before selling this game. */
  age_check: boolean
  claim_period_days: number
  prize_structure: PrizeLevel[]
  /** Computed for "now": the draw the next sale goes to, and stock left. */
  next_draw: string | null
  remaining_stock: number
}

export const catalogPermissions = [] as const
export const catalogErrors = {} as const

export const catalogContract = {
  'game-list': spec<Game[]>()(none, 'session'),
} as const
