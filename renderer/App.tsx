import { QueryClientProvider } from '@tanstack/react-query'
import { Suspense, useEffect } from 'react'
import type { SessionInfo } from '../shared/contract'
import { ErrorCodes, type PosError } from '../shared/errors'
import { client } from './api'
import { BackOffice } from './backoffice/BackOffice'
import { ReprintApprovalDialog } from './components/ReprintApprovalDialog'
import { CancelDialog } from './components/CancelDialog'
import { ClockBanner } from './components/ClockBanner'
import { StatusBar } from './components/StatusBar'
import { useBackend } from './data/backend'
import { connectEvents } from './data/invalidation'
import { queryClient } from './data/queryClient'
import { useKeyboard } from './keys/useKeymap'
import { useIdleLock } from './keys/idleLock'
import { ChangePin } from './components/ChangePin'
import { mayOpen, resolveScreen, screens } from './screens/registry'
import { LockScreen } from './screens/lock/LockScreen'
import { LoginScreen } from './screens/login/LoginScreen'
import { RecoveryScreen } from './screens/recovery/RecoveryScreen'
import { PrintQueueDialog } from './screens/printqueue/PrintQueueDialog'
import { usePrintQueue } from './screens/printqueue/state'
import { ShiftGate } from './screens/shift/ShiftGate'
import { NotificationsDialog } from './screens/notifications/NotificationsDialog'
import { useNotificationCentre } from './screens/notifications/state'
import { useNav, useUi } from './store'
import styles from './App.module.css'

const BOOT_RETRY_MS = 3000

// A database that cannot be trusted opens the recovery screen, never a retry loop or a fresh start.
const untilRecovery = (_count: number, e: PosError) => e.code !== ErrorCodes.RECOVERY_REQUIRED
const boot = { retry: untilRecovery, retryDelay: BOOT_RETRY_MS } as const

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Till />
    </QueryClientProvider>
  )
}

function Till() {
  useKeyboard()
  useIdleLock()
  useEffect(() => connectEvents(queryClient, client.on), [])
  // Asking for the session on start lets a reload land back where the cashier was, locked or not.
  const info = useBackend('app-info', {}, boot)
  const current = useBackend('auth-session', {}, boot)
  const session = current.data
  const overlay = useUi((s) => s.overlay)
  const printQueue = usePrintQueue((s) => s.open)
  const centre = useNotificationCentre((s) => s.open)

  const restart = () => {
    void queryClient.resetQueries({ queryKey: ['app-info'] })
    void queryClient.resetQueries({ queryKey: ['auth-session'] })
  }
  const failure = info.error ?? current.error ?? info.failureReason ?? current.failureReason

  let screen
  if (failure?.code === ErrorCodes.RECOVERY_REQUIRED) {
    screen = <RecoveryScreen onRestored={restart} />
  } else if (!info.data || session === undefined) {
    screen = (
      <div className={styles.boot} data-testid="boot">
        {failure ? (
          <>
            <h1>Cannot reach the till</h1>
            <p className="banner error" data-testid="error-banner" role="alert">
              {failure.message}
            </p>
            <p className="muted">Retrying every few seconds…</p>
            <button
              type="button"
              className="btn big"
              onClick={() => {
                void info.refetch()
                void current.refetch()
              }}
            >
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
  } else if (session.mustChangePin) {
    screen = (
      <div className={styles.boot} data-testid="pin-change-gate">
        <ChangePin session={session} forced />
      </div>
    )
  } else {
    screen = <Place session={session} />
  }

  return (
    <div className={styles.app}>
      <ClockBanner />
      <main className={styles.screen}>{screen}</main>
      {/* Cancelling is reached from the last sale and from a checked ticket; one dialog serves both. */}
      {overlay?.kind === 'cancel' && session && !session.locked && !session.mustChangePin && (
        <CancelDialog key={overlay.ticket._id} ticket={overlay.ticket} />
      )}
      {overlay?.kind === 'reprintApproval' && session && !session.locked && !session.mustChangePin && (
        <ReprintApprovalDialog key={overlay.ticket._id} ticket={overlay.ticket} message={overlay.message} />
      )}
      {printQueue && session && !session.locked && !session.mustChangePin && <PrintQueueDialog />}
      {session && !session.mustChangePin && <ShiftGate />}
      {centre && session && !session.locked && !session.mustChangePin && <NotificationsDialog />}
      <StatusBar />
    </div>
  )
}

/** The registry's screen the cashier is on, loaded on first use. */
function Place({ session }: { session: SessionInfo }) {
  const chosen = useNav((s) => s.screen)
  const def = resolveScreen(chosen, session)
  // Load the code of every screen this user may open, so moving between them never waits on the network.
  const openable = screens.filter((s) => mayOpen(s, session))
  const ids = openable.map((s) => s.id).join(' ')
  useEffect(() => {
    for (const s of screens) if (ids.split(' ').includes(s.id)) void s.load()
  }, [ids])

  if (def.area === 'back-office') return <BackOffice current={def} />
  const Screen = def.component
  return (
    <Suspense fallback={null}>
      <Screen />
    </Suspense>
  )
}
