import type { PayoutResult, ValidationResult } from '../../../shared/contract'
import { formatMoney } from '../../../shared/money'
import { formatTicketNumber } from '../../../shared/ticket-number'
import { matchedNumbers, nextAction, outcomeLook, pay } from '../../claims'
import { Balls } from '../../components/Balls'
import { Receipt } from '../../components/Receipt'
import { formatDate } from '../../format'
import { cancelOffer, useMinuteTick } from '../../data/tickets'
import { useUi } from '../../store'
import { cx } from '../../styles/cx'
import styles from './ValidationCard.module.css'

interface Props {
  result: ValidationResult
  busy: boolean
  paid: boolean
  currency: string
  zone?: string
}

/** The answer at arm's length: colour and headline first, the backend's own words, then the ticket. */
export function ValidationCard({ result, busy, paid, currency, zone }: Props) {
  const setOverlay = useUi((s) => s.setOverlay)
  const look = outcomeLook(result.outcome)
  // A prize the counter cannot pay is good news the cashier must not act on here.
  const tone = result.outcome === 'winner' && !result.payable ? 'warn' : look.tone
  const title = look.title
  const { ticket, prize } = result
  const action = paid ? null : nextAction(result)
  const hits = ticket ? matchedNumbers(ticket.numbers, result.winning_numbers) : undefined
  const now = useMinuteTick()
  const offer = ticket ? cancelOffer(ticket, now) : null

  return (
    <section
      className={cx(styles.outcome, styles[`tone-${tone}`])}
      data-testid="validate-outcome"
      data-outcome={result.outcome}
    >
      <div className={styles.head}>
        <h2 className={styles.title}>{title}</h2>
        {prize && (
          <span className={styles.prize} data-testid="validate-prize" data-amount={prize.amount}>
            {prize.prize_level} · {formatMoney(prize.amount, currency)}
          </span>
        )}
      </div>
      <p className={styles.message} data-testid="validate-message">
        {result.message}
      </p>
      {ticket && (
        <div>
          <dl className="facts">
            <div className={styles.wide}>
              <dt>Ticket</dt>
              <dd className="ticket-number" data-testid="validate-ticket-number">
                {formatTicketNumber(ticket.ticket_number)}
              </dd>
            </div>
            <div>
              <dt>Game</dt>
              <dd>{ticket.game_name}</dd>
            </div>
            <div>
              <dt>Draw</dt>
              <dd>{formatDate(ticket.draw_date, zone)}</dd>
            </div>
            <div>
              <dt>Price</dt>
              <dd>{formatMoney(ticket.price, currency)}</dd>
            </div>
          </dl>
          <div className={styles.numbersRow}>
            <span className="muted">Played</span>
            <Balls numbers={ticket.numbers} hits={hits} label="Numbers played" />
          </div>
          {result.winning_numbers && (
            <div className={styles.numbersRow}>
              <span className="muted">Drawn</span>
              <Balls numbers={result.winning_numbers} label="Winning numbers" />
            </div>
          )}
        </div>
      )}
      <div className={styles.actions}>
        {action === 'pay' && prize && (
          <button type="button" className="btn big primary" data-testid="pay" disabled={busy} onClick={() => pay()}>
            Pay {formatMoney(prize.amount, currency)} <kbd>Enter</kbd>
          </button>
        )}
        {action === 'refer' && (
          <button type="button" className="btn big" data-testid="print-claim" disabled={busy} onClick={() => pay()}>
            Print claim receipt <kbd>Enter</kbd>
          </button>
        )}
        {/* Offered only where the backend said a cancellation would succeed, with the time left. */}
        {ticket && offer && (
          <button
            type="button"
            className="btn big danger"
            data-testid={`cancel-${ticket._id}`}
            onClick={() => setOverlay({ kind: 'cancel', ticket })}
          >
            Cancel ticket… <span className={styles.window}>{offer.text}</span>
          </button>
        )}
        {ticket?.status === 'sold' && ticket.cancel && !ticket.cancel.allowed && result.outcome === 'draw_pending' && (
          <p className="muted" data-testid="no-cancel">
            Not cancellable: {ticket.cancel.reason}
          </p>
        )}
      </div>
    </section>
  )
}

export function PayoutDone({ payout, currency }: { payout: PayoutResult; currency: string }) {
  const paid = payout.status === 'paid'
  return (
    <section
      className={cx('card', paid ? styles.paid : styles.referred)}
      data-testid="payout-done"
      data-status={payout.status}
    >
      <h2>{paid ? `Paid · ${formatMoney(payout.amount, currency)}` : 'Not cashed · claim at the lottery office'}</h2>
      <p className="muted">
        {payout.prize_level} · {formatMoney(payout.amount, currency)} · reference{' '}
        <code data-testid="payout-reference">{payout.reference}</code>
      </p>
      <Receipt receipt={payout.receipt} />
    </section>
  )
}
