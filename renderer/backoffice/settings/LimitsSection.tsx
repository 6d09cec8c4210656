import { useState } from 'react'
import { formatMoney } from '../../../shared/money'
import { useForm } from 'react-hook-form'
import { useAppInfo, useBackendMutation } from '../../data/backend'
import { messagesOf } from '../../forms/contractForm'
import { LIMITS, limitsResolver, limitTexts, savedMessage } from './limitsForm'
import { RetentionForm } from './RetentionForm'

type Message = { kind: 'ok' | 'error'; text: string } | null

export function LimitsSection({ title }: { title: string }) {
  const app = useAppInfo()
  const currency = app?.store.currency ?? 'USD'
  const form = useForm({
    resolver: limitsResolver(app, currency),
    // The sale and claim screens read the limits from app-info too; a save re-reads it for all of them.
    values: limitTexts(app ?? {}, currency),
    resetOptions: { keepDirtyValues: true },
  })
  const [message, setMessage] = useState<Message>(null)
  const save = useBackendMutation('settings-set')

  const submit = form.handleSubmit(
    (changes) => {
      if (Object.keys(changes).length === 0) {
        setMessage({ kind: 'ok', text: 'Nothing changed.' })
        return
      }
      save.mutate(changes, {
        onSuccess: (saved) => {
          // The saved amounts are the form's new baseline; the re-read app-info agrees.
          form.reset(limitTexts({ ...app, ...saved }, currency))
          setMessage({ kind: 'ok', text: savedMessage(saved, currency) })
        },
        onError: (e) => setMessage({ kind: 'error', text: e.message }),
      })
    },
    (invalid) => setMessage({ kind: 'error', text: messagesOf(invalid).join(' ') }),
  )

  return (
    <>
      <form className="card form" aria-label={title} onSubmit={(e) => void submit(e)}>
        <h2>{title}</h2>
        {LIMITS.map(({ key, testid, label }) => (
          <label key={key} className={form.formState.errors[key] ? 'invalid' : ''}>
            <span>
              {label} ({currency})
            </span>
            <input data-testid={testid} inputMode="decimal" {...form.register(key)} />
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
          <button type="submit" className="btn primary" data-testid="threshold-save" disabled={save.isPending}>
            Save limits
          </button>
        </div>
      </form>
      <RetentionForm />
    </>
  )
}
