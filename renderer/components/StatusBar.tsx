import { useEffect, useState } from 'react'
import type { StatusInfo } from '../../shared/contract'
import { invoke, useEvent } from '../api'
import { useSession, useStatus } from '../store'

const REFRESH_MS = 5000

const syncText: Record<StatusInfo['sync']['state'], string> = {
  not_configured: 'Sync: not configured',
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

function Clock() {
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 1000)
    return () => clearInterval(t)
  }, [])
  return (
    <span className="status-part clock" data-testid="status-clock">
      {now.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })}
    </span>
  )
}

/** Always on screen: the cashier must see at a glance whether sales leave the store and tickets print. */
export function StatusBar() {
  const app = useSession((s) => s.app)
  const session = useSession((s) => s.session)
  const status = useStatus((s) => s.status)
  const setStatus = useStatus((s) => s.setStatus)
  const active = session !== null && !session.locked

  useEvent('status-changed', setStatus)

  useEffect(() => {
    if (!active) return
    let stopped = false
    const refresh = () =>
      invoke('status-get', {})
        .then((s) => !stopped && setStatus(s))
        .catch(() => {
          // A failed poll is shown by the next successful one or by the lock/login screen it triggered.
        })
    refresh()
    const t = setInterval(refresh, REFRESH_MS)
    return () => {
      stopped = true
      clearInterval(t)
    }
  }, [active, setStatus])

  const sync = status?.sync
  const printer = status?.printer
  const [syncing, setSyncing] = useState(false)
  const syncTitle = [
    sync?.last_success && `Last sync ${new Date(sync.last_success).toLocaleString()}`,
    sync?.last_error,
  ]
    .filter(Boolean)
    .join(' · ')

  return (
    <footer className="status-bar" aria-label="Terminal status">
      <span
        className={`status-part shrink ${sync ? `sync-${sync.state}` : ''}`}
        data-testid="status-sync"
        data-state={sync?.state ?? ''}
        title={syncTitle || undefined}
      >
        {sync ? syncText[sync.state] : 'Sync: -'}
        {(sync?.state === 'offline' || sync?.state === 'error') && sync.last_error ? ` (${sync.last_error})` : ''}
        {sync?.last_success ? ` · last ${new Date(sync.last_success).toLocaleTimeString()}` : ''}
      </span>
      {sync && sync.state !== 'not_configured' && (
        <button
          type="button"
          className="status-part status-button"
          data-testid="status-sync-now"
          disabled={syncing}
          onClick={() => {
            setSyncing(true)
            // The result arrives as a status-changed event; a failure is shown as the last error.
            void invoke('sync-now', {})
              .catch(() => {})
              .finally(() => setSyncing(false))
          }}
        >
          {syncing ? 'Syncing…' : 'Sync now'}
        </button>
      )}
      <span className={`status-part ${sync && sync.pending > 0 ? 'warn' : ''}`} data-testid="status-pending">
        Waiting to sync: {sync ? sync.pending : '-'}
      </span>
      <span
        className={`status-part shrink ${printer ? `printer-${printer.state}` : ''}`}
        data-testid="status-printer"
        data-state={printer?.state ?? ''}
        title={[printer?.uri, printer?.message].filter(Boolean).join(' · ') || undefined}
      >
        {printer ? printerText[printer.state] : 'Printer: -'}
        {printer?.message ? ` · ${printer.message}` : ''}
      </span>
      <span
        className={`status-part ${printer && printer.pending_prints > 0 ? 'warn' : ''}`}
        data-testid="status-prints"
      >
        Prints pending: {printer ? printer.pending_prints : '-'}
      </span>
      <span className="status-spacer" />
      <span className="status-part" data-testid="status-user">
        {session ? `${session.user.name} (${session.user.role})${session.locked ? ' · locked' : ''}` : 'Not logged in'}
      </span>
      <span className="status-part" data-testid="status-device">
        {app ? `${app.device.device_id} · T${app.device.terminal_number}` : ''}
      </span>
      <Clock />
    </footer>
  )
}
