import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { useBackend, useBackendMutation } from '../../data/backend'
import { messagesOf } from '../../forms/contractForm'
import {
  fieldErrors,
  printerFormOptions,
  savedPrinterMessage,
  toPrinterValues,
  type PrinterValues,
} from './printerForm'

type Field = keyof PrinterValues
type Message = { kind: 'ok' | 'error'; text: string } | null

export function PrinterSection({ title }: { title: string }) {
  const config = useBackend('printer-get')
  const form = useForm({
    ...printerFormOptions,
    // The saved printer fills the form when it arrives (and again after a save); edits in progress stay.
    values: config.data ? toPrinterValues(config.data) : undefined,
    resetOptions: { keepDirtyValues: true },
  })
  const errors = form.formState.errors
  const [message, setMessage] = useState<Message>(null)
  const save = useBackendMutation('printer-set')
  const test = useBackendMutation('printer-test')
  const busy = save.isPending ? 'save' : test.isPending ? 'test' : null
  const loadError = config.error?.message

  const submit = form.handleSubmit(
    (args) =>
      save.mutate(args, {
        onSuccess: (saved) => {
          form.reset(toPrinterValues(saved))
          const before = config.data?.uri ? toPrinterValues(config.data) : null
          setMessage({ kind: 'ok', text: savedPrinterMessage(before, toPrinterValues(saved)) })
        },
        onError: (e) => {
          for (const [field, text] of Object.entries(fieldErrors(e))) {
            if (text) form.setError(field as Field, { type: 'backend', message: text })
          }
          setMessage({ kind: 'error', text: e.message })
        },
      }),
    // The same schema the backend runs, so the same words, with no round trip.
    (invalid) => setMessage({ kind: 'error', text: messagesOf(invalid).join('; ') }),
  )

  const runTest = () => {
    setMessage(null)
    test.mutate(
      {},
      {
        onSuccess: (r) => setMessage({ kind: 'ok', text: `Test page printed (${r.bytes} bytes sent).` }),
        onError: (e) => setMessage({ kind: 'error', text: e.message }),
      },
    )
  }

  const err = (f: Field) =>
    errors[f]?.message ? (
      <span className="field-error" data-testid={`printer-${f}-error`}>
        {errors[f].message}
      </span>
    ) : null
  const shown = message ?? (loadError ? { kind: 'error' as const, text: loadError } : null)

  return (
    <form className="card form" aria-label={title} onSubmit={(e) => void submit(e)}>
      <h2>{title}</h2>
      <label className={errors.uri ? 'invalid' : ''}>
        <span>Printer address</span>
        <input
          data-testid="printer-uri"
          placeholder="tcp://192.168.1.50:9100, printer:NAME or /dev/usb/lp0"
          autoComplete="off"
          spellCheck={false}
          {...form.register('uri')}
        />
        {err('uri')}
      </label>
      <div className="form-row">
        <label>
          <span>Type</span>
          <select data-testid="printer-type" {...form.register('type')}>
            <option value="epson">Epson (ESC/POS)</option>
            <option value="star">Star</option>
          </select>
        </label>
        <label className={errors.width ? 'invalid' : ''}>
          <span>Paper width (characters)</span>
          <input data-testid="printer-width" inputMode="numeric" {...form.register('width', { valueAsNumber: true })} />
          {err('width')}
        </label>
        <label className={errors.timeout_ms ? 'invalid' : ''}>
          <span>Timeout (ms)</span>
          <input
            data-testid="printer-timeout"
            inputMode="numeric"
            {...form.register('timeout_ms', { valueAsNumber: true })}
          />
          {err('timeout_ms')}
        </label>
      </div>
      <label className="check">
        <input type="checkbox" data-testid="printer-status-check" {...form.register('status_check')} />
        <span>Check the printer is reachable before each print</span>
      </label>
      {shown && (
        <div
          className={`banner ${shown.kind === 'ok' ? 'success' : 'error'}`}
          data-testid="settings-message"
          data-kind={shown.kind}
          role={shown.kind === 'ok' ? 'status' : 'alert'}
        >
          {shown.text}
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="btn primary" data-testid="printer-save" disabled={busy !== null}>
          {busy === 'save' ? 'Saving…' : 'Save printer'}
        </button>
        <button type="button" className="btn" data-testid="printer-test" disabled={busy !== null} onClick={runTest}>
          {busy === 'test' ? 'Printing…' : 'Test print'}
        </button>
      </div>
    </form>
  )
}
