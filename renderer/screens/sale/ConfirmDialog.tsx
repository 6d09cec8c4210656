import { formatMoney } from '../../../shared/money'
import { ticketCount } from '../../cart'
import { sell } from '../../checkout'
import { YesNoDialog } from '../../components/YesNoDialog'
import { useAppInfo } from '../../data/backend'
import { useCart, useUi } from '../../store'

/** A deliberate second step for a large sale. */
export function ConfirmDialog({ total }: { total: number }) {
  const app = useAppInfo()
  const cart = useCart((s) => s.cart)
  const setOverlay = useUi((s) => s.setOverlay)
  const selling = useUi((s) => s.selling)
  const currency = app?.store.currency ?? 'USD'
  return (
    <YesNoDialog
      testid="confirm"
      title="Confirm this sale"
      headline={<span data-testid="confirm-total">{formatMoney(total, currency)}</span>}
      yesLabel="Confirm sale"
      noLabel="Back to cart"
      onYes={() => void sell(true)}
      onNo={() => setOverlay(null)}
      busy={selling}
      deliberate
    >
      <p>
        {ticketCount(cart)} tickets, paid by {cart.payment}. Sales above{' '}
        {formatMoney(app?.confirm_threshold ?? 0, currency)} need a second look.
      </p>
    </YesNoDialog>
  )
}
