import { settlementLine } from './due'
import { useState } from 'react'
import type { SettlementDay } from '../../../shared/contract'
import { formatMoney } from '../../../shared/money'
import { Paper, Receipt } from '../../components/Receipt'
import { useAppInfo, useBackend, useBackendMutation } from '../../data/backend'
import { cx } from '../../styles/cx'
import styles from '../../screens/shift/shift.module.css'
import { DayPager, dayStep } from '../endofday/DayPager'
import { StolenPacks } from '../endofday/StolenPacks'

const dayName = (d: string) =>
  new Date(`${d}T12:00:00Z`).toLocaleDateString('en-US', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  })

/**
 * The lottery's business week for this terminal: per day and for the week, sales - cancellations - prizes
 * cashed - commissions, which is what the lottery will collect from the store's account.
 */
export function SettlementScreen() {
  const currency = useAppInfo()?.store.currency ?? 'USD'
  const [weekOf, setWeekOf] = useState<string | undefined>(undefined)
  const week = useBackend('report-settlement', weekOf ? { weekOf } : {})
  const print = useBackendMutation('report-print')
  const s = week.data
  const m = (n: number) => formatMoney(n, currency)
  const row = (d: SettlementDay, label: string, total = false) => (
    <tr
      key={d.business_day}
      className={total ? styles.total : undefined}
      data-testid={total ? 'settlement-total' : `settlement-${d.business_day}`}
    >
      <th scope="row">{label}</th>
      <td>{m(d.sales)}</td>
      <td>{m(d.cancellations)}</td>
      <td>{m(d.prizes_cashed)}</td>
      <td>{m(d.commissions)}</td>
      <td>
        <strong>{m(d.due)}</strong>
      </td>
    </tr>
  )

  return (
    <div className={styles.office} data-testid="settlement">
      <section className={cx('card', styles.wide)} aria-labelledby="settlement-title">
        <h2 id="settlement-title">
          Lottery settlement{s ? `: week of ${dayName(s.week.first)} to ${dayName(s.week.last)}` : ''}
        </h2>
        <DayPager day={s?.week.first} onDay={setWeekOf} step={dayStep} by={7} label="A day of the week" testid="week" />
        {week.error && <div className="banner error">{week.error.message}</div>}
        {s && (
          <>
            <p className={cx(styles.verdict, styles.good)} data-testid="settlement-due">
              {settlementLine(s.total.due, m, s.week.in_progress)}
            </p>
            <table className={styles.table}>
              <caption>
                Ticket sales - cancellations (before sales tax) - prizes cashed - commissions = due to the lottery
              </caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Ticket sales</th>
                  <th scope="col">Cancellations</th>
                  <th scope="col">Prizes cashed</th>
                  <th scope="col">Commissions</th>
                  <th scope="col">Due</th>
                </tr>
              </thead>
              <tbody>
                {s.days.map((d) => row(d, dayName(d.business_day)))}
                {row(s.total, 'Week', true)}
              </tbody>
            </table>
            <p className="muted">
              Commissions: {s.commissions.sales_rate_bps / 100}% of net sales ({m(s.commissions.sales)}) and{' '}
              {s.commissions.cashing_rate_bps / 100}% of prizes cashed ({m(s.commissions.cashing)}), on the week's
              totals.
            </p>
            <StolenPacks stolen={s.packs_stolen} currency={currency} when="this week" />
            <div className="form-actions">
              <button
                type="button"
                className="btn primary"
                disabled={print.isPending}
                onClick={() => print.mutate({ kind: 'settlement', weekOf: s.week.first })}
                data-testid="settlement-print"
              >
                Print settlement
              </button>
            </div>
            {print.data && <Receipt receipt={{ ...print.data, svg: '' }} what="Settlement" forCustomer={false} />}
          </>
        )}
      </section>
      {s && (
        <section className="card" aria-labelledby="settlement-paper">
          <h2 id="settlement-paper">As printed</h2>
          <Paper svg={s.svg} alt="Lottery settlement" data-testid="settlement-preview" />
        </section>
      )}
    </div>
  )
}
