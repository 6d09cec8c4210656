import { useState } from 'react'
import type { AuditVerifyResult } from '../../shared/contract'
import { formatMoney } from '../../shared/money'
import { errorShape, invoke } from '../api'
import { minorToInput, parseMoney } from '../format'
import { can, useSession } from '../store'

type Message = { kind: 'ok' | 'error'; text: string } | null

type LimitKey = 'confirm_threshold' | 'payout_confirm_threshold' | 'cancel_approval_threshold' | 'max_sale_amount'

/** The store's money limits; the backend enforces each one, the UI only asks first. */
const LIMITS: { key: LimitKey; testid: string; label: string }[] = [
  { key: 'confirm_threshold', testid: 'threshold-input', label: 'Ask the cashier to confirm sales above' },
  { key: 'max_sale_amount', testid: 'max-sale-input', label: 'Refuse a single sale above' },
  {
    key: 'payout_confirm_threshold',
    testid: 'payout-confirm-input',
    label: 'Ask the cashier to confirm the cash for prizes above',
  },
  { key: 'cancel_approval_threshold', testid: 'cancel-approval-input', label: "Need a manager's PIN to cancel above" },
]

type Texts = Record<LimitKey, string>

const textsOf = (values: Partial<Record<LimitKey, number>>, currency: string): Texts =>
  Object.fromEntries(LIMITS.map(({ key }) => [key, minorToInput(values[key] ?? 0, currency)])) as Texts

export function ThresholdForm() {
  const app = useSession((s) => s.app)
  const setApp = useSession((s) => s.setApp)
  const currency = app?.store.currency ?? 'USD'
  const [texts, setTexts] = useState<Texts>(() => textsOf(app ?? {}, currency))
  const [message, setMessage] = useState<Message>(null)
  const [busy, setBusy] = useState(false)

  async function save() {
    const changes: Partial<Record<LimitKey, number>> = {}
    for (const { key, label } of LIMITS) {
      const minor = parseMoney(texts[key], currency)
      if (minor === null) {
        setMessage({ kind: 'error', text: `${label}: enter an amount like ${minorToInput(5000, currency)}.` })
        return
      }
      if (minor !== app?.[key]) changes[key] = minor
    }
    if (Object.keys(changes).length === 0) {
      setMessage({ kind: 'ok', text: 'Nothing changed.' })
      return
    }
    setBusy(true)
    try {
      await invoke('settings-set', changes)
      // The sale and claim screens read the limits from app-info; re-read it so all agree.
      const info = await invoke('app-info', {})
      setApp(info)
      setTexts(textsOf(info, currency))
      setMessage({
        kind: 'ok',
        text: `Saved. Sales above ${formatMoney(info.confirm_threshold, currency)} now ask to confirm.`,
      })
    } catch (e) {
      setMessage({ kind: 'error', text: errorShape(e).message })
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <h2>Limits</h2>
      {LIMITS.map(({ key, testid, label }) => (
        <label key={key}>
          <span>
            {label} ({currency})
          </span>
          <input
            data-testid={testid}
            inputMode="decimal"
            value={texts[key]}
            onChange={(e) => {
              const value = e.currentTarget.value
              setTexts((t) => ({ ...t, [key]: value }))
            }}
          />
        </label>
      ))}
      {app && (
        <p className="muted">
          Prizes above {formatMoney(app.payout_limit, currency)} (the store's payout limit) are never paid here.
        </p>
      )}
      {message && (
        <div className={`banner ${message.kind === 'ok' ? 'success' : 'error'}`} data-testid="threshold-message">
          {message.text}
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="btn primary" data-testid="threshold-save" disabled={busy}>
          Save limits
        </button>
      </div>
    </form>
  )
}

export function AuditCard() {
  const session = useSession((s) => s.session)
  const [result, setResult] = useState<AuditVerifyResult | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  if (!can(session, 'audit.verify')) return null

  async function verify() {
    setBusy(true)
    setError(null)
    try {
      setResult(await invoke('audit-verify', {}))
    } catch (e) {
      setResult(null)
      setError(errorShape(e).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="card">
      <h2>Audit log</h2>
      <p className="muted">Checks that no audit entry on this terminal was changed or removed.</p>
      <button type="button" className="btn" data-testid="audit-verify" disabled={busy} onClick={verify}>
        {busy ? 'Verifying…' : 'Verify audit chain'}
      </button>
      {result && (
        <div
          className={`banner ${result.ok ? 'success' : 'error'}`}
          data-testid="audit-result"
          data-ok={String(result.ok)}
          role="status"
        >
          {result.ok
            ? `Audit chain intact: ${result.entries} entries checked.`
            : `Audit chain broken at entry ${result.first_broken_seq ?? '?'}: ${result.reason ?? 'unknown reason'} (${result.broken_count} broken of ${result.entries} entries).`}
          {!result.ok && result.broken.length > 1 && (
            <ul className="audit-broken">
              {result.broken.slice(0, 10).map((b) => (
                <li key={`${b.seq}-${b.reason}`}>{b.reason}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {error && (
        <div className="banner error" data-testid="audit-result" role="alert">
          {error}
        </div>
      )}
    </div>
  )
}
