import { formatMoney } from '../../shared/money'
import { ticketCount, totalsOf } from '../cart'
import { logout } from '../checkout'
import { useAppInfo, useBackend, useSessionInfo } from '../data/backend'
import { useCart } from '../store'
import { YesNoDialog } from './YesNoDialog'

/**
 * What logging out would leave behind: a cart not sold (cleared by the logout) and the cashier's own shift still
 * open (it stays open; the day's close needs it counted). Null when there is nothing to say: log out at once.
 */
export function useLeaving(): { cart: string | null; shift: string | null } | null {
  const app = useAppInfo()
  const cart = useCart((s) => s.cart)
  const session = useSessionInfo()
  const active = !!session && !session.locked && !session.mustChangePin
  const shift = useBackend('shift-current', {}, { enabled: active }).data?.shift
  const n = ticketCount(cart)
  const left = {
    cart:
      cart.lines.length > 0
        ? `${n} ${n === 1 ? 'ticket' : 'tickets'} · ${formatMoney(totalsOf(cart, app?.store.tax_rate_bps ?? 0).total_amount, app?.store.currency ?? 'USD')}`
        : null,
    shift: shift?.mine && shift.status === 'open' ? `Shift ${shift.shift_number}` : null,
  }
  return left.cart || left.shift ? left : null
}

/** Log out, once the cashier has seen what it leaves: the cart cleared, their shift still open. */
export function LogoutDialog({
  leaving,
  onStay,
}: {
  leaving: NonNullable<ReturnType<typeof useLeaving>>
  onStay: () => void
}) {
  return (
    <YesNoDialog
      testid="logout"
      title="Log out?"
      headline={leaving.cart ?? leaving.shift}
      yesLabel="Log out"
      noLabel="Stay"
      onYes={() => void logout()}
      onNo={onStay}
    >
      {leaving.cart && <p data-testid="logout-cart">The cart is not sold: logging out clears it.</p>}
      {leaving.shift && (
        <p data-testid="logout-shift">
          {leaving.shift} stays open in your name. Done for the day? Close it first in Back office, Cash office: the
          drawer is counted and the day can close.
        </p>
      )}
    </YesNoDialog>
  )
}
