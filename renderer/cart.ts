import type { SaleLine } from '../shared/contract'
import type { Game, PaymentMethod } from '../shared/contract'
import { cartTotals, type CartTotals } from '../shared/money'

/** The contract's limits for one sale; the UI enforces them so the cashier learns at once, not at Sell. */
export const MAX_LINE_QUANTITY = 100
export const MAX_CART_LINES = 20
export const MAX_MULTIPLIER_DIGITS = 3

export interface PickRule {
  count: number
  min: number
  max: number
}

export interface CartLine {
  gameId: string
  code: string
  name: string
  unitPrice: number
  quantity: number
  /** One entry per ticket, always `quantity` long: the player's own numbers, or null for a quick pick. */
  picks: (number[] | null)[]
  pick: PickRule
  maxQuantity: number
  /** Tickets left in stock when the game was last added (game-list); the backend checks again at Sell. */
  stock: number
  /** The game asks the cashier to confirm the player's age before it is sold. */
  ageCheck: boolean
}

export interface CartState {
  lines: CartLine[]
  payment: PaymentMethod
  /** Digits typed before a game key: 3 then F1 adds three tickets. */
  multiplier: string
  /** The line that +, - and Delete act on. */
  selected: string | null
  /**
   * Idempotency key of the checkout in progress. Kept while the cart is unchanged so a retry or a
   * double press replays the same sale instead of selling twice; any change to the cart drops it.
   */
  requestId: string | null
  /** A non-blocking hint about the last change, such as a quantity that was capped. */
  notice: string | null
  /** The cashier confirmed the player's age for this cart; any change to the cart asks again. */
  ageConfirmed: boolean
  /** Cash handed over, as typed ('20', '20.50'); empty: the exact total. Not part of what is sold. */
  tendered: string
}

export const emptyCart: CartState = {
  lines: [],
  payment: 'cash',
  multiplier: '',
  selected: null,
  requestId: null,
  notice: null,
  ageConfirmed: false,
  tendered: '',
}

export function maxQuantityFor(game: Pick<Game, 'max_tickets_per_sale'>): number {
  const perGame = game.max_tickets_per_sale > 0 ? game.max_tickets_per_sale : MAX_LINE_QUANTITY
  return Math.min(perGame, MAX_LINE_QUANTITY)
}

export function lineFromGame(game: Game): CartLine {
  return {
    gameId: game._id,
    code: game.code,
    name: game.name,
    unitPrice: game.ticket_price,
    quantity: 0,
    picks: [],
    pick: { count: game.pick_count, min: game.pick_min, max: game.pick_max },
    maxQuantity: maxQuantityFor(game),
    stock: Math.max(0, game.remaining_stock),
    ageCheck: game.age_check,
  }
}

function resizePicks(picks: (number[] | null)[], quantity: number): (number[] | null)[] {
  if (picks.length >= quantity) return picks.slice(0, quantity)
  return [...picks, ...Array<null>(quantity - picks.length).fill(null)]
}

/** Sets a line's quantity within its limits; returns the line and a notice when the wish was capped. */
export function withQuantity(line: CartLine, wanted: number): { line: CartLine; notice: string | null } {
  const whole = Number.isFinite(wanted) ? Math.trunc(wanted) : 1
  // What stock cannot cover is refused as it is asked for, not at Sell.
  const cap = Math.min(line.maxQuantity, line.stock)
  const quantity = Math.max(1, Math.min(whole, cap))
  const notice =
    whole <= cap
      ? null
      : line.stock < line.maxQuantity
        ? `Only ${line.stock} ${line.name} left.`
        : `${line.name}: at most ${line.maxQuantity} tickets in one sale.`
  return { line: { ...line, quantity, picks: resizePicks(line.picks, quantity) }, notice }
}

/** Every change to what is being sold starts a new checkout identity. */
function changed(cart: CartState, next: Partial<CartState>): CartState {
  return { ...cart, notice: null, ...next, requestId: null, ageConfirmed: false }
}

/** The age-checked games in the cart, by name; empty when no confirmation is needed. */
export function ageCheckedGames(cart: CartState): string[] {
  return cart.lines.filter((l) => l.ageCheck).map((l) => l.name)
}

export function addGame(cart: CartState, game: Game, count: number): CartState {
  const existing = cart.lines.find((l) => l.gameId === game._id)
  if (!existing && cart.lines.length >= MAX_CART_LINES) {
    return { ...cart, multiplier: '', notice: `At most ${MAX_CART_LINES} games in one sale.` }
  }
  if (game.remaining_stock <= 0) return { ...cart, multiplier: '', notice: `${game.name} is sold out.` }
  // The stock as the latest game list has it.
  const base = { ...(existing ?? lineFromGame(game)), stock: game.remaining_stock }
  const { line, notice } = withQuantity(base, base.quantity + Math.max(1, count))
  const lines = existing ? cart.lines.map((l) => (l.gameId === game._id ? line : l)) : [...cart.lines, line]
  return changed(cart, { lines, multiplier: '', selected: game._id, notice })
}

