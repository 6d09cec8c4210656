import type { ScanResult } from '../shared/contract'
import { ErrorCodes } from '../shared/errors'
import { classifyScan } from '../shared/scan'
import { errorShape } from './api'
import { openValidate } from './claims'
import { call } from './data/backend'
import { useCart, useUi } from './store'

/**
 * The counter's one scanner path (shared/scan.ts): a draw ticket opens its check; an instant ticket or a
 * product is asked of the backend (sale-scan: sold yet? in stock?) and added to the cart, the multiplier typed
 * before it counting for a product. Anything else shows why it was refused. Answers whether it added a line.
 */
export async function addByCode(code: string): Promise<boolean> {
  const ui = useUi.getState()
  const kind = classifyScan(code)
  if (kind.kind === 'ticket') {
    void openValidate(kind.digits)
    return false
  }
  if (kind.kind === 'invalid') {
    ui.showError({ code: ErrorCodes.BARCODE_INVALID, message: kind.reason })
    return false
  }
  let scan: ScanResult
  try {
    scan = await call('sale-scan', { code })
  } catch (e) {
    ui.showError(errorShape(e))
    return false
  }
  return addFound(scan)
}

/** Adds what a scan or the product search found, unless a sale is on its way (its cart is frozen). */
export function addFound(scan: ScanResult, count?: number): boolean {
  const ui = useUi.getState()
  if (ui.selling) {
    ui.showError({ code: ErrorCodes.VALIDATION, message: 'Wait for the sale to finish, then scan again.' })
    return false
  }
  if (ui.error) ui.showError(null)
  useCart.getState().dispatch('addScanned', { scan, ...(count === undefined ? {} : { count }) })
  return true
}
