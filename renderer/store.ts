import { create } from 'zustand'
import type { TicketView } from '../shared/contract'
import type { PosErrorShape } from '../shared/errors'
import { perform, type CartActionName, type Payloads } from './actions'
import { emptyCart, type CartState } from './cart'
import type { ScreenId } from './screens/registry'

/**
 * UI state only, in small stores: what the cashier is doing right now. Backend data (the session,
 * the store, games, tickets, status) lives in the query cache (data/), read through useBackend.
 */

interface NavSlice {
  /** The screen shown while logged in and unlocked; the registry decides who may see it. */
  screen: ScreenId
  go(screen: ScreenId): void
}

export const useNav = create<NavSlice>()((set) => ({
  screen: 'sale',
  go: (screen) => set({ screen }),
}))

interface CartSlice {
  cart: CartState
  dispatch<K extends CartActionName>(name: K, payload: Payloads[K]): void
  /** Remembers the checkout's id without counting as a change to the cart. */
  setRequestId(requestId: string): void
  /** Records the age confirmation without counting as a change to the cart. */
  setAgeConfirmed(ageConfirmed: boolean): void
  reset(): void
  /** New unit prices by line key, after central changed them; the request id stays, nothing was sold. */
  reprice(prices: Record<string, number>): void
}

export const useCart = create<CartSlice>()((set) => ({
  cart: emptyCart,
  dispatch: (name, payload) => set((s) => ({ cart: perform(s.cart, name, payload) })),
  setRequestId: (requestId) => set((s) => ({ cart: { ...s.cart, requestId } })),
  setAgeConfirmed: (ageConfirmed) => set((s) => ({ cart: { ...s.cart, ageConfirmed } })),
  reset: () => set({ cart: emptyCart }),
  reprice: (prices) =>
    set((s) => ({
      cart: { ...s.cart, lines: s.cart.lines.map((l) => ({ ...l, unitPrice: prices[l.key] ?? l.unitPrice })) },
    })),
}))

interface LastSaleSlice {
  /** Transaction id of the sale completed at this counter in this session; null after a reload. */
  id: string | null
  /** Which ticket the preview shows; null: the last one. */
  previewId: string | null
  /** The tickets the panel lists, in order: what the preview steps through. */
  order: string[]
  setSale(id: string): void
  setPreview(id: string | null): void
  setOrder(order: string[]): void
  /** The previous (-1) or next (+1) ticket of the list in the preview, stopping at either end. */
  stepPreview(delta: number): void
  reset(): void
}

export const useLastSale = create<LastSaleSlice>()((set) => ({
  id: null,
  previewId: null,
  order: [],
  setSale: (id) => set({ id, previewId: null }),
  setPreview: (previewId) => set({ previewId }),
  setOrder: (order) => set((s) => (s.order.join() === order.join() ? s : { order })),
  stepPreview: (delta) =>
    set((s) => {
      if (s.order.length === 0) return s
      const at = s.previewId ? s.order.indexOf(s.previewId) : -1
      const from = at === -1 ? s.order.length - 1 : at
      const to = Math.min(s.order.length - 1, Math.max(0, from + delta))
      return { previewId: s.order[to] }
    }),
  reset: () => set({ id: null, previewId: null, order: [] }),
}))

export type Overlay =
  | { kind: 'confirm'; total: number }
  | { kind: 'picks'; key: string }
  /** Find a product by name, SKU or barcode typed (S), to add it to the cart. */
  | { kind: 'products' }
  | { kind: 'age'; games: string[] }
  | { kind: 'cancel'; ticket: TicketView }
  /** Cancel whatever ticket is scanned (the C key): no ticket chosen beforehand. */
  | { kind: 'cancelAny' }
  /** Escape with a cart: clear it? */
  | { kind: 'clearCart' }
  /** A copy of a ticket that already printed: a manager approves it with their PIN. */
  | { kind: 'reprintApproval'; ticket: Pick<TicketView, '_id' | 'ticket_number'>; message: string }
  | null

interface UiSlice {
  error: PosErrorShape | null
  /** Good news worth a line on screen (printer saved, reprint sent). */
  info: string | null
  overlay: Overlay
  /** A sale is on its way to the backend; Sell stays disabled until it answers. */
  selling: boolean
  showError(error: PosErrorShape | null): void
  showInfo(info: string | null): void
  setOverlay(overlay: Overlay): void
  setSelling(selling: boolean): void
}

export const useUi = create<UiSlice>()((set) => ({
  error: null,
  info: null,
  overlay: null,
  selling: false,
  showError: (error) => set(error ? { error, info: null } : { error: null }),
  showInfo: (info) => set(info ? { info, error: null } : { info: null }),
  setOverlay: (overlay) => set({ overlay }),
  setSelling: (selling) => set({ selling }),
}))
