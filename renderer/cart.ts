import type { DrawLine, ProductView, SaleLine, ScanResult } from '../shared/contract'
import type { Game, PaymentMethod } from '../shared/contract'
import { cartTotals, type CartTotals } from '../shared/money'

/** The contract's limits for one sale; the UI enforces them so the cashier learns at once, not at Sell. */
export const MAX_LINE_QUANTITY = 100
export const MAX_PRODUCT_QUANTITY = 999
export const MAX_CART_LINES = 20
export const MAX_MULTIPLIER_DIGITS = 3

export interface PickRule {
  count: number
  min: number
  max: number
}

/** Draw tickets by game and quantity; one instant ticket by its barcode; a product and a quantity. */
export type LineKind = 'draw' | 'instant' | 'product'

export interface CartLine {
  kind: LineKind
  /**
   * The line's identity in the cart, and what its price belongs to: a draw game's id, an instant ticket's
   * barcode, a product's id (the backend names them so in its answers: PRICE_CHANGED, OUT_OF_STOCK).
   */
  key: string
  /** What the line shows and its test id: a game's code, an instant ticket's barcode, a product's SKU. */
  code: string
  name: string
  unitPrice: number
  quantity: number
  /** One entry per ticket, always `quantity` long: the player's own numbers, or null for a quick pick. */
  picks: (number[] | null)[]
  pick: PickRule
  maxQuantity: number
  /** Left in stock when the line was last added (game-list, a scan); the backend checks again at Sell. */
  stock: number
  /** The game or product asks the cashier to confirm the customer's age before it is sold. */
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
    kind: 'draw',
    key: game._id,
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

const NO_PICKS: PickRule = { count: 0, min: 0, max: 0 }

export function lineFromInstant(t: Extract<ScanResult, { kind: 'instant' }>): CartLine {
  return {
    kind: 'instant',
    key: t.code,
    code: t.code,
    name: `${t.game_name} ${t.pack_number}-${String(t.ticket_no).padStart(3, '0')}`,
    unitPrice: t.price,
    quantity: 0,
    picks: [],
    pick: NO_PICKS,
    maxQuantity: 1,
    stock: 1,
    ageCheck: t.age_check,
  }
}

export function lineFromProduct(p: ProductView): CartLine {
  return {
    kind: 'product',
    key: p._id,
    code: p.sku,
    name: p.product_name,
    unitPrice: p.price,
    quantity: 0,
    picks: [],
    pick: NO_PICKS,
    maxQuantity: MAX_PRODUCT_QUANTITY,
    stock: Math.max(0, p.quantity),
    ageCheck: p.age_check,
  }
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
      : line.kind === 'instant'
        ? `${line.name} is one ticket: scan each ticket to sell it.`
        : line.stock < line.maxQuantity
          ? `Only ${line.stock} ${line.name} left.`
          : `${line.name}: at most ${line.maxQuantity}${line.kind === 'draw' ? ' tickets' : ''} in one sale.`
  return { line: { ...line, quantity, picks: resizePicks(line.picks, quantity) }, notice }
}

/** Every change to what is being sold starts a new checkout identity. */
function changed(cart: CartState, next: Partial<CartState>): CartState {
  return { ...cart, notice: null, ...next, requestId: null, ageConfirmed: false }
}

/** The age-checked games and products in the cart, by name; empty when no confirmation is needed. */
export function ageCheckedGames(cart: CartState): string[] {
  return cart.lines.filter((l) => l.ageCheck).map((l) => l.name)
}

/** Adds `count` of a line (a game key, a scanned product) or more of the one already in the cart. */
function addLine(cart: CartState, fresh: CartLine, count: number): CartState {
  const existing = cart.lines.find((l) => l.key === fresh.key)
  if (!existing && cart.lines.length >= MAX_CART_LINES) {
    return { ...cart, multiplier: '', notice: `At most ${MAX_CART_LINES} games and products in one sale.` }
  }
  if (fresh.kind === 'instant' && existing)
    return { ...cart, multiplier: '', selected: existing.key, notice: `${existing.name} is already in the cart.` }
  if (fresh.stock <= 0)
    return {
      ...cart,
      multiplier: '',
      notice: `${fresh.name} is ${fresh.kind === 'draw' ? 'sold out' : 'out of stock'}.`,
    }
  // The stock (and price) as the latest read has it.
  const base = { ...(existing ?? fresh), stock: fresh.stock, unitPrice: fresh.unitPrice }
  const { line, notice } = withQuantity(base, base.quantity + Math.max(1, count))
  const lines = existing ? cart.lines.map((l) => (l.key === fresh.key ? line : l)) : [...cart.lines, line]
  return changed(cart, { lines, multiplier: '', selected: fresh.key, notice })
}

export function addGame(cart: CartState, game: Game, count: number): CartState {
  return addLine(cart, lineFromGame(game), count)
}

/** A scanned instant ticket (one line each) or product (digits typed first: 3 then a scan adds three). */
export function addScanned(cart: CartState, scan: ScanResult, count: number): CartState {
  return scan.kind === 'instant'
    ? addLine(cart, lineFromInstant(scan), 1)
    : addLine(cart, lineFromProduct(scan.product), count)
}

export function setQuantity(cart: CartState, key: string, quantity: number): CartState {
  const current = cart.lines.find((l) => l.key === key)
  if (!current) return cart
  const { line, notice } = withQuantity(current, quantity)
  if (line.quantity === current.quantity) return { ...cart, selected: key, notice }
  return changed(cart, { lines: cart.lines.map((l) => (l.key === key ? line : l)), selected: key, notice })
}

export function removeLine(cart: CartState, key: string): CartState {
  const index = cart.lines.findIndex((l) => l.key === key)
  if (index < 0) return cart
  const lines = cart.lines.filter((l) => l.key !== key)
  // Keep the cursor near where it was so repeated Delete walks up the list.
  const neighbour = lines[Math.min(index, lines.length - 1)]
  return changed(cart, { lines, selected: neighbour ? neighbour.key : null })
}

export function setPicks(cart: CartState, key: string, picks: (number[] | null)[]): CartState {
  const current = cart.lines.find((l) => l.key === key)
  if (!current) return cart
  const line = { ...current, picks: resizePicks(picks, current.quantity) }
  return changed(cart, { lines: cart.lines.map((l) => (l.key === key ? line : l)), selected: key })
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
  const at = cart.lines.findIndex((l) => l.key === cart.selected)
  const from = at < 0 ? (step > 0 ? -1 : cart.lines.length) : at
  const to = Math.max(0, Math.min(cart.lines.length - 1, from + step))
  return { ...cart, selected: cart.lines[to].key }
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

/** Lottery tickets in the cart (draw and instant). */
export function ticketCount(cart: CartState): number {
  return cart.lines.reduce((n, l) => n + (l.kind === 'product' ? 0 : l.quantity), 0)
}

/** Products in the cart. */
export function itemCount(cart: CartState): number {
  return cart.lines.reduce((n, l) => n + (l.kind === 'product' ? l.quantity : 0), 0)
}

/** The sale-create lines; picks are sent only when the player chose numbers for at least one ticket. */
export function toSaleLines(cart: CartState): SaleLine[] {
  return cart.lines.map((l): SaleLine => {
    if (l.kind === 'instant') return { instant: l.key }
    if (l.kind === 'product') return { productId: l.key, quantity: l.quantity }
    const line: DrawLine = { lotteryId: l.key, quantity: l.quantity }
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
