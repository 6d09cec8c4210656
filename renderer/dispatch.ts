import { useState } from 'react'
import type { Game } from '../shared/contract'
import type { CartActionName, CommandName, Payloads, Resolved } from './actions'
import { lock, reprintLast, sell } from './checkout'
import { scrollPreview } from './screens/sale/preview'
import { openPrintQueue } from './screens/printqueue/state'
import { can, currentSession } from './data/session'
import { useKeymap } from './keys/useKeymap'
import { addByCode } from './scan'
import { createScanDetector, resolveSaleKey } from './scanner'
import { backOfficeEntry, mayOpen, screenById, type ScreenId } from './screens/registry'
import { useCart, useLastSale, useNav, useUi } from './store'

/**
 * The one path every cashier action takes, whether it came from a key, a touch or the
 * scanner, so the rules about when an action is allowed live in one place.
 */
export function run(r: Resolved): void {
  const ui = useUi.getState()
  if (r.kind === 'scan') {
    // Whatever digits of the code reached the multiplier are taken back; the cart never saw a scan.
    useCart.getState().dispatch('setMultiplier', { multiplier: r.multiplier })
    void addByCode(r.digits)
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

/** Opens a screen of the registry if this user may see it. */
export function openScreen(id: ScreenId): void {
  if (mayOpen(screenById(id), currentSession())) useNav.getState().go(id)
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
    case 'backOffice': {
      const entry = backOfficeEntry(currentSession())
      if (entry) useNav.getState().go(entry.id)
      return
    }
    case 'validate':
      openScreen('validate')
      return
    case 'results':
      openScreen('results')
      return
    case 'printQueue':
      openPrintQueue()
      return
    case 'askClear':
      ui.setOverlay({ kind: 'clearCart' })
      return
    case 'findProduct':
      ui.setOverlay({ kind: 'products' })
      return
    case 'cancelTicket':
      if (can(currentSession(), 'ticket.cancel')) ui.setOverlay({ kind: 'cancelAny' })
      return
    case 'previewPrevious':
    case 'previewNext':
      useLastSale.getState().stepPreview(name === 'previewNext' ? 1 : -1)
      return
    case 'previewUp':
    case 'previewDown':
      scrollPreview(name === 'previewDown' ? 1 : -1)
      return
  }
}

/**
 * The sale screen's keymap: the scanner looks first, then the cashier action registry
 * (actions.ts) resolves the key, and the action runs on the same path as its button.
 */
export function useSaleKeys(games: Game[]): void {
  const [scanner] = useState(createScanDetector)
  useKeymap((e) => {
    const ui = useUi.getState()
    const r = resolveSaleKey(scanner, e, useCart.getState().cart, {
      games,
      errorShown: ui.error !== null,
      overlayOpen: ui.overlay !== null,
      backOffice: backOfficeEntry(currentSession()) !== undefined,
    })
    if (!r) return false
    if (r.kind !== 'hold') run(r)
    return true
  })
}
