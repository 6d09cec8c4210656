import { useEffect, useState } from 'react'
import type { PrintStatus, TicketView } from '../../shared/contract'
import { formatMoney } from '../../shared/money'
import { formatTicketNumber } from '../../shared/ticket-number'
import { keyLabels } from '../actions'
import { invoke } from '../api'
import { reprint } from '../checkout'
import { runCommand } from '../dispatch'
import { formatDate } from '../format'
import { useLastSale, useSession, useUi } from '../store'

const statusLabel: Record<PrintStatus, string> = {
  pending: 'Waiting to print',
  printing: 'Printing…',
  printed: 'Printed',
  failed: 'Print failed',
}

const ticketStatusLabel: Record<TicketView['status'], string> = { sold: 'Sold', cancelled: 'Cancelled', won: 'Paid' }

function TicketRow({ ticket, zone, previewed }: { ticket: TicketView; zone?: string; previewed: boolean }) {
  const setPreview = useLastSale((s) => s.setPreview)
  const setOverlay = useUi((s) => s.setOverlay)
  return (
    <li
      className={`ticket-row ${previewed ? 'previewed' : ''} ts-${ticket.status}`}
      data-testid="ticket-row"
      data-ticket-id={ticket._id}
      data-status={ticket.status}
      data-ticket-number={ticket.ticket_number}
      data-print-status={ticket.print_status}
      onClick={() => setPreview(ticket._id)}
    >
      <span className="ticket-number">{formatTicketNumber(ticket.ticket_number)}</span>
      <span className={`print-status ps-${ticket.print_status}`} title={ticket.print_error ?? undefined}>
        {statusLabel[ticket.print_status]}
        {ticket.print_count > 1 ? ` ×${ticket.print_count}` : ''}
      </span>
      <button
        type="button"
        className="btn small reprint-btn"
        data-testid={`reprint-${ticket._id}`}
        onClick={(e) => {
          e.stopPropagation()
          void reprint(ticket)
        }}
      >
        Reprint
      </button>
      {ticket.status === 'sold' ? (
        <button
          type="button"
          className="btn small danger-ghost"
          data-testid={`cancel-${ticket._id}`}
          onClick={(e) => {
            e.stopPropagation()
            setOverlay({ kind: 'cancel', ticket })
          }}
        >
          Cancel
        </button>
      ) : (
        <span className={`ticket-status ts-badge-${ticket.status}`} data-testid="ticket-status">
          {ticketStatusLabel[ticket.status]}
        </span>
      )}
      <span className="ticket-meta muted">
        {ticket.game_name} · draw {formatDate(ticket.draw_date, zone)} ·{' '}
        <span className="ticket-numbers">
          {ticket.numbers.join(' ')}
          {ticket.quick_pick ? ' (QP)' : ''}
        </span>
      </span>
      {ticket.print_status === 'failed' && ticket.print_error && (
        <span className="print-error" data-testid="print-error">
          {ticket.print_error}
        </span>
      )}
    </li>
  )
}

/** What the printer was asked to print, drawn by the backend from the same layout. */
function Preview({ ticketId, version }: { ticketId: string; version: number }) {
  const [svg, setSvg] = useState<{ id: string; uri: string } | null>(null)
  const [failed, setFailed] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    invoke('ticket-preview', { ticketId })
      .then(({ svg: text }) => {
        if (!live) return
        setSvg({ id: ticketId, uri: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}` })
        setFailed(null)
      })
      .catch((e: Error) => live && setFailed(e.message))
    return () => {
      live = false
    }
  }, [ticketId, version])

  if (failed) return <p className="muted">Preview unavailable: {failed}</p>
  if (!svg) return <p className="muted">Loading preview…</p>
  return (
    <img
      className="ticket-preview"
      data-testid="ticket-preview"
      data-ticket-id={svg.id}
      src={svg.uri}
      alt="Ticket preview"
    />
  )
}

export function LastSalePanel() {
  const app = useSession((s) => s.app)
  const sale = useLastSale((s) => s.sale)
  const tickets = useLastSale((s) => s.tickets)
  const previewId = useLastSale((s) => s.previewId)
  const currency = app?.store.currency ?? 'USD'
  const zone = app?.store.timezone
  const previewed = tickets.find((t) => t._id === previewId)

  return (
    <section className="last-sale" aria-label="Last sale">
      <div className="last-head">
        <h2>{sale ? 'Last sale' : 'Last tickets'}</h2>
        <button type="button" className="btn" data-testid="reprint-last" onClick={() => runCommand('reprintLast')}>
          Reprint last <kbd>{keyLabels.reprintLast}</kbd>
        </button>
      </div>
      {sale && (
        <div className="banner success" data-testid="sale-done" data-transaction-id={sale.transaction_id} role="status">
          <strong>Sold · {formatMoney(sale.total_amount, currency)}</strong>
          <span>
            {sale.tickets.length} {sale.tickets.length === 1 ? 'ticket' : 'tickets'} · {sale.payment_method} ·
            transaction <code data-testid="sale-transaction">{sale.transaction_id}</code>
            {sale.replayed ? ' · already recorded, not charged twice' : ''}
          </span>
        </div>
      )}
      {tickets.length === 0 ? (
        <p className="muted">Tickets of the last sale appear here with their print status.</p>
      ) : (
        <div className="last-body">
          <ol className="ticket-list">
            {tickets.map((t) => (
              <TicketRow key={t._id} ticket={t} zone={zone} previewed={t._id === previewId} />
            ))}
          </ol>
          {previewed && (
            <div className="preview-box">
              <Preview ticketId={previewed._id} version={previewed.print_count} />
            </div>
          )}
        </div>
      )}
    </section>
  )
}
