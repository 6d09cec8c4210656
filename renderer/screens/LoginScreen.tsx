import { useEffect, useState } from 'react'
import type { PublicUser } from '../../shared/contract'
import { errorShape, invoke } from '../api'
import { PinPad } from '../components/PinPad'
import { useSession } from '../store'

export function LoginScreen() {
  const app = useSession((s) => s.app)
  const setSession = useSession((s) => s.setSession)
  const [users, setUsers] = useState<PublicUser[] | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [chosen, setChosen] = useState<PublicUser | null>(null)
  const [pin, setPin] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const fetchUsers = () =>
    invoke('auth-users', {})
      .then(setUsers)
      .catch((e) => setLoadError(errorShape(e).message))
  const load = () => {
    setLoadError(null)
    void fetchUsers()
  }
  useEffect(() => {
    void fetchUsers()
    // Once, on mount: a retry button calls load().
  }, [])

  // Number keys pick a tile while no one is chosen; once chosen, the PIN pad owns the keyboard.
  useEffect(() => {
    if (chosen || !users) return
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey || !/^[1-9]$/.test(e.key)) return
      const user = users[Number(e.key) - 1]
      if (!user) return
      e.preventDefault()
      choose(user)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [chosen, users])

  function choose(user: PublicUser) {
    setChosen(user)
    setPin('')
    setError(null)
  }

  async function submit() {
    if (!chosen || busy) return
    setBusy(true)
    try {
      setSession(await invoke('auth-login', { userId: chosen._id, pin }))
    } catch (e) {
      setError(errorShape(e).message)
      setPin('')
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="login" data-testid="login-screen">
      <header className="login-head">
        <h1>{app?.store.name ?? 'Lottery point of sale'}</h1>
        <p className="muted">
          Terminal {app?.device.terminal_number ?? '-'} · {app?.device.device_id ?? ''}
          {app?.demo ? ' · DEMO DATA' : ''}
        </p>
      </header>

      {!chosen ? (
        <section className="login-users" aria-label="Who is selling?">
          <h2>Who is selling? Tap your name or press its number.</h2>
          {loadError && (
            <div className="banner error" data-testid="login-error" role="alert">
              {loadError}{' '}
              <button type="button" className="btn small" onClick={load}>
                Try again
              </button>
            </div>
          )}
          {users && users.length === 0 && <p className="muted">No users are set up on this terminal.</p>}
          <div className="user-tiles">
            {users?.map((u, i) => (
              <button
                key={u._id}
                type="button"
                className="user-tile"
                data-testid={`user-tile-${u.username}`}
                onClick={() => choose(u)}
              >
                {i < 9 && <span className="key-badge">{i + 1}</span>}
                <span className="user-name">{u.name}</span>
                <span className={`role role-${u.role}`}>{u.role}</span>
              </button>
            ))}
          </div>
        </section>
      ) : (
        <section className="login-pin" aria-label="Enter PIN">
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
            busy={busy}
          />
          <button type="button" className="btn ghost" data-testid="login-back" onClick={() => setChosen(null)}>
            ← Someone else (Esc)
          </button>
        </section>
      )}
    </div>
  )
}
