import { useEffect, useRef } from 'react'
import type { Game } from '../shared/contract'
import type { CartActionName, CommandName, Payloads, Resolved } from './actions'
import { lock, reprintLast, sell } from './checkout'
import { openValidate } from './claims'
import { createScanDetector, resolveSaleKey } from './scanner'
import { can, useCart, useSession, useUi } from './store'

/**
 * The one path every cashier action takes, whether it came from a key, a touch or the
 * scanner, so the rules about when an action is allowed live in one place.
 */
export function run(r: Resolved): void {
  const ui = useUi.getState()
  if (r.kind === 'scan') {
    // Whatever digits of the code reached the multiplier are taken back; the cart never saw a scan.
    useCart.getState().dispatch('setMultiplier', { multiplier: r.multiplier })
    void openValidate(r.digits)
    return
  }
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
    case 'validate':
      if (can(useSession.getState().session, 'ticket.validate')) useSession.getState().setView('validate')
      return
    case 'results':
      useSession.getState().setView('results')
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
    const scanner = createScanDetector()
    const onKey = (e: KeyboardEvent) => {
      const ui = useUi.getState()
      const r = resolveSaleKey(scanner, e, useCart.getState().cart, {
        games: gamesRef.current,
        errorShown: ui.error !== null,
        overlayOpen: ui.overlay !== null,
        canConfigure: can(useSession.getState().session, 'printer.configure'),
      })
      if (!r) return
      // F5 would reload the page and F1 open help; the key is ours once it means a cashier action.
      e.preventDefault()
      if (r.kind !== 'hold') run(r)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}
