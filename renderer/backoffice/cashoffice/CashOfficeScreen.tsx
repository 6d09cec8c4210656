import { useState } from 'react'
import type { MovementKind, ShiftSummary, ShiftView } from '../../../shared/contract'
import { formatMoney } from '../../../shared/money'
import { Paper, Receipt } from '../../components/Receipt'
import { useAppInfo, useBackend, useBackendMutation, useSessionInfo } from '../../data/backend'
import { can } from '../../data/session'
import { formatDateTime } from '../../format'
import { MOVE_TITLES } from '../../screens/shift/MoveCashDialog'
import styles from '../../screens/shift/shift.module.css'
import { useShiftDialogs } from '../../screens/shift/state'
import { CloseShift } from './CloseShift'
import { signedMoney } from './Reconciliation'

/**
 * The cash office: the terminal's shift (open it, move cash, close it with a blind count), the X report of
 * the shift so far (managers), and today's shifts with their Z reports.
 */
export function CashOfficeScreen() {
  const app = useAppInfo()
  const session = useSessionInfo()
  const currency = app?.store.currency ?? 'USD'
  const zone = app?.store.timezone
  const current = useBackend('shift-current', {})
  // The shift being closed, kept while its close runs: once closed it is no longer the terminal's current one.
  const [closing, setClosing] = useState<ShiftView | null>(null)
  const [zOf, setZOf] = useState<string | null>(null)
  const manager = can(session, 'report.shift')
  const shift = current.data?.shift ?? null
  const move = (kind: MovementKind) => useShiftDialogs.getState().open({ kind: 'move', move: kind })

  if (closing && current.data)
    return (
      <div className={styles.office}>
        <CloseShift shift={closing} current={current.data} currency={currency} onDone={() => setClosing(null)} />
      </div>
    )

  return (
    <div className={styles.office} data-testid="cash-office">
      <section className="card" aria-labelledby="shift-title" data-testid="shift-card">
        <h2 id="shift-title">{shift ? `Shift ${shift.shift_number}` : 'No shift open'}</h2>
        {shift ? (
          <>
            <dl className={styles.facts}>
              <dt>Cashier</dt>
              <dd data-testid="shift-cashier">{shift.user.name}</dd>
              <dt>Status</dt>
              <dd data-testid="shift-status">{shift.status === 'open' ? 'Open' : 'Counted: waiting for a manager'}</dd>
              <dt>Opened</dt>
              <dd>{formatDateTime(shift.opened_at, zone)}</dd>
              <dt>Float</dt>
              <dd>{formatMoney(shift.opening_float, currency)}</dd>
              <dt>Sales</dt>
              <dd data-testid="shift-transactions">{shift.transactions}</dd>
            </dl>
            {shift.status === 'open' && shift.may_sell && (
              <div className={styles.actions}>
                {(['pay_in', 'pay_out', 'drop'] as const).map((k) => (
                  <button key={k} type="button" className="btn big" onClick={() => move(k)} data-testid={`move-${k}`}>
                    {MOVE_TITLES[k]}
                  </button>
                ))}
                {can(session, 'drawer.open') && (
                  <button type="button" className="btn big" onClick={() => move('no_sale')} data-testid="move-no_sale">
                    No sale
                  </button>
                )}
              </div>
            )}
            {shift.may_close && (
              <div className={styles.actions}>
                <button
                  type="button"
                  className="btn big primary"
                  onClick={() => setClosing(shift)}
                  data-testid="close-shift-start"
                >
                  {shift.status === 'open'
                    ? shift.draft
                      ? 'Go on with the count'
                      : 'Close shift: count the drawer'
                    : 'Sign off the count'}
                </button>
              </div>
            )}
          </>
        ) : (
          <>
            <p className="muted">Selling, paying winners and cancelling need an open shift.</p>
            {current.data?.may_open && (
              <button
                type="button"
                className="btn big primary"
                onClick={() => useShiftDialogs.getState().open({ kind: 'open' })}
                data-testid="open-shift-start"
              >
                Open a shift
              </button>
            )}
          </>
        )}
      </section>
      {manager && shift?.status === 'open' && <XReport />}
      {manager && <TodayShifts currency={currency} zone={zone} onZ={setZOf} />}
      {zOf && <ZReport shiftId={zOf} onClose={() => setZOf(null)} />}
    </div>
  )
}

/** The shift so far, read-only: what the drawer should hold now. Managers only: a cashier counts blind. */
function XReport() {
  const x = useBackend('shift-x-report', {})
  const print = useBackendMutation('report-print')
  return (
    <section className="card" aria-labelledby="x-title" data-testid="x-report">
      <h2 id="x-title">X report: the shift so far</h2>
      {x.error && <div className="banner error">{x.error.message}</div>}
      {x.data && <Paper svg={x.data.svg} alt="X report" data-testid="x-report-preview" />}
      <div className="form-actions">
        <button type="button" className="btn" onClick={() => void x.refetch()}>
          Refresh
        </button>
        <button
          type="button"
          className="btn primary"
          disabled={print.isPending}
          onClick={() => print.mutate({ kind: 'x' })}
          data-testid="x-print"
        >
          Print X report
        </button>
      </div>
      {print.data && <Receipt receipt={{ ...print.data, svg: '' }} what="X report" forCustomer={false} />}
    </section>
  )
}

function TodayShifts({ currency, zone, onZ }: { currency: string; zone?: string; onZ(id: string): void }) {
  const list = useBackend('shift-list', {})
  const rows: ShiftSummary[] = list.data ?? []
  return (
    <section className="card" aria-labelledby="today-title" data-testid="today-shifts">
      <h2 id="today-title">Today's shifts</h2>
      {rows.length === 0 ? (
        <p className="muted">No shift yet today.</p>
      ) : (
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Shift</th>
              <th scope="col">Cashier</th>
              <th scope="col">Closed</th>
              <th scope="col">Over/short</th>
              <th scope="col">Z</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s._id} data-testid={`shift-row-${s.shift_number}`}>
                <th scope="row">{s.shift_number}</th>
                <td>{s.cashier}</td>
                <td>
                  {s.status === 'closed' ? formatDateTime(s.closed_at, zone) : s.status === 'open' ? 'Open' : 'Counted'}
                </td>
                <td className={s.over_short ? styles.badText : undefined}>
                  {s.over_short === null ? '' : signedMoney(s.over_short, currency)}
                  {s.signed_off_by ? ` (signed off: ${s.signed_off_by})` : ''}
                </td>
                <td>
                  {s.z_number !== null && (
                    <button
                      type="button"
                      className="btn small"
                      onClick={() => onZ(s._id)}
                      data-testid={`z-open-${s.shift_number}`}
                    >
                      Z {s.z_number}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

function ZReport({ shiftId, onClose }: { shiftId: string; onClose(): void }) {
  const z = useBackend('report-z', { shiftId })
  const print = useBackendMutation('report-print')
  return (
    <section className="card" aria-labelledby="z-title" data-testid="z-report">
      <h2 id="z-title">Z report {z.data?.z_number ?? ''}</h2>
      {z.error && <div className="banner error">{z.error.message}</div>}
      {z.data && <Paper svg={z.data.svg} alt={`Z report ${z.data.z_number}`} data-testid="z-report-preview" />}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
        <button
          type="button"
          className="btn primary"
          disabled={print.isPending}
          onClick={() => print.mutate({ kind: 'z', shiftId })}
          data-testid="z-print"
        >
          Print a copy
        </button>
      </div>
      {print.data && <Receipt receipt={{ ...print.data, svg: '' }} what="Z report copy" forCustomer={false} />}
    </section>
  )
}
