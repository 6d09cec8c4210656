import { useState } from 'react'
import type { MovementKind, MovementResult } from '../../../shared/contract'
import { formatMoney } from '../../../shared/money'
import { Dialog, DialogActions } from '../../components/Dialog'
import { Receipt } from '../../components/Receipt'
import { useAppInfo, useBackendMutation } from '../../data/backend'
import { parseMoney } from '../../format'
import type { Binding } from '../../keys/keymap'
import { useShiftDialogs } from './state'

export const MOVE_TITLES: Record<MovementKind, string> = {
  pay_in: 'Pay in',
  pay_out: 'Pay out',
  drop: 'Drop to the safe',
  no_sale: 'Open the drawer (no sale)',
}

const HINTS: Record<MovementKind, string> = {
  pay_in: 'Cash put into the drawer that is not a sale: change from the safe, a float top-up.',
  pay_out: 'Cash taken out of the drawer to pay for something: a supplier, a cleaner, stamps.',
  drop: 'Cash taken out of the drawer to the safe, so the drawer never holds too much.',
  no_sale: 'Opens the drawer without moving any money: for change, a jammed coin. The reason is on record.',
}

/** Pay in, pay out, drop or no sale: an amount (none for no sale), a reason, the drawer opens, a slip prints. */
export function MoveCashDialog({ kind }: { kind: MovementKind }) {
  const currency = useAppInfo()?.store.currency ?? 'USD'
  const close = () => useShiftDialogs.getState().open(null)
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<MovementResult | null>(null)
  const move = useBackendMutation('shift-move')
  const noSale = useBackendMutation('shift-no-sale')
  const busy = move.isPending || noSale.isPending

  const submit = async () => {
    if (busy || done) return
    setError(null)
    try {
      if (kind === 'no_sale') setDone(await noSale.mutateAsync({ reason }))
      else {
        const minor = parseMoney(amount, currency)
        if (minor === null || minor <= 0) return setError('Enter an amount more than zero, like 20.00.')
        setDone(await move.mutateAsync({ kind, amount: minor, reason }))
      }
    } catch (e) {
      setError((e as Error).message)
    }
  }
  // Enter in a field submits the form (a field's Enter is the field's own); once done, Enter closes.
  const keys: Binding[] = [
    { keys: ['Escape'], inFields: true, run: close },
    { keys: ['Enter'], run: () => (done ? close() : void submit()) },
  ]

  return (
    <Dialog testid="move-cash-dialog" labelledBy="move-cash-title" keys={keys}>
      <h2 id="move-cash-title">{MOVE_TITLES[kind]}</h2>
      {done ? (
        <>
          <div className="banner success" role="status" data-testid="move-cash-done">
            {MOVE_TITLES[kind]}
            {kind === 'no_sale' ? '' : ` of ${formatMoney(done.movement.amount, currency)}`} recorded in shift. The
            drawer opened.
          </div>
          <Receipt receipt={done.receipt} what="Slip" forCustomer={false} />
        </>
      ) : (
        <form
          id="move-cash-form"
          className="form"
          onSubmit={(e) => {
            e.preventDefault()
            void submit()
          }}
        >
          <p className="muted">{HINTS[kind]}</p>
          {kind !== 'no_sale' && (
            <label>
              <span>Amount ({currency})</span>
              <input
                inputMode="decimal"
                autoFocus
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
                data-testid="move-cash-amount"
              />
            </label>
          )}
          <label>
            <span>Reason</span>
            <input
              autoFocus={kind === 'no_sale'}
              value={reason}
              maxLength={200}
              onChange={(e) => setReason(e.target.value)}
              data-testid="move-cash-reason"
            />
          </label>
        </form>
      )}
      {error && (
        <div className="banner error" role="alert" data-testid="move-cash-error">
          {error}
        </div>
      )}
      <DialogActions>
        <button type="button" className="btn big" onClick={close} data-testid="move-cash-close">
          {done ? 'Done' : 'Back'} <kbd>{done ? 'Enter' : 'Esc'}</kbd>
        </button>
        {!done && (
          <button
            type="submit"
            form="move-cash-form"
            className="btn big primary"
            disabled={busy}
            data-testid="move-cash-submit"
          >
            Record and open drawer <kbd>Enter</kbd>
          </button>
        )}
      </DialogActions>
    </Dialog>
  )
}
