import { formatMoney } from '../../../shared/money'
import { ticketCount, totalsOf } from '../../cart'
import { YesNoDialog } from '../../components/YesNoDialog'
import { useAppInfo } from '../../data/backend'
import { runCart } from '../../dispatch'
import { useCart, useUi } from '../../store'

/**
 * Escape is easy to hit by accident: a cart is cleared only once the cashier says so, with Y. Enter never
 * answers: the next scan ends in Enter, and it must not wipe the cart the cashier meant to keep.
 */
export function ClearCartDialog() {
  const app = useAppInfo()
  const cart = useCart((s) => s.cart)
  const setOverlay = useUi((s) => s.setOverlay)
  const currency = app?.store.currency ?? 'USD'
  const n = ticketCount(cart)
  return (
    <YesNoDialog
      testid="clear-cart"
      title="Clear the cart?"
      headline={`${n} ${n === 1 ? 'ticket' : 'tickets'} · ${formatMoney(totalsOf(cart, app?.store.tax_rate_bps ?? 0).total_amount, currency)}`}
      yesLabel="Clear cart"
      noLabel="Keep cart"
      onYes={() => {
        setOverlay(null)
        runCart('clear', undefined)
      }}
      onNo={() => setOverlay(null)}
      deliberate
      danger
    >
      <p>Nothing has been sold. Clearing removes every line of this cart.</p>
    </YesNoDialog>
  )
}
