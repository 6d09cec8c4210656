import { useEffect, useState } from 'react'
import { PrinterConfigInput } from '../../shared/contract'
import type { PrinterConfig } from '../../shared/contract'
import type { PosErrorShape } from '../../shared/errors'
import { errorShape, invoke } from '../api'

type Field = keyof PrinterConfig
type Draft = { uri: string; type: PrinterConfig['type']; width: string; timeout_ms: string; status_check: boolean }
type Message = { kind: 'ok' | 'error'; text: string } | null

const defaults: Draft = { uri: '', type: 'epson', width: '42', timeout_ms: '3000', status_check: true }

const toDraft = (c: PrinterConfig): Draft => ({
  uri: c.uri,
  type: c.type,
  width: String(c.width),
  timeout_ms: String(c.timeout_ms),
  status_check: c.status_check,
})

const toInput = (d: Draft) => ({
  uri: d.uri,
  type: d.type,
  width: d.width.trim() === '' ? Number.NaN : Number(d.width),
  timeout_ms: d.timeout_ms.trim() === '' ? Number.NaN : Number(d.timeout_ms),
  status_check: d.status_check,
})

/** Field messages from the backend's VALIDATION details, whichever of zod's shapes it sends. */
export function fieldErrors(error: PosErrorShape): Partial<Record<string, string>> {
  const out: Partial<Record<string, string>> = {}
  const d = error.details ?? {}
  const issues = Array.isArray(d.issues) ? d.issues : []
  for (const i of issues as { path?: unknown; message?: unknown }[]) {
    const path = Array.isArray(i.path) ? i.path[0] : typeof i.path === 'string' ? i.path.split('.')[0] : undefined
    if (typeof path === 'string' && typeof i.message === 'string') out[path] ??= i.message
  }
  const fields = (d.fieldErrors ?? d.fields) as Record<string, unknown> | undefined
  for (const [k, v] of Object.entries(fields ?? {})) {
    const text = Array.isArray(v) ? v[0] : v
    if (typeof text === 'string') out[k] ??= text
  }
  return out
}

export function PrinterForm() {
  const [draft, setDraft] = useState<Draft>(defaults)
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({})
  const [message, setMessage] = useState<Message>(null)
  const [busy, setBusy] = useState<'save' | 'test' | null>(null)

  useEffect(() => {
    invoke('printer-get', {})
      .then((c) => c && setDraft(toDraft(c)))
      .catch((e) => setMessage({ kind: 'error', text: errorShape(e).message }))
  }, [])

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }))

  async function save() {
    // The same zod schema the backend runs, for an answer before the round trip.
    const local = PrinterConfigInput.safeParse(toInput(draft))
    if (!local.success) {
      const errs: Record<string, string> = {}
      for (const i of local.error.issues) errs[String(i.path[0])] ??= i.message
      setErrors(errs)
      setMessage({ kind: 'error', text: local.error.issues.map((i) => i.message).join('; ') })
      return
    }
    setBusy('save')
    try {
      setDraft(toDraft(await invoke('printer-set', local.data)))
      setErrors({})
      setMessage({ kind: 'ok', text: 'Printer settings saved.' })
    } catch (e) {
      const err = errorShape(e)
      setErrors(fieldErrors(err))
      setMessage({ kind: 'error', text: err.message })
    } finally {
      setBusy(null)
    }
  }

  async function test() {
    setBusy('test')
    setMessage(null)
    try {
      const r = await invoke('printer-test', {})
      setMessage({ kind: 'ok', text: `Test page printed (${r.bytes} bytes sent).` })
    } catch (e) {
      setMessage({ kind: 'error', text: errorShape(e).message })
    } finally {
      setBusy(null)
    }
  }

  const err = (f: Field) =>
    errors[f] ? (
      <span className="field-error" data-testid={`printer-${f}-error`}>
        {errors[f]}
      </span>
    ) : null

  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <h2>Receipt printer</h2>
      <label className={errors.uri ? 'invalid' : ''}>
        <span>Printer address</span>
        <input
          data-testid="printer-uri"
          value={draft.uri}
          placeholder="tcp://192.168.1.50:9100, printer:NAME or /dev/usb/lp0"
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => set('uri', e.currentTarget.value)}
        />
        {err('uri')}
      </label>
      <div className="form-row">
        <label>
          <span>Type</span>
          <select
            data-testid="printer-type"
            value={draft.type}
            onChange={(e) => set('type', e.currentTarget.value as Draft['type'])}
          >
            <option value="epson">Epson (ESC/POS)</option>
            <option value="star">Star</option>
          </select>
        </label>
        <label className={errors.width ? 'invalid' : ''}>
          <span>Paper width (characters)</span>
          <input
            data-testid="printer-width"
            inputMode="numeric"
            value={draft.width}
            onChange={(e) => set('width', e.currentTarget.value)}
          />
          {err('width')}
        </label>
        <label className={errors.timeout_ms ? 'invalid' : ''}>
          <span>Timeout (ms)</span>
          <input
            data-testid="printer-timeout"
            inputMode="numeric"
            value={draft.timeout_ms}
            onChange={(e) => set('timeout_ms', e.currentTarget.value)}
          />
          {err('timeout_ms')}
        </label>
      </div>
      <label className="check">
        <input
          type="checkbox"
          data-testid="printer-status-check"
          checked={draft.status_check}
          onChange={(e) => set('status_check', e.currentTarget.checked)}
        />
        <span>Check the printer is reachable before each print</span>
      </label>
      {message && (
        <div
          className={`banner ${message.kind === 'ok' ? 'success' : 'error'}`}
          data-testid="settings-message"
          data-kind={message.kind}
          role={message.kind === 'ok' ? 'status' : 'alert'}
        >
          {message.text}
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="btn primary" data-testid="printer-save" disabled={busy !== null}>
          {busy === 'save' ? 'Saving…' : 'Save printer'}
        </button>
        <button type="button" className="btn" data-testid="printer-test" disabled={busy !== null} onClick={test}>
          {busy === 'test' ? 'Printing…' : 'Test print'}
        </button>
      </div>
    </form>
  )
}
