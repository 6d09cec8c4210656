import { useState } from 'react'
import type { AuditVerifyResult } from '../../shared/domain'
import { formatMoney } from '../../shared/money'
import { errorShape, invoke } from '../api'
import { minorToInput, parseMoney } from '../format'
import { can, useSession } from '../store'

type Message = { kind: 'ok' | 'error'; text: string } | null

export function ThresholdForm() {
  const app = useSession((s) => s.app)
  const setApp = useSession((s) => s.setApp)
  const currency = app?.store.currency ?? 'USD'
  const [text, setText] = useState(() => minorToInput(app?.confirm_threshold ?? 0, currency))
  const [message, setMessage] = useState<Message>(null)
  const [busy, setBusy] = useState(false)

  async function save() {
    const minor = parseMoney(text, currency)
    if (minor === null) {
      setMessage({ kind: 'error', text: `Enter an amount like ${minorToInput(5000, currency)}.` })
      return
    }
    setBusy(true)
    try {
      const saved = await invoke('settings-set', { confirm_threshold: minor })
      // The sale screen reads the threshold from app-info; re-read it so both agree.
      setApp(await invoke('app-info', {}))
      setText(minorToInput(saved.confirm_threshold, currency))
      setMessage({
        kind: 'ok',
        text: `Sales above ${formatMoney(saved.confirm_threshold, currency)} now ask to confirm.`,
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
      <h2>Large sale confirmation</h2>
      <label>
        <span>Ask the cashier to confirm sales above ({currency})</span>
        <input
          data-testid="threshold-input"
          inputMode="decimal"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
        />
      </label>
      {message && (
        <div className={`banner ${message.kind === 'ok' ? 'success' : 'error'}`} data-testid="threshold-message">
          {message.text}
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="btn primary" data-testid="threshold-save" disabled={busy}>
          Save limit
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
            : `Audit chain broken at entry ${result.first_broken_seq ?? '?'}: ${result.reason ?? 'unknown reason'} (${result.entries} entries).`}
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
