import { useEffect, useState } from 'react'
import type { CancelResult, PrintQueueResult, PublicUser, UnprintedTicket } from '../../../shared/contract'
import { ErrorCodes } from '../../../shared/errors'
import { formatMoney } from '../../../shared/money'
import { formatTicketNumber } from '../../../shared/ticket-number'
import { ApproverChoice, ApproverPin, approverKeys, useApprovers } from '../../components/ManagerApproval'
import { Dialog, DialogActions } from '../../components/Dialog'
import { Receipt, RefundTotals } from '../../components/Receipt'
import { useAppInfo, useBackend, useBackendMutation, useSessionInfo } from '../../data/backend'
import { can } from '../../data/session'
import { formatDateTime } from '../../format'
import type { Binding } from '../../keys/keymap'
import styles from './PrintQueueDialog.module.css'
import { usePrintQueue } from './state'

export const DEFAULT_VOID_REASON = 'Customer walked away before the tickets printed'

const statusText: Record<UnprintedTicket['print_status'], string> = {
  pending: 'Waiting to print',
  printing: 'Printing…',
  printed: 'Printed',
  failed: 'Print failed',
}

/** What one Print all or Print answered, in a line. */
function printedLine(r: PrintQueueResult): string {
  const sent = `${r.queued} ${r.queued === 1 ? 'ticket' : 'tickets'} sent to the printer`
  if (r.skipped.length === 0) return `${sent}.`
  return `${sent}; ${r.skipped.length} left out: ${r.skipped
    .slice(0, 3)
    .map((s) => `${formatTicketNumber(s.ticket_number)} (${s.reason})`)
    .join(', ')}${r.skipped.length > 3 ? ', …' : ''}.`
}

/**
 * "Tickets that did not print": every ticket on sale whose print failed or still waits, with its sale,
 * game, time and error; Print one, Print all, and (a manager, or with a manager's PIN) Void a ticket
 * none of which reached paper. Opened from the status bar's count or its key.
 */
