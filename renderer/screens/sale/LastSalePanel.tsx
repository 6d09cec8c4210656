import { useEffect } from 'react'
import type { PrintStatus, TicketView } from '../../../shared/contract'
import { formatMoney } from '../../../shared/money'
import { formatTicketNumber } from '../../../shared/ticket-number'
import { keyLabels } from '../../actions'
import { reprint } from '../../checkout'
import { useAppInfo, useBackend, useRememberedSale } from '../../data/backend'
import { runCommand } from '../../dispatch'
import { formatDate } from '../../format'
import { useLastSale, useUi } from '../../store'
import { Paper, SaleReceipt } from '../../components/Receipt'
import { cancelOffer, useMinuteTick } from '../../data/tickets'
import { cx } from '../../styles/cx'
import { lastSaleTickets, recentLimit } from './lastSale'
import { PREVIEW_BOX_ID } from './preview'
import styles from './LastSalePanel.module.css'

const statusLabel: Record<PrintStatus, string> = {
  pending: 'Waiting to print',
  printing: 'Printing…',
  printed: 'Printed',
  failed: 'Print failed',
}

/** Why a sold ticket offers no Cancel: the backend's reason, or the window that ran out meanwhile. */
const noCancelReason = (t: TicketView) =>
  t.cancel && !t.cancel.allowed ? t.cancel.reason : 'Its cancellation window is over.'

const ticketStatusLabel: Record<TicketView['status'], string> = { sold: 'Sold', cancelled: 'Cancelled', won: 'Paid' }

function TicketRow({ ticket, zone, previewed }: { ticket: TicketView; zone?: string; previewed: boolean }) {
  const setPreview = useLastSale((s) => s.setPreview)
  const setOverlay = useUi((s) => s.setOverlay)
  const offer = cancelOffer(ticket, useMinuteTick())
  return (
    <li
      className={cx(styles.ticketRow, previewed && styles.previewed, ticket.status === 'cancelled' && styles.cancelled)}
      data-testid="ticket-row"
      data-ticket-id={ticket._id}
      data-status={ticket.status}
      data-ticket-number={ticket.ticket_number}
      data-print-status={ticket.print_status}
      onClick={() => setPreview(ticket._id)}
    >
      <span className={cx('ticket-number', styles.number)}>{formatTicketNumber(ticket.ticket_number)}</span>
      <span
        className={cx(styles.pill, styles.printPill, styles[`ps-${ticket.print_status}`])}
        title={ticket.print_error ?? undefined}
      >
        {statusLabel[ticket.print_status]}
        {ticket.print_count > 1 ? ` ×${ticket.print_count}` : ''}
      </span>
      <span className={styles.actions}>
        {/* A cancelled or voided ticket has no copy to print: no Reprint, and no print error to act on. */}
        {ticket.status !== 'cancelled' && (
          <button
            type="button"
            className="btn small"
            data-testid={`reprint-${ticket._id}`}
            onClick={(e) => {
              e.stopPropagation()
              void reprint(ticket)
            }}
          >
            Reprint
          </button>
        )}
        {offer ? (
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
        ) : ticket.status === 'sold' ? (
          <span
            className={cx('muted', styles.noCancel)}
            data-testid={`no-cancel-${ticket._id}`}
            title={noCancelReason(ticket)}
          >
            no cancel
          </span>
        ) : (
          <span className={cx(styles.pill, styles[`ts-${ticket.status}`])} data-testid="ticket-status">
            {ticketStatusLabel[ticket.status]}
          </span>
        )}
      </span>
      <span className={cx(styles.meta, 'muted')}>
        {ticket.game_name} · draw {formatDate(ticket.draw_date, zone)} ·{' '}
        <span className={styles.numbers}>
          {ticket.numbers.join(' ')}
          {ticket.quick_pick ? ' (QP)' : ''}
        </span>
        {offer && (
          <span data-testid={`cancel-window-${ticket._id}`} data-minutes={offer.minutes}>
            {' · '}
            {offer.text}
          </span>
        )}
      </span>
      {ticket.print_error && ticket.status !== 'cancelled' && ticket.print_status !== 'printing' && (
        <span className={styles.printError} data-testid="print-error">
          {/* A ticket that printed keeps its paper; only the copy asked for since did not come out. */}
          {ticket.print_status === 'printed' ? `The copy did not print: ${ticket.print_error}` : ticket.print_error}
        </span>
      )}
    </li>
  )
}

/** What the printer was asked to print, drawn by the backend from the same layout; a reprint redraws it. */
function Preview({ ticket }: { ticket: TicketView }) {
  const preview = useBackend(
    'ticket-preview',
    { ticketId: ticket._id },
    {
      dependsOn: ticket.print_count,
      // The old drawing stays up while a reprint's is fetched; another ticket's never does.
      placeholderData: (previous, query) => (query?.queryKey[1].ticketId === ticket._id ? previous : undefined),
    },
  )
  if (preview.error) return <p className="muted">Preview unavailable: {preview.error.message}</p>
  if (!preview.data) return <p className="muted">Loading preview…</p>
  return <Paper svg={preview.data.svg} alt="Ticket preview" data-testid="ticket-preview" data-ticket-id={ticket._id} />
}

