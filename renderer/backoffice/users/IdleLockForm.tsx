import { useState } from 'react'
import { contract } from '../../../shared/contract'
import { FormMessage, type FormMessageValue } from '../../components/FormMessage'
import { useAppInfo, useBackendMutation } from '../../data/backend'

/** How long a terminal left alone stays open: after that many minutes without input the screen locks itself. */
export function IdleLockForm() {
  const app = useAppInfo()
  const [text, setText] = useState<string | null>(null)
  const [message, setMessage] = useState<FormMessageValue>(null)
  const save = useBackendMutation('settings-set')
  if (!app) return null
  const shown = text ?? String(app.idle_lock_minutes)

  const submit = () => {
    const n = /^\d{1,3}$/.test(shown.trim()) ? Number(shown.trim()) : NaN
    const changes = { idle_lock_minutes: n }
    const checked = contract['settings-set'].args.safeParse(changes)
    if (!checked.success)
      return setMessage({ kind: 'error', text: 'Enter whole minutes from 0 (never) to 120, like 5.' })
    save.mutate(changes, {
      onSuccess: () => {
        setText(null)
        setMessage({
          kind: 'ok',
          text:
            n === 0
              ? 'Saved: the screen never locks by itself.'
              : `Saved: the screen locks after ${n} idle ${n === 1 ? 'minute' : 'minutes'}.`,
        })
      },
      onError: (e) => setMessage({ kind: 'error', text: e.message }),
    })
  }

  return (
    <form
      className="card form"
      aria-labelledby="idle-lock-title"
      onSubmit={(e) => {
        e.preventDefault()
        submit()
      }}
    >
      <h2 id="idle-lock-title">Screen lock</h2>
      <label>
        <span>Lock the screen after this many minutes without input (0: never)</span>
        <input inputMode="numeric" value={shown} onChange={(e) => setText(e.target.value)} data-testid="idle-minutes" />
      </label>
      <p className="muted">Never while a sale is being sold or printed; the cart waits behind the lock.</p>
      <FormMessage message={message} testid="idle-message" />
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={save.isPending} data-testid="idle-save">
          Save
        </button>
      </div>
    </form>
  )
}
