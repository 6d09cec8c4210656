import type { Game, PaymentMethod, ScanResult } from '../shared/contract'
import {
  addGame,
  addScanned,
  emptyCart,
  MAX_MULTIPLIER_DIGITS,
  moveSelection,
  multiplierValue,
  removeLine,
  setPayment,
  setPicks,
  setQuantity,
  type CartState,
} from './cart'
import { activatesControl, isTyping, type KeyLike } from './keys/keymap'

export { isTyping, type KeyLike }

/**
 * Cashier actions in the Excalidraw style: a name, a pure `perform` on the cart, and a `keyTest`
 * deciding whether a key triggers it. Buttons, hotkeys and the scanner (scanner.ts) all resolve to an
 * action name and payload and go through the same dispatch, so the keyboard can never do something
 * a button cannot, or the other way round.
 */

export interface KeyContext {
  games: Game[]
  /** An error banner is showing: Escape dismisses it before it may clear the cart. */
  errorShown: boolean
  /** A dialog owns the keyboard; the sale screen's keys are off. */
  overlayOpen: boolean
  /** The cashier may open the back office (some screen of it is theirs). */
  backOffice: boolean
}

export interface Payloads {
  addGame: { game: Game; count?: number }
  /** What a scan or the product search found: an instant ticket, or a product (count: the multiplier). */
  addScanned: { scan: ScanResult; count?: number }
  setQuantity: { key: string; quantity: number }
  increment: { key?: string }
  decrement: { key?: string }
  removeLine: { key?: string }
  setPicks: { key: string; picks: (number[] | null)[] }
  setPayment: { payment: PaymentMethod }
  clear: undefined
  digit: { digit: string }
  backspaceDigit: undefined
  clearMultiplier: undefined
  /** Puts back a multiplier, after a scanner burst typed digits into it. */
  setMultiplier: { multiplier: string }
  /** Enter, a point or a comma while digits wait for their key: said, never sold or guessed at. */
  refuseMultiplier: { key: string }
  selectNext: undefined
  selectPrevious: undefined
}
export type CartActionName = keyof Payloads

export interface CartAction<K extends CartActionName> {
  name: K
  perform: (cart: CartState, payload: Payloads[K]) => CartState
  keyTest?: (e: KeyLike, cart: CartState, ctx: KeyContext) => boolean
  /** The payload a matching key stands for. */
  keyPayload?: (e: KeyLike, cart: CartState, ctx: KeyContext) => Payloads[K]
}

/** Actions whose effect is outside the cart (the backend, navigation); the screen supplies the handler. */
export type CommandName =
  | 'sell'
  | 'reprintLast'
  | 'lock'
  | 'backOffice'
  | 'dismissError'
  | 'validate'
  | 'results'
  | 'printQueue'
  | 'askClear'
  | 'cancelTicket'
  | 'findProduct'
  | 'previewPrevious'
  | 'previewNext'
  | 'previewUp'
  | 'previewDown'
export interface Command {
  name: CommandName
  keyTest: (e: KeyLike, cart: CartState, ctx: KeyContext) => boolean
}

export type Resolved =
  | { [K in CartActionName]: { kind: 'cart'; name: K; payload: Payloads[K] } }[CartActionName]
  | { kind: 'command'; name: CommandName }
  /** A barcode scanned on the sale screen: validate it, and put the multiplier back as it was. */
  | { kind: 'scan'; digits: string; multiplier: string }

const FUNCTION_KEY = /^F([1-9]|1[0-2])$/

function plain(e: KeyLike): boolean {
  return !e.ctrlKey && !e.altKey && !e.metaKey
}

/** A bare key press outside any field. */
function bare(e: KeyLike, key: string | string[]): boolean {
  const keys = Array.isArray(key) ? key : [key]
  return plain(e) && !isTyping(e) && keys.includes(e.key)
}

export function gameForKey(e: KeyLike, games: Game[]): Game | undefined {
  if (!plain(e) || e.repeat) return undefined
  if (isTyping(e) && !FUNCTION_KEY.test(e.key)) return undefined
  const key = e.key.toLowerCase()
  return games.find((g) => g.status === 'active' && g.hotkey && g.hotkey.toLowerCase() === key)
}

const target = (cart: CartState, key?: string) => key ?? cart.selected

const stepQuantity = (cart: CartState, key: string | undefined, step: number): CartState => {
  const id = target(cart, key)
  const line = cart.lines.find((l) => l.key === id)
  return line ? setQuantity(cart, line.key, line.quantity + step) : cart
}

