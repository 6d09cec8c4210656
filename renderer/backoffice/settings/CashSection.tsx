import { useState } from 'react'
import { FormMessage, type FormMessageValue } from '../../components/FormMessage'
import { contract } from '../../../shared/contract'
import { formatMoney } from '../../../shared/money'
import { useAppInfo, useBackendMutation } from '../../data/backend'
import { minorToInput, parseMoney } from '../../format'

/** Ways of writing numbers and dates a store picks from (BCP 47); the reports, their files and paper follow it. */
const LOCALES = ['en-US', 'en-CA', 'en-GB', 'fr-CA', 'es-US', 'es-MX', 'fr-FR', 'de-DE']
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
type Message = FormMessageValue

/** "5" or "5.25" percent to basis points; null when it is not a rate. */
export function percentToBps(text: string): number | null {
  const t = text.trim().replace('%', '')
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(t)) return null
  return Math.round(Number(t) * 100)
}

/**
 * The cash office's store settings: how far a count may be off without a manager, the lottery's two
 * commissions, the day its settlement week starts and the hour the business day starts.
 */
export function CashSection({ title }: { title: string }) {
  const app = useAppInfo()
  const currency = app?.store.currency ?? 'USD'
  const [tolerance, setTolerance] = useState<string | null>(null)
  const [sales, setSales] = useState<string | null>(null)
  const [cashing, setCashing] = useState<string | null>(null)
  const [weekStart, setWeekStart] = useState<number | null>(null)
  const [dayStart, setDayStart] = useState<number | null>(null)
  const [locale, setLocale] = useState<string | null>(null)
  const [message, setMessage] = useState<Message>(null)
  const save = useBackendMutation('settings-set')
  if (!app) return null
  const shown = {
    tolerance: tolerance ?? minorToInput(app.over_short_tolerance, currency),
    sales: sales ?? String(app.commission_sales_bps / 100),
    cashing: cashing ?? String(app.commission_cashing_bps / 100),
    weekStart: weekStart ?? app.lottery_week_start,
    dayStart: dayStart ?? app.business_day_start_hour,
    locale: locale ?? app.locale,
  }

  const submit = () => {
    const t = parseMoney(shown.tolerance, currency)
    const s = percentToBps(shown.sales)
    const c = percentToBps(shown.cashing)
    const problems = [
      t === null || t < 0 ? `The tolerance is an amount like ${minorToInput(200, currency)}.` : null,
      s === null ? 'The sales commission is a percentage like 5 or 5.5.' : null,
      c === null ? 'The cashing commission is a percentage like 1.' : null,
    ].filter(Boolean)
    if (problems.length) return setMessage({ kind: 'error', text: problems.join(' ') })
    const changes = {
      over_short_tolerance: t!,
      commission_sales_bps: s!,
      commission_cashing_bps: c!,
      lottery_week_start: shown.weekStart,
      business_day_start_hour: shown.dayStart,
      locale: shown.locale,
    }
    const checked = contract['settings-set'].args.safeParse(changes)
    if (!checked.success)
      return setMessage({ kind: 'error', text: checked.error.issues.map((i) => i.message).join(' ') })
    save.mutate(changes, {
      onSuccess: () => {
        setTolerance(null)
        setSales(null)
        setCashing(null)
        setWeekStart(null)
        setDayStart(null)
        setLocale(null)
        setMessage({
          kind: 'ok',
          text: `Saved: a count more than ${formatMoney(t!, currency)} off needs a manager; commissions ${s! / 100}% and ${c! / 100}%; the week starts on ${WEEKDAYS[shown.weekStart - 1]}.`,
        })
      },
      onError: (e) => setMessage({ kind: 'error', text: e.message }),
    })
  }

  return (
    <form
      className="card form"
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault()
        submit()
      }}
    >
      <h2>{title}</h2>
      <label>
        <span>A closing count may be off by up to ({currency})</span>
        <input
          inputMode="decimal"
          value={shown.tolerance}
          onChange={(e) => setTolerance(e.target.value)}
          data-testid="cash-tolerance"
        />
      </label>
      <div className="form-row">
        <label>
          <span>Sales commission (%)</span>
          <input
            inputMode="decimal"
            value={shown.sales}
            onChange={(e) => setSales(e.target.value)}
            data-testid="cash-commission-sales"
          />
        </label>
        <label>
          <span>Cashing commission (%)</span>
          <input
            inputMode="decimal"
            value={shown.cashing}
            onChange={(e) => setCashing(e.target.value)}
            data-testid="cash-commission-cashing"
          />
        </label>
      </div>
      <div className="form-row">
        <label>
          <span>The lottery week starts on</span>
          <select
            value={shown.weekStart}
            onChange={(e) => setWeekStart(Number(e.target.value))}
            data-testid="cash-week-start"
          >
            {WEEKDAYS.map((d, i) => (
              <option key={d} value={i + 1}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>The business day starts at</span>
          <select
            value={shown.dayStart}
            onChange={(e) => setDayStart(Number(e.target.value))}
            data-testid="cash-day-start"
          >
            {Array.from({ length: 13 }, (_, h) => (
              <option key={h} value={h}>
                {String(h).padStart(2, '0')}:00
              </option>
            ))}
          </select>
        </label>
      </div>
      <label>
        <span>Reports write numbers and dates as</span>
        <select value={shown.locale} onChange={(e) => setLocale(e.target.value)} data-testid="cash-locale">
          {[...new Set([shown.locale, ...LOCALES])].map((l) => (
            <option key={l} value={l}>
              {l}: {formatMoney(123456, currency, l)},{' '}
              {new Intl.DateTimeFormat(l, { dateStyle: 'medium' }).format(Date.UTC(2026, 11, 24))}
            </option>
          ))}
        </select>
      </label>
      <FormMessage message={message} testid="cash-settings-message" />
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={save.isPending} data-testid="cash-settings-save">
          Save cash office
        </button>
      </div>
    </form>
  )
}
