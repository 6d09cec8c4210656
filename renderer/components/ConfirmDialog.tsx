import { useEffect, useRef } from 'react'
import { formatMoney } from '../../shared/money'
import { ticketCount } from '../cart'
import { sell } from '../checkout'
import { useCart, useSession, useUi } from '../store'

/** A deliberate second step for a large sale: Enter confirms, Escape goes back to the cart. */
export function ConfirmDialog({ total }: { total: number }) {
  const app = useSession((s) => s.app)
  const cart = useCart((s) => s.cart)
  const setOverlay = useUi((s) => s.setOverlay)
  const selling = useUi((s) => s.selling)
  const yes = useRef<HTMLButtonElement>(null)
  const currency = app?.store.currency ?? 'USD'

  useEffect(() => {
    yes.current?.focus()
    const onKey = (e: KeyboardEvent) => {
      // A held Enter from the Sell press must not also confirm.
      if (e.key === 'Enter' && !e.repeat) {
        e.preventDefault()
        void sell(true)
      } else if (e.key === 'Escape') {
        e.preventDefault()
        setOverlay(null)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [setOverlay])

  return (
    <div className="overlay">
      <div
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        data-testid="confirm-dialog"
      >
        <h2 id="confirm-title">Confirm this sale</h2>
        <p className="dialog-amount" data-testid="confirm-total">
          {formatMoney(total, currency)}
        </p>
        <p>
          {ticketCount(cart)} tickets, paid by {cart.payment}. Sales above{' '}
          {formatMoney(app?.confirm_threshold ?? 0, currency)} need a second look.
        </p>
        <div className="dialog-actions">
          <button type="button" className="btn big" data-testid="confirm-no" onClick={() => setOverlay(null)}>
            Back to cart <kbd>Esc</kbd>
          </button>
          <button
            ref={yes}
            type="button"
            className="btn big primary"
            data-testid="confirm-yes"
            disabled={selling}
            onClick={() => void sell(true)}
          >
            Confirm sale <kbd>Enter</kbd>
          </button>
        </div>
      </div>
    </div>
  )
}
