import { useState } from 'react'
import { contract } from '../../../shared/contract'
import { FormMessage, type FormMessageValue } from '../../components/FormMessage'
import { useAppInfo, useBackendMutation } from '../../data/backend'

/** "30" to 30; null when it is not a whole number of days. */
export function parseDays(text: string): number | null {
  const t = text.trim()
  return /^\d{1,4}$/.test(t) ? Number(t) : null
}

/**
 * How long this terminal keeps a record after central has it (bounded data): older ones are pruned in the
 * background. Tickets, sales, claims, shifts and the audit trail are never pruned by it. Shown with the store's
 * limits (the same permission, settings.manage).
 */
export function RetentionForm() {
  const app = useAppInfo()
  const [days, setDays] = useState<string | null>(null)
  const [message, setMessage] = useState<FormMessageValue>(null)
  const save = useBackendMutation('settings-set')
  if (!app) return null
  const shown = days ?? String(app.outbox_retention_days)

  const submit = () => {
    const n = parseDays(shown)
    if (n === null) return setMessage({ kind: 'error', text: 'Enter a whole number of days, like 30.' })
    const changes = { outbox_retention_days: n }
    const checked = contract['settings-set'].args.safeParse(changes)
    if (!checked.success)
      return setMessage({ kind: 'error', text: checked.error.issues.map((i) => i.message).join(' ') })
    save.mutate(changes, {
      onSuccess: () => {
        setDays(null)
        setMessage({ kind: 'ok', text: `Saved: records central has are kept ${n} day${n === 1 ? '' : 's'}.` })
      },
      onError: (e) => setMessage({ kind: 'error', text: e.message }),
    })
  }

  return (
    <form
      className="card form"
      aria-label="Data kept on this terminal"
      onSubmit={(e) => {
        e.preventDefault()
        submit()
      }}
    >
      <h2>Data kept on this terminal</h2>
      <label>
        <span>Keep records central has received for (days)</span>
        <input
          inputMode="numeric"
          value={shown}
          onChange={(e) => setDays(e.target.value)}
          data-testid="retention-days"
        />
      </label>
      <p className="muted">Tickets, sales, claims, shifts and the audit trail are always kept.</p>
      <FormMessage message={message} testid="retention-message" />
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={save.isPending} data-testid="retention-save">
          Save
        </button>
      </div>
    </form>
  )
}
