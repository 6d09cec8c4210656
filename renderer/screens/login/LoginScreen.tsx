import { useState } from 'react'
import type { PublicUser } from '../../../shared/contract'
import { PinPad } from '../../components/PinPad'
import { UserTiles } from '../../components/UserTiles'
import { useAppInfo, useBackend, useBackendMutation } from '../../data/backend'
import { setSession } from '../../data/session'
import { SessionEndedNotice } from '../sale/SessionEndedNotice'
import { useKeymap } from '../../keys/useKeymap'
import styles from './LoginScreen.module.css'

export function LoginScreen() {
  const app = useAppInfo()
  const users = useBackend('auth-users')
  const [chosen, setChosen] = useState<PublicUser | null>(null)
  const [pin, setPin] = useState('')
  const [error, setError] = useState<string | null>(null)
  const login = useBackendMutation('auth-login', {
    onSuccess: setSession,
    onError: (e) => {
      setError(e.message)
      setPin('')
    },
  })

  function choose(user: PublicUser) {
    setChosen(user)
    setPin('')
    setError(null)
  }

  // Number keys pick a tile while no one is chosen; once chosen, the PIN pad owns the keyboard.
  useKeymap(
    [
      {
        keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9'],
        run: (e) => {
          const user = users.data?.[Number(e.key) - 1]
          if (!user) return false
          choose(user)
        },
      },
    ],
    { enabled: chosen === null },
  )

  function submit() {
    if (!chosen || login.isPending) return
    login.mutate({ userId: chosen._id, pin })
  }

  return (
    <div className={styles.login} data-testid="login-screen">
      <header className={styles.loginHead}>
        <h1>{app?.store.name ?? 'Lottery point of sale'}</h1>
        <p className="muted">
          Terminal {app?.device.terminal_number ?? '-'} · {app?.device.device_id ?? ''}
          {app?.demo ? ' · DEMO DATA' : ''}
        </p>
      </header>
      <SessionEndedNotice />

      {!chosen ? (
        <section className={styles.step} aria-label="Who is selling?">
          <h2>Who is selling? Tap your name or press its number.</h2>
          {users.error && (
            <div className="banner error" data-testid="login-error" role="alert">
              {users.error.message}{' '}
              <button type="button" className="btn small" onClick={() => void users.refetch()}>
                Try again
              </button>
            </div>
          )}
          {users.data?.length === 0 && (
            <p className="banner warn" data-testid="no-users">
              No one can log in here yet: a terminal gets its store&apos;s users from central at its first sync. If this
              lasts, check the terminal file&apos;s central address, or call IT.
            </p>
          )}
          <UserTiles users={users.data ?? []} testid="user-tile" onChoose={choose} />
        </section>
      ) : (
        <section className={styles.step} aria-label="Enter PIN">
          <h2>
            {chosen.name} <span className={`role role-${chosen.role}`}>{chosen.role}</span>
          </h2>
          <p className="muted">Enter your PIN, then OK or Enter. Esc goes back.</p>
          {error && (
            <div className="banner error" data-testid="login-error" role="alert">
              {error}
            </div>
          )}
          <PinPad
            pin={pin}
            onChange={(p) => {
              setPin(p)
              if (p) setError(null)
            }}
            onSubmit={submit}
            onCancel={() => setChosen(null)}
            busy={login.isPending}
          />
          <button type="button" className="btn ghost" data-testid="login-back" onClick={() => setChosen(null)}>
            ← Someone else (Esc)
          </button>
        </section>
      )}
    </div>
  )
}