export function PrintQueueDialog() {
  const setOpen = usePrintQueue((s) => s.setOpen)
  const app = useAppInfo()
  const session = useSessionInfo()
  const zone = app?.store.timezone
  const currency = app?.store.currency ?? 'USD'
  const list = useBackend('ticket-unprinted', { limit: 50 })
  const print = useBackendMutation('ticket-print')
  const [message, setMessage] = useState<{ kind: 'info' | 'error'; text: string } | null>(null)
  const [voiding, setVoiding] = useState<UnprintedTicket | null>(null)
  const close = () => setOpen(false)
  // Logging out or locking closes it for good: the next person does not find it open.
  useEffect(() => () => setOpen(false), [setOpen])

  const run = async (ticketId?: string) => {
    setMessage(null)
    try {
      setMessage({ kind: 'info', text: printedLine(await print.mutateAsync(ticketId ? { ticketId } : {})) })
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message })
    }
  }

  if (voiding)
    return (
      <VoidPanel
        ticket={voiding}
        currency={currency}
        selfApproves={can(session, 'ticket.void')}
        onBack={() => setVoiding(null)}
      />
    )

  const tickets = list.data?.tickets ?? []
  const total = list.data?.total ?? 0
  const keys: Binding[] = [{ keys: ['Escape'], inFields: true, run: close }]

  return (
    <Dialog testid="print-queue" labelledBy="print-queue-title" wide keys={keys}>
      <h2 id="print-queue-title">Tickets that did not print{list.data ? ` (${total})` : ''}</h2>
      <p className="muted">
        The customer holds none of these. Print them when the printer is back, or void a ticket whose customer has left.
      </p>
      {list.error && (
        <div className="banner error" role="alert">
          {list.error.message}
        </div>
      )}
      {message && (
        <div
          className={`banner ${message.kind === 'error' ? 'error' : 'success'}`}
          data-testid="print-queue-message"
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </div>
      )}
      {list.data && tickets.length === 0 ? (
        <p data-testid="print-queue-empty">Every ticket has printed.</p>
      ) : (
        <div className={styles.list} tabIndex={0} role="region" aria-label="Tickets not printed">
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Sale</th>
                <th scope="col">Ticket</th>
                <th scope="col">Sold</th>
                <th scope="col">Print</th>
                <th scope="col">
                  <span className={styles.hidden}>Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tickets.map((t) => (
                <tr
                  key={t._id}
                  data-testid="print-queue-row"
                  data-ticket-id={t._id}
                  data-print-status={t.print_status}
                  data-voidable={String(t.voidable)}
                >
                  <td>
                    <code>{t.transaction_id}</code>
                  </td>
                  <td>
                    <span className={styles.number}>{formatTicketNumber(t.ticket_number)}</span>
                    <br />
                    {t.game_name} · {formatMoney(t.price, currency)}
                  </td>
                  <td>{formatDateTime(t.purchase_datetime, zone)}</td>
                  <td>
                    {t.queued ? 'Printing…' : statusText[t.print_status]}
                    {t.closed && <span className={styles.error}>Draw closed: no copy can print.</span>}
                    {t.print_error && (
                      <span className={styles.error} data-testid="print-queue-error">
                        {t.print_error}
                      </span>
                    )}
                  </td>
                  <td>
                    <div className={styles.actions}>
                      <button
                        type="button"
                        className="btn small"
                        data-testid={`print-one-${t._id}`}
                        disabled={t.queued || t.closed || print.isPending}
                        onClick={() => void run(t._id)}
                      >
                        Print
                      </button>
                      {t.voidable && (
                        <button
                          type="button"
                          className="btn small danger-ghost"
                          data-testid={`void-${t._id}`}
                          onClick={() => {
                            setMessage(null)
                            setVoiding(t)
                          }}
                        >
                          Void
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {total > tickets.length && (
        <p className="muted">
          The oldest {tickets.length} of {total} are shown; Print all prints up to 200 at a time.
        </p>
      )}
      <DialogActions>
        <button type="button" className="btn big" data-testid="print-queue-close" onClick={close}>
          Close <kbd>Esc</kbd>
        </button>
        <button
          type="button"
          className="btn big primary"
          data-testid="print-all"
          autoFocus
          disabled={tickets.length === 0 || print.isPending}
          onClick={() => void run()}
        >
          {print.isPending ? 'Sending…' : 'Print all'}
        </button>
      </DialogActions>
    </Dialog>
  )
}

/** The reason, then (when the backend asks) a manager and their PIN, then the refund. */
function VoidPanel({
  ticket,
  currency,
  selfApproves,
  onBack,
}: {
  ticket: UnprintedTicket
  currency: string
  selfApproves: boolean
  onBack(): void
}) {
  const [reason, setReason] = useState(DEFAULT_VOID_REASON)
  const [needsApproval, setNeedsApproval] = useState(false)
  const list = useApprovers(needsApproval)
  const [approver, setApprover] = useState<PublicUser | null>(null)
  const [pin, setPin] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<CancelResult | null>(null)
  const voidTicket = useBackendMutation('ticket-void')
  const busy = voidTicket.isPending
  const choosing = needsApproval && !approver && !done

  const submit = async () => {
    if (busy) return
    setError(null)
    if (reason.trim().length < 3) return setError('Give a reason (at least 3 characters).')
    // A cashier's void needs a manager: ask for one before anything is sent.
    if (!selfApproves && !approver) return setNeedsApproval(true)
    try {
      setDone(
        await voidTicket.mutateAsync({
          ticketId: ticket._id,
          reason,
          ...(approver ? { approver: { userId: approver._id, pin } } : {}),
        }),
      )
    } catch (e) {
      const err = e as { code?: string; message: string }
      setError(err.message)
      if (err.code === ErrorCodes.MANAGER_APPROVAL_REQUIRED) {
        setNeedsApproval(true)
        setApprover(null)
        setPin('')
      } else if (err.code === ErrorCodes.PIN_WRONG || err.code === ErrorCodes.LOCKED_OUT) setPin('')
    }
  }

  const keys: Binding[] = [
    { keys: ['Escape'], inFields: true, run: () => (approver && !done ? setApprover(null) : onBack()) },
    approverKeys(choosing, list, setApprover),
  ]

  return (
    <Dialog testid="void-dialog" labelledBy="void-title" wide keys={keys}>
      <h2 id="void-title">
        {done ? 'Ticket voided' : 'Void ticket'} ·{' '}
        <span className="ticket-number">{formatTicketNumber(ticket.ticket_number)}</span>
      </h2>
      <p className="muted">
        {ticket.game_name} · sale {ticket.transaction_id} · {formatMoney(ticket.price, currency)} plus tax, refunded
      </p>
      {error && !done && (
        <div className={`banner ${choosing ? 'warn' : 'error'}`} data-testid="void-error" role="alert">
          {error}
        </div>
      )}
      {done ? (
        <div data-testid="void-done" data-cancellation-id={done.cancellation_id}>
          <RefundTotals refund={done} currency={currency} testid="void-refund" />
          <Receipt receipt={done.receipt} centred />
          <DialogActions>
            <button type="button" className="btn big primary" data-testid="void-close" autoFocus onClick={onBack}>
              Back to the list <kbd>Esc</kbd>
            </button>
          </DialogActions>
        </div>
      ) : choosing ? (
        <ApproverChoice
          what="void"
          testid="void-approver"
          backTestid="void-back"
          list={list}
          onChoose={setApprover}
          onBack={onBack}
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
        <form
          onSubmit={(e) => {
            e.preventDefault()
            void submit()
          }}
        >
          <label className="dialog-field">
            <span className="muted">Reason</span>
            <input
              data-testid="void-reason"
              autoFocus
              autoComplete="off"
              maxLength={200}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              onFocus={(e) => e.currentTarget.select()}
            />
          </label>
          <DialogActions>
            <button type="button" className="btn big" data-testid="void-back" onClick={onBack}>
              Keep ticket <kbd>Esc</kbd>
            </button>
            <button type="submit" className="btn big danger" data-testid="void-confirm" disabled={busy}>
              {busy ? 'Voiding…' : 'Void and refund'} <kbd>Enter</kbd>
            </button>
          </DialogActions>
        </form>
      )}
    </Dialog>
  )
}
