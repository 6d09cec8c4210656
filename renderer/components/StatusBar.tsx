import { formatDateTime } from '../format'
import { useEffect, useState } from 'react'
import type { StatusInfo } from '../../shared/contract'
import {
  BACKEND_GONE,
  useAppInfo,
  useBackend,
  useBackendMutation,
  useBackendReachable,
  useSessionInfo,
} from '../data/backend'
import { keyLabels } from '../actions'
import { openPrintQueue } from '../screens/printqueue/state'
import { cx } from '../styles/cx'
import { can } from '../data/session'
import { useNotificationCentre } from '../screens/notifications/state'
import styles from './StatusBar.module.css'

const syncText: Record<StatusInfo['sync']['state'], string> = {
  not_configured: 'Sync: not set up',
  online: 'Sync: online',
  offline: 'Sync: offline',
  error: 'Sync: error',
}

const printerText: Record<StatusInfo['printer']['state'], string> = {
  not_configured: 'Printer: not configured',
  unknown: 'Printer: not checked',
  ready: 'Printer: ready',
  error: 'Printer: error',
}

const timeIn = (now: Date, zone?: string) =>
  now.toLocaleTimeString('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  })

/** 'America/New_York' -> 'New York'. */
const placeOf = (zone: string) => (zone.split('/').at(-1) ?? zone).replace(/_/g, ' ')

/**
 * Store time: the time of the store's timezone, which draws, cutoffs and receipts use. Labelled when this
 * computer's own timezone would show another time, so a cashier never reads a cutoff off the wrong clock.
 */
export function storeClock(now: Date, storeZone: string | undefined, localZone?: string) {
  const text = timeIn(now, storeZone)
  const local = timeIn(now, localZone)
  const differs = storeZone !== undefined && text !== local
  return { text, label: differs ? 'store time' : null, place: storeZone ? placeOf(storeZone) : '', local }
}

function Clock({ zone }: { zone?: string }) {
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    // The wall clock shown to the cashier, not backend data: it ticks here.
    const t = setInterval(() => setNow(new Date()), 1000)
    return () => clearInterval(t)
  }, [])
  const { text, label, place, local } = storeClock(now, zone)
  return (
    <span
      className={cx(styles.part, styles.clock)}
      data-testid="status-clock"
      data-zone={zone ?? ''}
      title={label ? `Store time (${place}); this computer's own timezone reads ${local}` : undefined}
    >
      {text}
      {label && <span className={styles.clockLabel}> {label}</span>}
    </span>
  )
}

/** Always on screen: the cashier must see at a glance whether sales leave the store and tickets print. */
export function StatusBar() {
  const app = useAppInfo()
  const session = useSessionInfo()
  const active = session !== null && !session.locked
  // Pushed as status-changed; re-read on the timer in data/invalidation.ts for what no event covers.
  const read = useBackend('status-get', {}, { enabled: active }).data
  // With the backend gone, its last figures (printer ready...) would be a lie: none are shown.
  const reachable = useBackendReachable()
  const status = reachable ? read : undefined
  // The result arrives as a status-changed event; a failure is shown as the last error.
  const syncNow = useBackendMutation('sync-now')

  // While locked, the last status read stays up; logging out forgets it.
  const sync = status?.sync
  const printer = status?.printer
  const syncTitle = [
    sync?.last_success && `Last sync ${formatDateTime(sync.last_success, app?.store.timezone)} store time`,
    sync?.last_error,
  ]
    .filter(Boolean)
    .join(' · ')

  return (
    <footer className={styles.statusBar} aria-label="Terminal status">
      {!reachable && (
        <span className={cx(styles.part, styles.down)} data-testid="status-backend" role="alert">
          {BACKEND_GONE}
        </span>
      )}
      <span
        className={cx(styles.part, sync && styles[`sync-${sync.state}`])}
        data-testid="status-sync"
        data-state={sync?.state ?? ''}
        title={
          sync?.state === 'not_configured'
            ? 'No central server is set up: every sale is kept on this terminal until one is.'
            : syncTitle || undefined
        }
      >
        {sync ? syncText[sync.state] : 'Sync: -'}
        {(sync?.state === 'offline' || sync?.state === 'error') && sync.last_error ? ` (${sync.last_error})` : ''}
        {/* In store time, as the clock beside it: the computer's own zone may be another. */}
        {sync?.last_success ? ` · last ${timeIn(new Date(sync.last_success), app?.store.timezone)}` : ''}
      </span>
      {sync && sync.state !== 'not_configured' && (
        <button
          type="button"
          className={cx(styles.part, styles.button)}
          data-testid="status-sync-now"
          disabled={syncNow.isPending}
          onClick={() => syncNow.mutate({})}
        >
          {syncNow.isPending ? 'Syncing…' : 'Sync now'}
        </button>
      )}
      {/* With no central set up nothing is late: the records are kept here, and no count grows as a warning. */}
      {sync?.state !== 'not_configured' && (
        <span className={cx(styles.part, sync && sync.pending > 0 && styles.warn)} data-testid="status-pending">
          Waiting to sync: {sync ? sync.pending : '-'}
        </span>
      )}
      <span
        className={cx(styles.part, printer?.message && styles.shrink, printer && styles[`printer-${printer.state}`])}
        data-testid="status-printer"
        data-state={printer?.state ?? ''}
        title={[printer?.uri, printer?.message].filter(Boolean).join(' · ') || undefined}
      >
        {printer ? printerText[printer.state] : 'Printer: -'}
        {printer?.message ? ` · ${printer.message}` : ''}
      </span>
      {/* The count opens the tickets that did not print (the print queue), as its key does on the sale screen. */}
      <button
        type="button"
        className={cx(styles.part, styles.button, printer && printer.pending_prints > 0 && styles.warn)}
        data-testid="status-prints-open"
        disabled={!active}
        title="Show the tickets that did not print"
        onClick={openPrintQueue}
      >
        <span data-testid="status-prints">Prints pending: {printer ? printer.pending_prints : '-'}</span>{' '}
        <kbd>{keyLabels.printQueue}</kbd>
      </button>
      {can(session, 'notify.read') && (
        <button
          type="button"
          className={cx(styles.part, styles.button, status && status.notifications.unread > 0 && styles.warn)}
          data-testid="status-notifications"
          disabled={!active}
          title="Open the notification centre"
          onClick={() => useNotificationCentre.getState().setOpen(true)}
        >
          Alerts: <span data-testid="status-unread">{status ? status.notifications.unread : '-'}</span>
        </button>
      )}
      <span className={styles.spacer} />
      <span className={styles.part} data-testid="status-user">
        {session ? (
          <>
            {session.user.name}
            <span className={styles.role}> ({session.user.role})</span>
            {session.locked ? ' · locked' : ''}
          </>
        ) : (
          'Not logged in'
        )}
      </span>
      <span className={cx(styles.part, styles.device)} data-testid="status-device">
        {app ? `${app.device.device_id} · T${app.device.terminal_number}` : ''}
      </span>
      <Clock zone={app?.store.timezone} />
    </footer>
  )
}