export function LastSalePanel({ className }: { className?: string }) {
  const app = useAppInfo()
  const sale = useRememberedSale(useLastSale((s) => s.id))
  const previewId = useLastSale((s) => s.previewId)
  // Print-status pushes and every reprint, payout or cancellation refresh this read (invalidation.ts).
  const recent = useBackend('ticket-recent', { limit: recentLimit(sale) })
  const tickets = lastSaleTickets(sale, recent.data)
  const currency = app?.store.currency ?? 'USD'
  const zone = app?.store.timezone
  const previewed = tickets.find((t) => t._id === previewId) ?? tickets.at(-1)
  const setOrder = useLastSale((s) => s.setOrder)
  const step = useLastSale((s) => s.stepPreview)
  const order = tickets.map((t) => t._id).join()
  useEffect(() => setOrder(order ? order.split(',') : []), [order, setOrder])

  return (
    <section className={cx(styles.lastSale, className)} aria-label="Last sale">
      <div className={styles.lastHead}>
        <h2>{sale ? 'Last sale' : 'Last tickets'}</h2>
        <button type="button" className="btn" data-testid="reprint-last" onClick={() => runCommand('reprintLast')}>
          Reprint last <kbd>{keyLabels.reprintLast}</kbd>
        </button>
      </div>
      {sale && (
        <div
          className={cx('banner success', styles.saleDone)}
          data-testid="sale-done"
          data-transaction-id={sale.transaction_id}
          role="status"
        >
          <strong>Sold · {formatMoney(sale.total_amount, currency)}</strong>
          <span>
            {saleCounts(sale)} · {sale.payment_method} · transaction{' '}
            <code data-testid="sale-transaction">{sale.transaction_id}</code>
            {sale.replayed ? ' · already recorded, not charged twice' : ''}
          </span>
          <SaleReceipt sale={sale} currency={currency} />
        </div>
      )}
      {sale && sale.tickets.length === 0 && (sale.items.length > 0 || sale.sales.some((l) => l.instant)) ? (
        <ul className={styles.ticketList} data-testid="sale-lines" aria-label="Lines of the last sale">
          {sale.sales.map((l) => (
            <li key={l._id}>
              {l.game_name}
              {l.instant
                ? ` ${l.instant.pack_number}-${String(l.instant.ticket_no).padStart(3, '0')}`
                : ` × ${l.quantity}`}{' '}
              · {formatMoney(l.total_amount, currency)}
            </li>
          ))}
          {sale.items.map((i) => (
            <li key={i._id}>
              {i.product_name} × {i.quantity} · {formatMoney(i.total_amount, currency)}
            </li>
          ))}
        </ul>
      ) : tickets.length === 0 ? (
        <p className="muted">Tickets of the last sale appear here with their print status.</p>
      ) : (
        <div className={styles.lastBody}>
          <ol className={styles.ticketList}>
            {tickets.map((t) => (
              <TicketRow key={t._id} ticket={t} zone={zone} previewed={t._id === previewed?._id} />
            ))}
          </ol>
          {previewed && (
            <div className={styles.previewPane}>
              <div className={styles.previewNav}>
                <button
                  type="button"
                  className="btn small"
                  data-testid="preview-previous"
                  disabled={tickets[0]._id === previewed._id}
                  onClick={() => step(-1)}
                  aria-label="Previous ticket"
                >
                  <kbd>{keyLabels.previewPrevious}</kbd>
                </button>
                <span data-testid="preview-position">
                  Ticket {tickets.indexOf(previewed) + 1} of {tickets.length}
                </span>
                <button
                  type="button"
                  className="btn small"
                  data-testid="preview-next"
                  disabled={tickets.at(-1)!._id === previewed._id}
                  onClick={() => step(1)}
                  aria-label="Next ticket"
                >
                  <kbd>{keyLabels.previewNext}</kbd>
                </button>
              </div>
              {/* Focusable, so it scrolls by keyboard when focused too; Page Up and Down scroll it from anywhere. */}
              <div
                className={styles.previewBox}
                id={PREVIEW_BOX_ID}
                data-testid="ticket-preview-box"
                tabIndex={0}
                role="region"
                aria-label={`Ticket preview, ${tickets.indexOf(previewed) + 1} of ${tickets.length} (${keyLabels.previewUp} and ${keyLabels.previewDown} scroll)`}
              >
                <Preview ticket={previewed} />
              </div>
            </div>
          )}
        </div>
      )}
    </section>
  )
}

/** What a sale held, in words: draw tickets, instant tickets, products. */
function saleCounts(sale: {
  tickets: unknown[]
  sales: { instant?: unknown }[]
  items: { quantity: number }[]
}): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`
  const instant = sale.sales.filter((l) => l.instant).length
  const items = sale.items.reduce((n, i) => n + i.quantity, 0)
  return [
    plural(sale.tickets.length, 'ticket', 'tickets'),
    instant ? plural(instant, 'instant ticket', 'instant tickets') : null,
    items ? plural(items, 'item', 'items') : null,
  ]
    .filter(Boolean)
    .join(' · ')
}
