import { useState } from 'react'
import type { SessionInfo } from '../../shared/contract'
import { pinLength, pinProblem } from '../../shared/pin-rules'
import { logout } from '../checkout'
import { useBackendMutation } from '../data/backend'
import { setSession } from '../data/session'
import { PinPad } from './PinPad'

type Step = 'old' | 'new' | 'again'

const STEPS: Step[] = ['old', 'new', 'again']
const ASK: Record<Step, string> = {
  old: 'enter your current PIN.',
  new: 'choose your new PIN.',
  again: 'enter the new PIN again.',
}

/**
 * Change PIN in three steps on the PIN pad: the current PIN, the new one (checked against the PIN rules as it is
 * entered, shared/pin-rules.ts), and the new one again. Forced after a one-time PIN, where the only other way is
 * to log out; from the top bar otherwise.
 */
export function ChangePin({ session, forced, onDone }: { session: SessionInfo; forced: boolean; onDone?(): void }) {
  const [step, setStep] = useState<Step>('old')
  const [pins, setPins] = useState({ old: '', new: '', again: '' })
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState(false)
  const change = useBackendMutation('auth-change-pin', {
    onSuccess: (s) => {
      setDone(true)
      setSession(s)
      onDone?.()
    },
    onError: (e) => {
      setError(e.message)
      setPins({ old: '', new: '', again: '' })
      setStep('old')
    },
  })
  const owner = { role: session.user.role }
  const { min, max } = pinLength(session.user.role)

  const next = () => {
    if (step === 'old') return setStep('new')
    if (step === 'new') {
      const problem = pinProblem(pins.new, owner)
      if (problem) {
        setError(problem)
        return setPins({ ...pins, new: '' })
      }
      if (pins.new === pins.old) {
        setError('The new PIN must differ from the one you have.')
        return setPins({ ...pins, new: '' })
      }
      return setStep('again')
    }
    if (pins.again !== pins.new) {
      setError('The two new PINs differ. Choose your new PIN again.')
      setPins({ ...pins, new: '', again: '' })
      return setStep('new')
    }
    change.mutate({ old: pins.old, pin: pins.new })
  }

  return (
    <section aria-labelledby="change-pin-title" data-testid="change-pin">
      <h2 id="change-pin-title">{forced ? 'Choose your own PIN' : 'Change your PIN'}</h2>
      {forced && (
        <p className="banner warn" role="status">
          The PIN you were given works once. Choose your own to go on.
        </p>
      )}
      <p className="muted" data-testid="change-pin-step">
        Step {STEPS.indexOf(step) + 1} of 3: {forced && step === 'old' ? 'enter the PIN you were given.' : ASK[step]}{' '}
        {step !== 'old' && `${min} to ${max} digits; not a run like 1234, a repeat, or a year.`}
      </p>
      {error && (
        <div className="banner error" role="alert" data-testid="change-pin-error">
          {error}
        </div>
      )}
      {done ? (
        <p className="banner success" role="status" data-testid="change-pin-done">
          Your PIN is changed.
        </p>
      ) : (
        <PinPad
          key={step}
          pin={pins[step]}
          onChange={(p) => {
            setPins({ ...pins, [step]: p })
            if (p) setError(null)
          }}
          onSubmit={next}
          onCancel={() => (forced ? setPins({ ...pins, [step]: '' }) : onDone?.())}
          busy={change.isPending}
        />
      )}
      {forced && (
        <button type="button" className="btn ghost" data-testid="logout" onClick={() => void logout()}>
          Log out
        </button>
      )}
    </section>
  )
}
