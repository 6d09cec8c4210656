import { useState } from 'react'
import { logout } from '../../checkout'
import { PinPad } from '../../components/PinPad'
import { useBackendMutation, useSessionInfo } from '../../data/backend'
import { setSession } from '../../data/session'
import styles from './LockScreen.module.css'

/** Covers the till while the cashier steps away; the cart stays as it was. */
export function LockScreen() {
  const session = useSessionInfo()
  const [pin, setPin] = useState('')
  const [error, setError] = useState<string | null>(null)
  const unlock = useBackendMutation('auth-unlock', {
    onSuccess: setSession,
    onError: (e) => {
      setError(e.message)
      setPin('')
    },
  })

  return (
    <div
      className={styles.lockScreen}
      data-testid="lock-screen"
      role="dialog"
      aria-modal="true"
      aria-label="Screen locked"
    >
      <div className={styles.lockCard}>
        <svg className={styles.lockIcon} viewBox="0 0 24 24" aria-hidden="true">
          <rect x="4" y="10" width="16" height="11" rx="2" fill="currentColor" />
          <path d="M8 10V7a4 4 0 0 1 8 0v3" fill="none" stroke="currentColor" strokeWidth="2.2" />
        </svg>
        <h1>Screen locked</h1>
        <p className={styles.lockUser} data-testid="lock-user">
          {session?.user.name} <span className={`role role-${session?.user.role}`}>{session?.user.role}</span>
        </p>
        <p className="muted">Enter your PIN to unlock.</p>
        {error && (
          <div className="banner error" data-testid="unlock-error" role="alert">
            {error}
          </div>
        )}
        <PinPad
          pin={pin}
          onChange={(p) => {
            setPin(p)
            if (p) setError(null)
          }}
          onSubmit={() => !unlock.isPending && unlock.mutate({ pin })}
          onCancel={() => {
            // Escape starts again: the PIN and the last refusal both go.
            setPin('')
            setError(null)
          }}
          busy={unlock.isPending}
        />
        <button type="button" className="btn ghost" data-testid="logout" onClick={() => void logout()}>
          Log out · someone else sells
        </button>
      </div>
    </div>
  )
}
