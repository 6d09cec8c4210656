import { create } from 'zustand'
import type { AppInfo, SaleResult, SessionInfo, StatusInfo, TicketView } from '../shared/contract'
import type { PosErrorShape } from '../shared/errors'
import { perform, type CartActionName, type Payloads } from './actions'
import { emptyCart, type CartState } from './cart'

/**
 * UI state only, in small stores. Backend records (games, printer config...) are read through the
 * client where they are shown and re-read on pushed events; what lives here is what the cashier is
 * doing right now.
 */

export type View = 'sale' | 'settings' | 'validate' | 'results'

interface SessionSlice {
  app: AppInfo | null
  session: SessionInfo | null
  view: View
  setApp(app: AppInfo): void
  setSession(session: SessionInfo | null): void
  markLocked(): void
  setView(view: View): void
}

export const useSession = create<SessionSlice>()((set) => ({
  app: null,
  session: null,
  view: 'sale',
  setApp: (app) => set({ app }),
  setSession: (session) => set(session ? { session } : { session: null, view: 'sale' }),
  markLocked: () => set((s) => (s.session && !s.session.locked ? { session: { ...s.session, locked: true } } : s)),
  setView: (view) => set({ view }),
}))

export const can = (session: SessionInfo | null, permission: SessionInfo['permissions'][number]) =>
  session?.permissions.includes(permission) ?? false

interface CartSlice {
  cart: CartState
  dispatch<K extends CartActionName>(name: K, payload: Payloads[K]): void
  /** Remembers the checkout's id without counting as a change to the cart. */
  setRequestId(requestId: string): void
  /** Records the age confirmation without counting as a change to the cart. */
  setAgeConfirmed(ageConfirmed: boolean): void
  reset(): void
  /** New unit prices by game id, after central changed them; the request id stays, nothing was sold. */
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
      cart: { ...s.cart, lines: s.cart.lines.map((l) => ({ ...l, unitPrice: prices[l.gameId] ?? l.unitPrice })) },
    })),
}))

interface LastSaleSlice {
  /** The sale completed at this counter in this session; null after a reload. */
  sale: SaleResult | null
  /** Tickets of the last sale, kept current with print-status pushes. */
  tickets: TicketView[]
  /** Which ticket the preview shows; defaults to the last one. */
  previewId: string | null
  setSale(sale: SaleResult): void
  setTickets(tickets: TicketView[]): void
  patchTicket(id: string, patch: Partial<TicketView>): void
  mergeTickets(fresh: TicketView[]): void
  setPreview(id: string | null): void
  reset(): void
}

export const useLastSale = create<LastSaleSlice>()((set) => ({
  sale: null,
  tickets: [],
  previewId: null,
  setSale: (sale) => set({ sale, tickets: sale.tickets, previewId: sale.tickets.at(-1)?._id ?? null }),
  setTickets: (tickets) => set({ tickets, previewId: tickets.at(-1)?._id ?? null }),
  patchTicket: (id, patch) => set((s) => ({ tickets: s.tickets.map((t) => (t._id === id ? { ...t, ...patch } : t)) })),
  mergeTickets: (fresh) =>
    set((s) => {
      const byId = new Map(fresh.map((t) => [t._id, t]))
      return { tickets: s.tickets.map((t) => byId.get(t._id) ?? t) }
    }),
  setPreview: (previewId) => set({ previewId }),
  reset: () => set({ sale: null, tickets: [], previewId: null }),
}))

interface StatusSlice {
  status: StatusInfo | null
  setStatus(status: StatusInfo | null): void
}

export const useStatus = create<StatusSlice>()((set) => ({
  status: null,
  setStatus: (status) => set({ status }),
}))

export type Overlay =
  | { kind: 'confirm'; total: number }
  | { kind: 'picks'; gameId: string }
  | { kind: 'age'; games: string[] }
  | { kind: 'cancel'; ticket: TicketView }
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
