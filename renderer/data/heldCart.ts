import type { CartLine, CartState } from '../cart'
import { emptyCart } from '../cart'
import { useCart } from '../store'

/**
 * The cart is kept in this window's local storage until it is sold or cleared, so a page reload or an app
 * restart finds it again (docs/decisions.md). With it is whether someone was logged in, so the login screen
 * after a restart can say why the cashier must log in again.
 */

const KEY = 'pos.cart.v1'

interface Held {
  /** What is being sold; the checkout's request id too, so a Sell after a reload mid-sale replays it. */
  cart: Pick<CartState, 'lines' | 'payment' | 'tendered' | 'requestId'>
  savedAt: string
  /** Who was logged in when the page last saw a session; null once they logged out. */
  user: string | null
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

export function readHeld(): Held | null {
  try {
    const raw = storage()?.getItem(KEY)
    if (!raw) return null
    const held = JSON.parse(raw) as Held
    if (!Array.isArray(held?.cart?.lines)) return null
    // A cart kept before instant tickets and products (draw lines named by gameId) reads as draw lines.
    held.cart.lines = held.cart.lines.map((l) => {
      const old = l as CartLine & { gameId?: string }
      return old.kind ? l : { ...l, kind: 'draw', key: old.gameId ?? '' }
    })
    return held
  } catch {
    return null
  }
}

function write(next: Partial<Held>): void {
  const held = { ...(readHeld() ?? { cart: pick(emptyCart), user: null }), ...next }
  try {
    if (held.cart.lines.length === 0 && !held.user) storage()?.removeItem(KEY)
    else storage()?.setItem(KEY, JSON.stringify({ ...held, savedAt: new Date().toISOString() }))
  } catch {
    // A full or disabled storage only costs the cart after a restart; selling goes on.
  }
}

const pick = (c: CartState): Held['cart'] => ({
  lines: c.lines,
  payment: c.payment,
  tendered: c.tendered,
  requestId: c.requestId,
})

/** Puts a kept cart back (the age check is asked again) and keeps every change from now on. */
export function keepCart(): void {
  const held = readHeld()
  if (held && held.cart.lines.length > 0) {
    useCart.setState({
      cart: {
        ...emptyCart,
        ...held.cart,
        tendered: typeof held.cart.tendered === 'string' ? held.cart.tendered : '',
        selected: held.cart.lines.at(-1)?.key ?? null,
      },
    })
  }
  let last = useCart.getState().cart
  useCart.subscribe(({ cart }) => {
    const before = last
    last = cart
    if (
      cart.lines !== before.lines ||
      cart.payment !== before.payment ||
      cart.tendered !== before.tendered ||
      cart.requestId !== before.requestId
    )
      write({ cart: pick(cart) })
  })
}

/** Someone is logged in (or just logged in): a later lost session is worth explaining. */
export function noteSession(user: string): void {
  if (readHeld()?.user !== user) write({ user })
}

/** A logout leaves nothing to explain; a session that ended without one (a restart) keeps its name. */
export function noteSignedOut(how: 'logout' | 'lost'): void {
  if (how === 'logout') write({ user: null })
}

/**
 * Why the login screen is showing, when it is not the cashier's own doing: someone was logged in and no
 * one logged out, so the point of sale restarted (or the session ended in it). Null otherwise.
 */
export function sessionEndedNotice(held: Held | null = readHeld()): string | null {
  if (!held?.user) return null
  const count = (kind: (k: CartLine['kind']) => boolean) =>
    held.cart.lines.reduce((s, l) => s + (kind(l.kind) ? l.quantity : 0), 0)
  const n = count((k) => k !== 'product')
  const items = count((k) => k === 'product')
  const what = [
    n > 0 || items === 0 ? `${n} ${n === 1 ? 'ticket' : 'tickets'}` : null,
    items > 0 ? `${items} ${items === 1 ? 'item' : 'items'}` : null,
  ]
    .filter(Boolean)
    .join(' and ')
  const cart = n + items > 0 ? ` The cart (${what}) was kept and is waiting for you.` : ''
  return `${held.user} was logged out because the point of sale restarted or the session ended. Log in again to carry on.${cart}`
}
