import { useState } from 'react'
import type { ByMethod, DayReport } from '../../../shared/contract'
import { formatMoney } from '../../../shared/money'
import { Paper, Receipt } from '../../components/Receipt'
import { useAppInfo, useBackend, useBackendMutation } from '../../data/backend'
import { formatDateTime } from '../../format'
import { cx } from '../../styles/cx'
import styles from '../../screens/shift/shift.module.css'
import { signedMoney } from '../cashoffice/Reconciliation'
import { dayStep, DayPager } from './DayPager'
import { StolenPacks } from './StolenPacks'

const METHODS: (keyof ByMethod)[] = ['cash', 'card', 'wallet']
/** The stored day report's figures, as the notice that they changed names them. */
const FIGURE_NAMES: Record<string, string> = {
  sales: 'ticket sales',
  cancellations: 'cancellations',
  prizes: 'prizes paid',
  over_short: 'cash over/short',
  stolen: 'packs reported stolen (unsold value)',
}

/** Whether the day balanced, in one line a manager reads from across the room. */
export function dayVerdict(r: DayReport, currency: string): { good: boolean; text: string } {
  if (r.shifts.length === 0) return { good: true, text: 'No shifts on this day' }
  if (r.open_shifts > 0)
    return { good: false, text: `${r.open_shifts} shift${r.open_shifts === 1 ? '' : 's'} not closed yet` }
  if (r.balanced)
    return {
      good: true,
      text:
        r.over_short === 0 ? 'Day balanced' : `Day balanced (${signedMoney(r.over_short, currency)}, within tolerance)`,
    }
  const n = r.signed_off_differences ?? 0
  const instant = instantProblems(r, currency)
  // The cash is named when it is off, or when nothing else explains the verdict (a day stored before either
  // figure was kept).
  const cashOff = r.cash_balanced === false || (r.cash_balanced === undefined && !instant.length)
  const cash = `${signedMoney(r.over_short, currency)}${n ? ` (${n} shift${n === 1 ? '' : 's'} beyond tolerance, signed off)` : ''}`
  return { good: false, text: `Not balanced: ${[...(cashOff ? [cash] : []), ...instant].join('; ')}` }
}

/** What the day's book counts found that leaves it not balanced: tickets gone from their packs without a sale. */
function instantProblems(r: DayReport, currency: string): string[] {
  const i = r.instant_missing
  if (!i?.tickets) return []
  return [`${i.tickets} instant ticket${i.tickets === 1 ? '' : 's'} missing (${formatMoney(i.value, currency)})`]
}

/**
 * End of day for this terminal: every shift of the business day, sales by game, by payment and by hour,
 * cancellations, payouts, the lottery's cash due and the commissions earned; stored as the day's report
 * (and the managers told) by "End the day".
 */
