import { useCallback, useEffect, useState } from 'react'
import { errorShape, invoke, useEvent } from './api'
import { refreshRecent } from './checkout'
import { CancelDialog } from './components/CancelDialog'
import { ClockBanner } from './components/ClockBanner'
import { RecoveryScreen } from './screens/RecoveryScreen'
import { ErrorCodes } from '../shared/errors'
import { StatusBar } from './components/StatusBar'
import { LockScreen } from './screens/LockScreen'
import { LoginScreen } from './screens/LoginScreen'
import { ResultsScreen } from './screens/ResultsScreen'
import { SaleScreen } from './screens/SaleScreen'
import { SettingsScreen } from './screens/SettingsScreen'
import { ValidateScreen } from './screens/ValidateScreen'
import { useLastSale, useSession, useUi } from './store'

const BOOT_RETRY_MS = 3000
/** F1-F10 are cashier keys here; the browser must not reload (F5) or open help (F1) under a sale. */
const RESERVED_KEYS = /^F([1-9]|10)$/

type Boot = { state: 'loading' } | { state: 'ready' } | { state: 'recovery' } | { state: 'down'; message: string }

export function App() {
  const app = useSession((s) => s.app)
  const session = useSession((s) => s.session)
  const view = useSession((s) => s.view)
  const overlay = useUi((s) => s.overlay)
  const [boot, setBoot] = useState<Boot>({ state: 'loading' })

  // Asking for the session on start lets a reload land back where the cashier was, locked or not.
  const start = useCallback(
    () =>
      Promise.all([invoke('app-info', {}), invoke('auth-session', {})]).then(
        ([info, current]) => {
          useSession.getState().setApp(info)
          useSession.getState().setSession(current)
          setBoot({ state: 'ready' })
        },
        (e) => {
          const err = errorShape(e)
          // A database that cannot be trusted: the recovery screen, never a retry loop or a fresh start.
          setBoot(
            err.code === ErrorCodes.RECOVERY_REQUIRED ? { state: 'recovery' } : { state: 'down', message: err.message },
          )
        },
      ),
    [],
  )

  useEffect(() => {
    void start()
  }, [start])

  useEffect(() => {
    if (boot.state !== 'down') return
    const t = setTimeout(() => void start(), BOOT_RETRY_MS)
    return () => clearTimeout(t)
  }, [boot, start])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (RESERVED_KEYS.test(e.key)) e.preventDefault()
    }
    // Bubble phase, after the screens: they see the key first and this only stops the browser's default.
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  useEvent('print-status', (p) => {
    useLastSale.getState().patchTicket(p.ticketId, { print_status: p.status, print_error: p.error })
    refreshRecent()
  })

  let screen
  if (boot.state === 'recovery') {
    screen = <RecoveryScreen onRestored={() => void start()} />
  } else if (boot.state !== 'ready' || !app) {
    screen = (
      <div className="boot" data-testid="boot">
        {boot.state === 'down' ? (
          <>
            <h1>Cannot reach the till</h1>
            <p className="banner error" data-testid="error-banner" role="alert">
              {boot.message}
            </p>
            <p className="muted">Retrying every few seconds…</p>
            <button type="button" className="btn big" onClick={() => void start()}>
              Try again now
            </button>
          </>
        ) : (
          <p className="muted">Starting…</p>
        )}
      </div>
    )
  } else if (!session) {
    screen = <LoginScreen />
  } else if (session.locked) {
    screen = <LockScreen />
  } else if (view === 'settings') {
    screen = <SettingsScreen />
  } else if (view === 'validate') {
    screen = <ValidateScreen />
  } else if (view === 'results') {
    screen = <ResultsScreen />
  } else {
    screen = <SaleScreen />
  }

  return (
    <div className="app">
      <ClockBanner />
      <main className="screen">{screen}</main>
      {/* Cancelling is reached from the last sale and from a checked ticket; one dialog serves both. */}
      {overlay?.kind === 'cancel' && session && !session.locked && (
        <CancelDialog key={overlay.ticket._id} ticket={overlay.ticket} />
      )}
      <StatusBar />
    </div>
  )
}
