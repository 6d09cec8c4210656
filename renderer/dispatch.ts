import { useEffect, useRef } from 'react'
import type { Game } from '../shared/domain'
import { resolveKey, type CartActionName, type CommandName, type Payloads, type Resolved } from './actions'
import { lock, reprintLast, sell } from './checkout'
import { can, useCart, useSession, useUi } from './store'

/**
 * The one path every cashier action takes, whether it came from a key, a touch or (later) the
 * scanner, so the rules about when an action is allowed live in one place.
 */
export function run(r: Resolved): void {
  const ui = useUi.getState()
  if (r.kind === 'cart') {
    // The cart being sold is frozen until the backend answers; an edit now would be cleared unseen.
    if (ui.selling) return
    if (ui.info) ui.showInfo(null)
    useCart.getState().dispatch(r.name, r.payload as never)
    return
  }
  runCommand(r.name)
}

export function runCart<K extends CartActionName>(name: K, payload: Payloads[K]): void {
  run({ kind: 'cart', name, payload } as Resolved)
}

export function runCommand(name: CommandName): void {
  const ui = useUi.getState()
  switch (name) {
    case 'sell':
      void sell()
      return
    case 'dismissError':
      ui.showError(null)
      return
    case 'reprintLast':
      void reprintLast()
      return
    case 'lock':
      void lock()
      return
    case 'settings':
      if (can(useSession.getState().session, 'printer.configure')) useSession.getState().setView('settings')
      return
  }
}

/** Listens for the sale screen's keys while it is mounted. */
export function useSaleKeys(games: Game[]): void {
  const gamesRef = useRef(games)
  useEffect(() => {
    gamesRef.current = games
  }, [games])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const ui = useUi.getState()
      const r = resolveKey(e, useCart.getState().cart, {
        games: gamesRef.current,
        errorShown: ui.error !== null,
        overlayOpen: ui.overlay !== null,
        canConfigure: can(useSession.getState().session, 'printer.configure'),
      })
      if (!r) return
      // F5 would reload the page and F1 open help; the key is ours once it means a cashier action.
      e.preventDefault()
      run(r)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}