export function EndOfDayScreen() {
  const app = useAppInfo()
  const currency = app?.store.currency ?? 'USD'
  const zone = app?.store.timezone
  const [day, setDay] = useState<string | undefined>(undefined)
  const report = useBackend('report-day', day ? { day } : {})
  const close = useBackendMutation('report-day-close')
  const print = useBackendMutation('report-print')
  const r = report.data
  const m = (n: number) => formatMoney(n, currency)
  // Today's business day, as the backend first answered it: Next never goes past it.
  const [today, setToday] = useState<string | undefined>(undefined)
  if (!day && r && today !== r.business_day) setToday(r.business_day)
  const [confirming, setConfirming] = useState(false)

  return (
    <div className={styles.office} data-testid="end-of-day">
      <section className={cx('card', styles.wide)} aria-labelledby="eod-title">
        <h2 id="eod-title">End of day{r ? `: ${r.business_day}` : ''}</h2>
        <DayPager
          day={r?.business_day}
          onDay={(d) => {
            setDay(d)
            setConfirming(false)
            close.reset()
          }}
          step={dayStep}
          max={today}
          label="Business day"
          testid="eod-day"
        />
        {report.error && <div className="banner error">{report.error.message}</div>}
        {r && (
          <>
            <p
              className={cx(styles.verdict, dayVerdict(r, currency).good ? styles.good : styles.bad)}
              data-testid="day-verdict"
              data-balanced={String(r.balanced)}
            >
              {dayVerdict(r, currency).text}
            </p>
            <dl className={styles.kpis}>
              {[
                ['Ticket sales (with tax)', r.totals.sales.amount, 'day-sales'],
                // A day stored before merchandise was sold has no such figure.
                ['Merchandise (with tax)', r.totals.merchandise?.amount ?? 0, 'day-merchandise'],
                ['Net ticket sales (before tax)', r.net_sales, 'day-net'],
                ['Cancellations', r.totals.cancellations.amount, 'day-cancellations'],
                ['Prizes paid', r.prizes_cashed, 'day-prizes'],
                ['Lottery cash due (before commissions)', r.lottery_cash_due, 'day-due'],
                ['Commissions earned', r.commissions.total, 'day-commissions'],
                ['Cash over/short', r.over_short, 'day-over-short'],
              ].map(([label, value, testid]) => (
                <div key={testid as string} className={styles.kpi}>
                  <dt>{label}</dt>
                  <dd data-testid={testid as string}>
                    {testid === 'day-over-short' ? signedMoney(value as number, currency) : m(value as number)}
                  </dd>
                </div>
              ))}
            </dl>
            {!!r.instant_missing?.packs.length && (
              <div className="banner warn" data-testid="day-instant-missing">
                <span className="banner-text">
                  Instant packs off at the book count:{' '}
                  {r.instant_missing.packs
                    .map(
                      (p) =>
                        `${p.game_name} pack ${p.pack_number}, ${
                          p.missing > 0
                            ? `${p.missing} missing (${m(p.missing * p.ticket_price)})`
                            : `${-p.missing} sold after an earlier count had them missing`
                        }`,
                    )
                    .join('; ')}
                  . Look at the packs and at the day's Z reports.
                </span>
              </div>
            )}
            <StolenPacks stolen={r.packs_stolen} currency={currency} when="this day" />
            <div className="form-actions">
              <button
                type="button"
                className="btn"
                disabled={print.isPending}
                onClick={() => print.mutate({ kind: 'day', day: r.business_day })}
                data-testid="day-print"
              >
                Print day report
              </button>
              <button
                type="button"
                className="btn primary"
                disabled={close.isPending || r.open_shifts > 0 || confirming}
                title={r.open_shifts > 0 ? 'Close every shift of the day first' : undefined}
                onClick={() => setConfirming(true)}
                data-testid="day-close"
              >
                {r.stored ? 'End the day again (new revision)' : 'End the day'}
              </button>
            </div>
            {confirming && (
              <div className="banner warn" role="alert" data-testid="day-close-confirm">
                <span className="banner-text">
                  End {r.business_day}? The day report is stored as it stands and the managers are told.
                </span>
                <button type="button" className="btn" onClick={() => setConfirming(false)}>
                  Not yet
                </button>
                <button
                  type="button"
                  className="btn primary"
                  autoFocus
                  disabled={close.isPending}
                  onClick={() => close.mutate({ day: r.business_day }, { onSettled: () => setConfirming(false) })}
                  data-testid="day-close-yes"
                >
                  End the day
                </button>
              </div>
            )}
            {r.open_shifts > 0 && <p className="muted">Close every shift of the day before ending it.</p>}
            {close.error && (
              <div className="banner error" role="alert" data-testid="day-close-error">
                {close.error.message}
              </div>
            )}
            {r.stored && (
              <p className="muted" data-testid="day-stored">
                Day report stored {formatDateTime(r.stored.created_at, zone)} by {r.stored.generated_by} (revision{' '}
                {r.stored.revision}); the managers were told.
              </p>
            )}
            {!!r.stored?.changed?.length && (
              <div className="banner warn" role="status" data-testid="day-stored-changed">
                <span className="banner-text">
                  The day changed after its report was stored:{' '}
                  {r.stored.changed
                    .map((c) =>
                      c.figure === 'shifts'
                        ? `shifts ${c.then} → ${c.now}`
                        : `${FIGURE_NAMES[c.figure] ?? c.figure} ${c.figure === 'over_short' ? signedMoney(c.then, currency) : m(c.then)} → ${c.figure === 'over_short' ? signedMoney(c.now, currency) : m(c.now)}`,
                    )
                    .join('; ')}
                  . End the day again to store a new revision with these figures.
                </span>
              </div>
            )}
            {print.data && <Receipt receipt={{ ...print.data, svg: '' }} what="Day report" forCustomer={false} />}
          </>
        )}
      </section>
      {r && (
        <>
          <section className="card" aria-labelledby="eod-shifts">
            <h2 id="eod-shifts">Shifts</h2>
            <table className={styles.table}>
              <thead>
                <tr>
                  <th scope="col">Shift</th>
                  <th scope="col">Cashier</th>
                  <th scope="col">Z</th>
                  <th scope="col">Over/short</th>
                </tr>
              </thead>
              <tbody>
                {r.shifts.map((s) => (
                  <tr key={s._id}>
                    <th scope="row">{s.shift_number}</th>
                    <td>{s.cashier}</td>
                    <td>{s.z_number ?? (s.status === 'open' ? 'Open' : 'Counted')}</td>
                    <td className={s.over_short ? styles.badText : undefined}>
                      {s.over_short === null ? '' : signedMoney(s.over_short, currency)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card" aria-labelledby="eod-games">
            <h2 id="eod-games">Sales by game</h2>
            <table className={styles.table} data-testid="day-by-game">
              <thead>
                <tr>
                  <th scope="col">Game</th>
                  <th scope="col">Tickets</th>
                  <th scope="col">Sales</th>
                  <th scope="col">Cancelled</th>
                </tr>
              </thead>
              <tbody>
                {r.totals.by_game.map((g) => (
                  <tr key={g.lottery_id}>
                    <th scope="row">{g.name}</th>
                    <td>{g.tickets}</td>
                    <td>{m(g.amount)}</td>
                    <td>{g.cancelled ? `${g.cancelled} (${m(g.cancelled_amount)})` : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card" aria-labelledby="eod-methods">
            <h2 id="eod-methods">By payment</h2>
            <table className={styles.table} data-testid="day-by-method">
              <thead>
                <tr>
                  <th scope="col">Tender</th>
                  <th scope="col">Tickets</th>
                  <th scope="col">Merchandise</th>
                  <th scope="col">Refunds</th>
                  <th scope="col">Net</th>
                </tr>
              </thead>
              <tbody>
                {METHODS.map((k) => (
                  <tr key={k}>
                    <th scope="row">{k[0].toUpperCase() + k.slice(1)}</th>
                    <td>{m(r.totals.sales.by_method[k])}</td>
                    <td>{m(r.totals.merchandise?.by_method[k] ?? 0)}</td>
                    <td>{m(r.totals.cancellations.by_method[k])}</td>
                    <td>
                      {m(
                        r.totals.sales.by_method[k] +
                          (r.totals.merchandise?.by_method[k] ?? 0) -
                          r.totals.cancellations.by_method[k],
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <dl className={styles.facts}>
              <dt>Pay in / out</dt>
              <dd>
                {m(r.totals.pay_in)} / {m(r.totals.pay_out)}
              </dd>
              <dt>Drops to safe</dt>
              <dd>{m(r.totals.drops)}</dd>
              <dt>Sales commission ({r.commissions.sales_rate_bps / 100}%)</dt>
              <dd>{m(r.commissions.sales)}</dd>
              <dt>Cashing commission ({r.commissions.cashing_rate_bps / 100}%)</dt>
              <dd>{m(r.commissions.cashing)}</dd>
            </dl>
          </section>
          <section className="card" aria-labelledby="eod-hours">
            <h2 id="eod-hours">Sales by hour</h2>
            <HourBars rows={r.by_hour} currency={currency} />
          </section>
          <section className="card" aria-labelledby="eod-paper">
            <h2 id="eod-paper">As printed</h2>
            <Paper svg={report.data!.svg} alt="Day report" data-testid="day-preview" />
          </section>
        </>
      )}
    </div>
  )
}

function HourBars({ rows, currency }: { rows: DayReport['by_hour']; currency: string }) {
  if (rows.length === 0) return <p className="muted">No sales.</p>
  const max = Math.max(...rows.map((r) => r.amount), 1)
  return (
    <ul className={styles.bars} data-testid="day-by-hour" aria-label="Sales by hour">
      {rows.map((r) => (
        <li key={r.hour}>
          <span>{r.hour}:00</span>
          <span
            className={styles.bar}
            style={{ width: `${Math.max(2, (r.amount / max) * 100)}%` }}
            aria-hidden="true"
          />
          <span>
            {formatMoney(r.amount, currency)} ({r.tickets})
          </span>
        </li>
      ))}
    </ul>
  )
}