export function setQuantity(cart: CartState, gameId: string, quantity: number): CartState {
  const current = cart.lines.find((l) => l.gameId === gameId)
  if (!current) return cart
  const { line, notice } = withQuantity(current, quantity)
  if (line.quantity === current.quantity) return { ...cart, selected: gameId, notice }
  return changed(cart, { lines: cart.lines.map((l) => (l.gameId === gameId ? line : l)), selected: gameId, notice })
}

export function removeLine(cart: CartState, gameId: string): CartState {
  const index = cart.lines.findIndex((l) => l.gameId === gameId)
  if (index < 0) return cart
  const lines = cart.lines.filter((l) => l.gameId !== gameId)
  // Keep the cursor near where it was so repeated Delete walks up the list.
  const neighbour = lines[Math.min(index, lines.length - 1)]
  return changed(cart, { lines, selected: neighbour ? neighbour.gameId : null })
}

export function setPicks(cart: CartState, gameId: string, picks: (number[] | null)[]): CartState {
  const current = cart.lines.find((l) => l.gameId === gameId)
  if (!current) return cart
  const line = { ...current, picks: resizePicks(picks, current.quantity) }
  return changed(cart, { lines: cart.lines.map((l) => (l.gameId === gameId ? line : l)), selected: gameId })
}

/**
 * Digits typed before the cash key are the cash handed over, as on a till: 20 then F6 is $20.00 tendered
 * (the tender is not part of what is sold, so the checkout keeps its request id).
 */
export function setPayment(cart: CartState, payment: PaymentMethod): CartState {
  if (payment === 'cash' && cart.multiplier !== '' && cart.lines.length > 0) {
    const tendered = cart.multiplier
    const next = cart.payment === payment ? cart : changed(cart, { payment })
    return { ...next, tendered, multiplier: '' }
  }
  return cart.payment === payment ? cart : changed(cart, { payment })
}

export function moveSelection(cart: CartState, step: number): CartState {
  if (cart.lines.length === 0) return cart
  const at = cart.lines.findIndex((l) => l.gameId === cart.selected)
  const from = at < 0 ? (step > 0 ? -1 : cart.lines.length) : at
  const to = Math.max(0, Math.min(cart.lines.length - 1, from + step))
  return { ...cart, selected: cart.lines[to].gameId }
}

/** The multiplier a game key would use now: typed digits, or one. */
export function multiplierValue(cart: CartState): number {
  const n = Number.parseInt(cart.multiplier, 10)
  return Number.isFinite(n) && n > 0 ? n : 1
}

export function totalsOf(cart: CartState, taxRateBps: number): CartTotals {
  return cartTotals(
    cart.lines.map((l) => ({ unitPrice: l.unitPrice, quantity: l.quantity })),
    taxRateBps,
  )
}

export function ticketCount(cart: CartState): number {
  return cart.lines.reduce((n, l) => n + l.quantity, 0)
}

/** The sale-create lines; picks are sent only when the player chose numbers for at least one ticket. */
export function toSaleLines(cart: CartState): SaleLine[] {
  return cart.lines.map((l) => {
    const line: SaleLine = { lotteryId: l.gameId, quantity: l.quantity }
    if (l.picks.some((p) => p !== null)) line.picks = resizePicks(l.picks, l.quantity)
    return line
  })
}

export function validatePicks(numbers: number[], rule: PickRule): string | null {
  if (numbers.length !== rule.count) return `Enter ${rule.count} numbers (you entered ${numbers.length}).`
  const outside = numbers.find((n) => !Number.isInteger(n) || n < rule.min || n > rule.max)
  if (outside !== undefined) return `${outside} is not between ${rule.min} and ${rule.max}.`
  const seen = new Set<number>()
  for (const n of numbers) {
    if (seen.has(n)) return `${n} is entered twice; numbers must be different.`
    seen.add(n)
  }
  return null
}

/**
 * Reads what the cashier typed for one ticket: any separators between numbers. Blank means a
 * quick pick, which is valid.
 */
export function parsePicks(text: string, rule: PickRule): { numbers: number[] | null; error: string | null } {
  const trimmed = text.trim()
  if (trimmed === '') return { numbers: null, error: null }
  if (/[^\d\s,;.\-/]/.test(trimmed)) return { numbers: null, error: 'Use digits only, separated by spaces.' }
  const numbers = trimmed
    .split(/[^\d]+/)
    .filter(Boolean)
    .map((s) => Number.parseInt(s, 10))
  const error = validatePicks(numbers, rule)
  return error ? { numbers: null, error } : { numbers, error: null }
}

export function formatPicks(picks: number[] | null): string {
  return picks ? picks.join(' ') : ''
}
