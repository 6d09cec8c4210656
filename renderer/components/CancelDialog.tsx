import { useState } from 'react'
import type { CancelResult, PublicUser, TicketView } from '../../shared/contract'
import { contract } from '../../shared/contract'
import { ErrorCodes } from '../../shared/errors'
import { formatMoney } from '../../shared/money'
import { formatTicketNumber } from '../../shared/ticket-number'
import { ticketCancelled } from '../claims'
import { useAppInfo, useBackendMutation } from '../data/backend'
import { cancelOffer, useMinuteTick } from '../data/tickets'
import { messagesOf, useContractForm } from '../forms/contractForm'
import type { Binding } from '../keys/keymap'
import { useUi } from '../store'
import styles from './CancelDialog.module.css'
import { Dialog, DialogActions } from './Dialog'
import { ApproverChoice, ApproverPin, approverKeys, useApprovers } from './ManagerApproval'
import { Receipt, RefundTotals } from './Receipt'

export const DEFAULT_CANCEL_REASON = 'Sold in error'

const PRESENT_TICKET = 'Scan the ticket, or type its 18-digit number and the 8-digit code printed under the barcode.'

/**
 * The contract's own rules for the presented ticket and the reason, plus the one thing the
 * counter can tell before asking: a scan or a typed number and code has 26 digits.
 */
export const cancelFormSchema = contract['ticket-cancel'].args
  .pick({ input: true, reason: true })
  .refine((v) => v.input.replace(/\D/g, '').length >= 26, { path: ['input'], message: PRESENT_TICKET })

/** "cancellable for 7 more minutes", as long as the backend said it would accept the cancellation. */
export function CancelWindow({ ticket }: { ticket: TicketView }) {
  const now = useMinuteTick()
  const offer = cancelOffer(ticket, now)
  if (!offer) return null
  return (
    <span className={styles.window} data-testid="cancel-window" data-minutes={offer.minutes}>
      {' · '}
      {offer.text}
    </span>
  )
}

/**
 * Reason, then (only when the backend asks) a manager and their PIN, then the refund. Every
 * refusal is shown in the backend's words: they say exactly why a ticket cannot be cancelled.
 */
export function CancelDialog({ ticket }: { ticket?: TicketView }) {
  const setOverlay = useUi((s) => s.setOverlay)
  const currency = useAppInfo()?.store.currency ?? 'USD'
  // The ticket in the cashier's hand: the backend cancels only a presented ticket, never one picked from a list.
  const form = useContractForm(cancelFormSchema, { defaultValues: { input: '', reason: DEFAULT_CANCEL_REASON } })
  const [needsApproval, setNeedsApproval] = useState(false)
  const managers = useApprovers(needsApproval)
  const [approver, setApprover] = useState<PublicUser | null>(null)
  const [pin, setPin] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<CancelResult | null>(null)
  const cancel = useBackendMutation('ticket-cancel')
  const busy = cancel.isPending
  const close = () => setOverlay(null)
  const choosing = needsApproval && !approver && !done
  const shown = done?.ticket ?? ticket

  const submit = form.handleSubmit(
    async ({ input, reason }) => {
      if (busy) return
      setError(null)
      try {
        const result = await cancel.mutateAsync({
          input: input.trim(),
          reason,
          ...(needsApproval && approver ? { approver: { userId: approver._id, pin } } : {}),
        })
        setDone(result)
        ticketCancelled(result.ticket)
      } catch (e) {
        const err = e as { code?: string; message: string }
        setError(err.message)
        if (err.code === ErrorCodes.MANAGER_APPROVAL_REQUIRED) {
          setNeedsApproval(true)
          setApprover(null)
          setPin('')
        } else if (err.code === ErrorCodes.PIN_WRONG || err.code === ErrorCodes.LOCKED_OUT) setPin('')
      }
    },
    (errors) => setError(messagesOf(errors)[0] ?? null),
  )

  const keys: Binding[] = [
    { keys: ['Escape'], inFields: true, run: () => (done || !approver ? close() : false) },
    approverKeys(choosing, managers, setApprover),
  ]

  return (
    <Dialog testid="cancel-dialog" labelledBy="cancel-title" wide keys={keys}>
      <h2 id="cancel-title">
        {done ? 'Ticket cancelled' : shown ? 'Cancel ticket' : 'Cancel a ticket'}
        {shown && (
          <>
            {' · '}
            <span className="ticket-number">{formatTicketNumber(shown.ticket_number)}</span>
          </>
        )}
      </h2>
      {shown ? (
        <p className="muted">
          {shown.game_name} · {shown.numbers.join(' ')} · {formatMoney(shown.price, currency)}
          {!done && <CancelWindow ticket={shown} />}
        </p>
      ) : (
        <p className="muted">Scan the ticket the player hands back; the cart stays as it is.</p>
      )}
      {(error ?? managers.error?.message) && !done && (
        <div className={`banner ${choosing ? 'warn' : 'error'}`} data-testid="cancel-error" role="alert">
          {error ?? managers.error?.message}
        </div>
      )}

      {done ? (
        <div data-testid="cancel-done" data-cancellation-id={done.cancellation_id}>
          <RefundTotals refund={done} currency={currency} testid="refund-total" className={styles.refund} />
          <Receipt receipt={done.receipt} centred />
          <DialogActions>
            <button type="button" className="btn big primary" data-testid="cancel-close" autoFocus onClick={close}>
              Done <kbd>Enter</kbd>
            </button>
          </DialogActions>
        </div>
      ) : choosing ? (
        <ApproverChoice
          what="cancellation"
          testid="approver-tile"
          backTestid="cancel-back"
          list={managers}
          onChoose={setApprover}
          onBack={close}
        />
      ) : approver ? (
        <ApproverPin
          approver={approver}
          pin={pin}
          onPin={(p) => {
            setPin(p)
            if (p) setError(null)
          }}
          onSubmit={() => void submit()}
          onBack={() => setApprover(null)}
          busy={busy}
        />
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <label className="dialog-field">
            <span className="muted">Ticket: scan it, or type its number and code</span>
            <input
              data-testid="cancel-scan"
              autoFocus
              autoComplete="off"
              inputMode="numeric"
              maxLength={80}
              {...form.register('input')}
            />
          </label>
          <label className="dialog-field">
            <span className="muted">Reason</span>
            <input
              data-testid="cancel-reason"
              autoComplete="off"
              maxLength={200}
              onFocus={(e) => e.currentTarget.select()}
              {...form.register('reason')}
            />
          </label>
          <DialogActions>
            <button type="button" className="btn big" data-testid="cancel-back" onClick={close}>
              Keep ticket <kbd>Esc</kbd>
            </button>
            <button type="submit" className="btn big danger" data-testid="cancel-confirm" disabled={busy}>
              {busy ? 'Cancelling…' : 'Cancel and refund'} <kbd>Enter</kbd>
            </button>
          </DialogActions>
        </form>
      )}
    </Dialog>
  )
}
