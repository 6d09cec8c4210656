import { useEffect, useRef } from 'react'
import { formatMoney } from '../../shared/money'
import { pay, useClaims } from '../claims'

/** A second look before cash leaves the drawer for a large prize. */
export function CashConfirmDialog({ amount, currency }: { amount: number; currency: string }) {
  const busy = useClaims((s) => s.busy)
  const yes = useRef<HTMLButtonElement>(null)
  const close = () => useClaims.setState({ cashConfirm: null })

  useEffect(() => {
    yes.current?.focus()
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && !e.repeat) {
        e.preventDefault()
        void pay(true)
      } else if (e.key === 'Escape') {
        e.preventDefault()
        useClaims.setState({ cashConfirm: null })
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  return (
    <div className="overlay">
      <div
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="cash-title"
        data-testid="cash-confirm-dialog"
      >
        <h2 id="cash-title">Pay this prize in cash</h2>
        <p className="dialog-amount">{formatMoney(amount, currency)}</p>
        <p>Count the cash before you confirm. The payout is recorded at once and cannot be undone here.</p>
        <div className="dialog-actions">
          <button type="button" className="btn big" data-testid="cash-confirm-no" onClick={close}>
            Not now <kbd>Esc</kbd>
          </button>
          <button
            ref={yes}
            type="button"
            className="btn big primary"
            data-testid="cash-confirm-yes"
            disabled={busy}
            onClick={() => void pay(true)}
          >
            I have {formatMoney(amount, currency)} in cash to pay <kbd>Enter</kbd>
          </button>
        </div>
      </div>
    </div>
  )
}
