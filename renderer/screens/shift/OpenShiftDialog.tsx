import { useState } from 'react'
import type { CashCount } from '../../../shared/contract'
import { formatMoney } from '../../../shared/money'
import { Dialog, DialogActions } from '../../components/Dialog'
import { useAppInfo, useBackend, useBackendMutation } from '../../data/backend'
import type { Binding } from '../../keys/keymap'
import { CashCountInput, countTotal } from './CashCountInput'
import { useShiftDialogs } from './state'

/**
 * Opening the shift: the cash put in the drawer (the float), typed as a total or counted bill by bill. Offered
 * at login whenever this terminal has no shift; selling, paying and cancelling wait for it.
 */
export function OpenShiftDialog() {
  const currency = useAppInfo()?.store.currency ?? 'USD'
  const current = useBackend('shift-current', {})
  const { decline } = useShiftDialogs()
  const [float, setFloat] = useState<CashCount | null>({ total: 0 })
  const [error, setError] = useState<string | null>(null)
  const open = useBackendMutation('shift-open')
  const denominations = current.data?.denominations ?? []
  const total = countTotal(float, denominations)

  const submit = async () => {
    if (open.isPending) return
    if (!float) return setError('Enter the float: an amount, or how many of each bill and coin.')
    setError(null)
    try {
      await open.mutateAsync({ float })
      useShiftDialogs.getState().open(null)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  // Enter in a field submits the form (a field's Enter is the field's own); Escape is "not now".
  const keys: Binding[] = [{ keys: ['Escape'], inFields: true, run: decline }]

  return (
    <Dialog testid="open-shift-dialog" labelledBy="open-shift-title" keys={keys}>
      <h2 id="open-shift-title">Open your shift</h2>
      <p className="muted">
        Count the cash you are putting in the drawer. Sales, payouts and cancellations go into your shift until you
        close it with a count.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <CashCountInput
          value={float}
          onChange={setFloat}
          denominations={denominations}
          currency={currency}
          testid="float"
          what="Opening float"
          autoFocus
        />
        {error && (
          <div className="banner error" role="alert" data-testid="open-shift-error">
            {error}
          </div>
        )}
        <DialogActions>
          <button type="button" className="btn big" onClick={decline} data-testid="open-shift-later">
            Not now <kbd>Esc</kbd>
          </button>
          <button
            type="submit"
            className="btn big primary"
            disabled={open.isPending || float === null}
            data-testid="open-shift-submit"
          >
            Open shift with {total === null ? '…' : formatMoney(total, currency)} <kbd>Enter</kbd>
          </button>
        </DialogActions>
      </form>
    </Dialog>
  )
}
