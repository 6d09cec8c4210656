import { useState } from 'react'
import type { CancelResult, PublicUser, TicketView } from '../../shared/contract'
import { ErrorCodes } from '../../shared/errors'
import { formatMoney } from '../../shared/money'
import { formatTicketNumber } from '../../shared/ticket-number'
import { errorShape, invoke } from '../api'
import { ticketCancelled } from '../claims'
import { useSession, useUi } from '../store'
import { PinPad } from './PinPad'
import { Receipt } from './Receipt'

export const DEFAULT_CANCEL_REASON = 'Sold in error'

/** Managers and admins may approve; the backend checks again and has the last word. */
export const approvers = (users: PublicUser[]) => users.filter((u) => u.role === 'manager' || u.role === 'admin')

/**
 * Reason, then (only when the backend asks) a manager and their PIN, then the refund. Every
 * refusal is shown in the backend's words: they say exactly why a ticket cannot be cancelled.
 */
export function CancelDialog({ ticket }: { ticket: TicketView }) {
  const setOverlay = useUi((s) => s.setOverlay)
  const currency = useSession((s) => s.app?.store.currency ?? 'USD')
  const [reason, setReason] = useState(DEFAULT_CANCEL_REASON)
  // The ticket in the cashier's hand: the backend cancels only a presented ticket, never one picked from a list.
  const [presented, setPresented] = useState('')
  const [managers, setManagers] = useState<PublicUser[] | null>(null)
  const [needsApproval, setNeedsApproval] = useState(false)
  const [approver, setApprover] = useState<PublicUser | null>(null)
  const [pin, setPin] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<CancelResult | null>(null)
  const close = () => setOverlay(null)

  async function askApproval() {
    setNeedsApproval(true)
    setApprover(null)
    setPin('')
    if (managers) return
    try {
      setManagers(approvers(await invoke('auth-users', {})))
    } catch (e) {
      setError(errorShape(e).message)
    }
  }

  async function submit() {
    if (busy) return
    if (presented.replace(/\D/g, '').length < 26) {
      setError('Scan the ticket, or type its 18-digit number and the 8-digit code printed under the barcode.')
      return
    }
    if (reason.trim().length < 3) {
      setError('Give a reason of at least 3 characters.')
      return
    }
    setBusy(true)
    setError(null)
    try {
      const result = await invoke('ticket-cancel', {
        input: presented.trim(),
        reason: reason.trim(),
        ...(needsApproval && approver ? { approver: { userId: approver._id, pin } } : {}),
      })
      setDone(result)
      ticketCancelled(result.ticket)
    } catch (e) {
      const err = errorShape(e)
      setError(err.message)
      if (err.code === ErrorCodes.MANAGER_APPROVAL_REQUIRED) await askApproval()
      else if (err.code === ErrorCodes.PIN_WRONG || err.code === ErrorCodes.LOCKED_OUT) setPin('')
    } finally {
      setBusy(false)
    }
  }

  const choosing = needsApproval && !approver && !done

  return (
    <div className="overlay">
      <div
        className="dialog wide"
        role="dialog"
        aria-modal="true"
        aria-labelledby="cancel-title"
        data-testid="cancel-dialog"
        onKeyDown={(e) => {
          if (e.key === 'Escape' && !approver) {
            e.preventDefault()
            close()
          } else if (choosing && /^[1-9]$/.test(e.key) && managers?.[Number(e.key) - 1]) {
            e.preventDefault()
            setApprover(managers[Number(e.key) - 1])
          }
        }}
      >
        <h2 id="cancel-title">
          {done ? 'Ticket cancelled' : 'Cancel ticket'} ·{' '}
          <span className="ticket-number">{formatTicketNumber(ticket.ticket_number)}</span>
        </h2>
        <p className="muted">
          {ticket.game_name} · {ticket.numbers.join(' ')} · {formatMoney(ticket.price, currency)}
        </p>
        {error && !done && (
          <div className={`banner ${choosing ? 'warn' : 'error'}`} data-testid="cancel-error" role="alert">
            {error}
          </div>
        )}

        {done ? (
          <div className="cancel-done" data-testid="cancel-done" data-cancellation-id={done.cancellation_id}>
            <dl className="totals refund">
              <div>
                <dt>Price</dt>
                <dd>{formatMoney(done.price, currency)}</dd>
              </div>
              <div>
                <dt>Tax</dt>
                <dd>{formatMoney(done.tax, currency)}</dd>
              </div>
              <div className="grand">
                <dt>Refund</dt>
                <dd data-testid="refund-total">{formatMoney(done.total_amount, currency)}</dd>
              </div>
            </dl>
            <Receipt receipt={done.receipt} />
            <div className="dialog-actions">
              <button type="button" className="btn big primary" data-testid="cancel-close" autoFocus onClick={close}>
                Done <kbd>Enter</kbd>
              </button>
            </div>
          </div>
        ) : choosing ? (
          <section aria-label="Manager approval">
            <h3>A manager approves this cancellation. Tap your name or press its number.</h3>
            {managers === null && <p className="muted">Loading managers…</p>}
            <div className="user-tiles compact">
              {managers?.map((u, i) => (
                <button
                  key={u._id}
                  type="button"
                  className="user-tile"
                  data-testid={`approver-tile-${u.username}`}
                  autoFocus={i === 0}
                  onClick={() => setApprover(u)}
                >
                  {i < 9 && <span className="key-badge">{i + 1}</span>}
                  <span className="user-name">{u.name}</span>
                  <span className={`role role-${u.role}`}>{u.role}</span>
                </button>
              ))}
            </div>
            <div className="dialog-actions">
              <button type="button" className="btn big" data-testid="cancel-back" onClick={close}>
                Keep ticket <kbd>Esc</kbd>
              </button>
            </div>
          </section>
        ) : approver ? (
          <section className="approver-pin" aria-label="Manager PIN">
            <h3>
              {approver.name} <span className={`role role-${approver.role}`}>{approver.role}</span>: PIN to approve
            </h3>
            <PinPad
              pin={pin}
              onChange={(p) => {
                setPin(p)
                if (p) setError(null)
              }}
              onSubmit={() => void submit()}
              onCancel={() => setApprover(null)}
              busy={busy}
            />
            <button type="button" className="btn ghost" onClick={() => setApprover(null)}>
              ← Another manager (Esc)
            </button>
          </section>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault()
              void submit()
            }}
          >
            <label className="cancel-reason">
              <span className="muted">Ticket: scan it, or type its number and code</span>
              <input
                data-testid="cancel-scan"
                autoFocus
                autoComplete="off"
                inputMode="numeric"
                maxLength={80}
                value={presented}
                onChange={(e) => setPresented(e.currentTarget.value)}
              />
            </label>
            <label className="cancel-reason">
              <span className="muted">Reason</span>
              <input
                data-testid="cancel-reason"
                autoComplete="off"
                maxLength={200}
                value={reason}
                onFocus={(e) => e.currentTarget.select()}
                onChange={(e) => setReason(e.currentTarget.value)}
              />
            </label>
            <div className="dialog-actions">
              <button type="button" className="btn big" data-testid="cancel-back" onClick={close}>
                Keep ticket <kbd>Esc</kbd>
              </button>
              <button type="submit" className="btn big danger" data-testid="cancel-confirm" disabled={busy}>
                {busy ? 'Cancelling…' : 'Cancel and refund'} <kbd>Enter</kbd>
              </button>
            </div>
          </form>
        )}
      </div>
    </div>
  )
}