const PAYMENT_KEYS: Record<string, PaymentMethod> = { F6: 'cash', F7: 'card', F8: 'wallet' }
export const paymentKey = (payment: PaymentMethod) =>
  Object.keys(PAYMENT_KEYS).find((k) => PAYMENT_KEYS[k] === payment) ?? ''

export const actions: { [K in CartActionName]: CartAction<K> } = {
  addGame: {
    name: 'addGame',
    // The multiplier is consumed whether it came from the keyboard or a touch on the game button.
    perform: (cart, { game, count }) => addGame(cart, game, count ?? multiplierValue(cart)),
    keyTest: (e, _cart, ctx) => gameForKey(e, ctx.games) !== undefined,
    keyPayload: (e, _cart, ctx) => ({ game: gameForKey(e, ctx.games) as Game }),
  },
  addScanned: {
    name: 'addScanned',
    perform: (cart, { scan, count }) => addScanned(cart, scan, count ?? multiplierValue(cart)),
  },
  setQuantity: {
    name: 'setQuantity',
    perform: (cart, { key, quantity }) => setQuantity(cart, key, quantity),
  },
  increment: {
    name: 'increment',
    perform: (cart, { key }) => stepQuantity(cart, key, 1),
    keyTest: (e, cart) => cart.selected !== null && bare(e, ['+', '=']),
    keyPayload: () => ({}),
  },
  decrement: {
    name: 'decrement',
    perform: (cart, { key }) => stepQuantity(cart, key, -1),
    keyTest: (e, cart) => cart.selected !== null && bare(e, '-'),
    keyPayload: () => ({}),
  },
  removeLine: {
    name: 'removeLine',
    perform: (cart, { key }) => {
      const id = target(cart, key)
      return id ? removeLine(cart, id) : cart
    },
    keyTest: (e, cart) => cart.selected !== null && bare(e, 'Delete'),
    keyPayload: () => ({}),
  },
  setPicks: {
    name: 'setPicks',
    perform: (cart, { key, picks }) => setPicks(cart, key, picks),
  },
  setPayment: {
    name: 'setPayment',
    perform: (cart, { payment }) => setPayment(cart, payment),
    keyTest: (e) => plain(e) && Object.hasOwn(PAYMENT_KEYS, e.key),
    keyPayload: (e) => ({ payment: PAYMENT_KEYS[e.key] }),
  },
  digit: {
    name: 'digit',
    perform: (cart, { digit }) => {
      if (!/^\d$/.test(digit)) return cart
      // A leading zero would make "0 F1" silently sell one ticket; ignore it instead.
      if (cart.multiplier === '' && digit === '0') return cart
      if (cart.multiplier.length >= MAX_MULTIPLIER_DIGITS)
        return { ...cart, notice: `At most ${MAX_MULTIPLIER_DIGITS} digits before a key: ${cart.multiplier} is kept.` }
      return { ...cart, multiplier: cart.multiplier + digit, notice: null }
    },
    keyTest: (e) => bare(e, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']),
    keyPayload: (e) => ({ digit: e.key }),
  },
  backspaceDigit: {
    name: 'backspaceDigit',
    perform: (cart) => ({ ...cart, multiplier: cart.multiplier.slice(0, -1) }),
    keyTest: (e, cart) => cart.multiplier !== '' && bare(e, 'Backspace'),
    keyPayload: () => undefined,
  },
  clearMultiplier: {
    name: 'clearMultiplier',
    perform: (cart) => ({ ...cart, multiplier: '' }),
    keyTest: (e, cart) => cart.multiplier !== '' && bare(e, 'Escape'),
    keyPayload: () => undefined,
  },
  setMultiplier: {
    name: 'setMultiplier',
    perform: (cart, { multiplier }) => (cart.multiplier === multiplier ? cart : { ...cart, multiplier }),
  },
  // "10 Enter" never sells at the exact total with the 10 forgotten, and "1.5 F2" is never 15 tickets.
  refuseMultiplier: {
    name: 'refuseMultiplier',
    perform: (cart, { key }) =>
      key === 'Enter'
        ? {
            ...cart,
            notice: `${cart.multiplier} is typed and waits for its key: a game key for ${cart.multiplier} tickets, F6 for ${cart.multiplier} in cash, or Esc to clear it. Nothing was sold.`,
          }
        : { ...cart, multiplier: '', notice: `A count is a whole number: ${cart.multiplier}${key}… was cleared.` },
    keyTest: (e, cart) => cart.multiplier !== '' && !e.repeat && bare(e, ['Enter', '.', ',']),
    keyPayload: (e) => ({ key: e.key }),
  },
  // The Clear button clears at once; Escape, easily pressed by accident, asks first (askClear).
  clear: {
    name: 'clear',
    perform: () => emptyCart,
  },
  selectNext: {
    name: 'selectNext',
    perform: (cart) => moveSelection(cart, 1),
    keyTest: (e) => bare(e, 'ArrowDown'),
    keyPayload: () => undefined,
  },
  selectPrevious: {
    name: 'selectPrevious',
    perform: (cart) => moveSelection(cart, -1),
    keyTest: (e) => bare(e, 'ArrowUp'),
    keyPayload: () => undefined,
  },
}

export const commands: Command[] = [
  {
    name: 'sell',
    keyTest: (e, cart) => !e.repeat && cart.lines.length > 0 && cart.multiplier === '' && bare(e, 'Enter'),
  },
  { name: 'dismissError', keyTest: (e, cart, ctx) => ctx.errorShown && cart.multiplier === '' && bare(e, 'Escape') },
  { name: 'reprintLast', keyTest: (e) => !e.repeat && plain(e) && e.key === 'F5' },
  { name: 'backOffice', keyTest: (e, _cart, ctx) => ctx.backOffice && plain(e) && e.key === 'F9' },
  { name: 'lock', keyTest: (e) => plain(e) && e.key === 'F10' },
  // Letters, not F11/F12: those belong to full screen and developer tools in Electron's default menu.
  { name: 'validate', keyTest: (e) => !e.repeat && bare(e, ['v', 'V']) },
  { name: 'results', keyTest: (e) => !e.repeat && bare(e, ['r', 'R']) },
  // P for prints: the tickets that did not print (the status bar's count opens the same list).
  { name: 'printQueue', keyTest: (e) => !e.repeat && bare(e, ['p', 'P']) },
  { name: 'askClear', keyTest: (e, cart, ctx) => !ctx.errorShown && cart.lines.length > 0 && bare(e, 'Escape') },
  // C: cancel a ticket the player hands back, with or without a cart in progress (the cart stays).
  { name: 'cancelTicket', keyTest: (e) => !e.repeat && bare(e, ['c', 'C']) },
  // S for search: a product by name, SKU or barcode typed (a scan needs no key).
  { name: 'findProduct', keyTest: (e) => !e.repeat && bare(e, ['s', 'S']) },
  // The ticket preview: left and right step through the last sale's tickets, Page Up and Down scroll it.
  { name: 'previewPrevious', keyTest: (e) => bare(e, 'ArrowLeft') },
  { name: 'previewNext', keyTest: (e) => bare(e, 'ArrowRight') },
  { name: 'previewUp', keyTest: (e) => bare(e, 'PageUp') },
  { name: 'previewDown', keyTest: (e) => bare(e, 'PageDown') },
]

/** The keys shown on buttons, kept beside the tests that give them meaning. */
export const keyLabels: Record<CommandName | 'clear', string> = {
  sell: 'Enter',
  dismissError: 'Esc',
  clear: 'Esc',
  reprintLast: 'F5',
  backOffice: 'F9',
  lock: 'F10',
  validate: 'V',
  results: 'R',
  printQueue: 'P',
  askClear: 'Esc',
  cancelTicket: 'C',
  findProduct: 'S',
  previewPrevious: '←',
  previewNext: '→',
  previewUp: 'PgUp',
  previewDown: 'PgDn',
}

// Game hotkeys come first: a store that maps a game onto a function key means it.
const keyOrder: CartActionName[] = [
  'addGame',
  'setPayment',
  'digit',
  'backspaceDigit',
  'clearMultiplier',
  'refuseMultiplier',
  'increment',
  'decrement',
  'removeLine',
  'selectNext',
  'selectPrevious',
  'clear',
]

/** Which action, if any, a key press stands for on the sale screen. */
export function resolveKey(e: KeyLike, cart: CartState, ctx: KeyContext): Resolved | null {
  // Enter on a focused Card, Clear or Lock button presses that button; it never sells the cart.
  if (ctx.overlayOpen || activatesControl(e)) return null
  for (const name of keyOrder) {
    const action = actions[name] as CartAction<CartActionName>
    if (action.keyTest?.(e, cart, ctx)) {
      return { kind: 'cart', name, payload: action.keyPayload?.(e, cart, ctx) } as Resolved
    }
  }
  const command = commands.find((c) => c.keyTest(e, cart, ctx))
  return command ? { kind: 'command', name: command.name } : null
}

export function perform<K extends CartActionName>(cart: CartState, name: K, payload: Payloads[K]): CartState {
  return (actions[name] as CartAction<K>).perform(cart, payload)
}
