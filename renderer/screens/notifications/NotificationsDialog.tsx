import { useEffect, useState } from 'react'
import type { NotificationType } from '../../../shared/contract'
import { Dialog, DialogActions } from '../../components/Dialog'
import { useAppInfo, useBackend, useBackendMutation } from '../../data/backend'
import { formatDateTime } from '../../format'
import type { Binding } from '../../keys/keymap'
import { useNotificationCentre } from './state'
import styles from './notifications.module.css'

const TYPE_NAMES: Record<NotificationType, string> = {
  inventory_alert: 'Stock',
  sales_summary: 'Sales',
  // The seed's four types: a budget forecast past its allocation is filed with compliance, and says so here.
  compliance: 'Compliance & budgets',
  marketing: 'Marketing',
}
const TYPES = Object.keys(TYPE_NAMES) as NotificationType[]

/** The notification centre: the store's alerts newest first, by type, each marked read or all at once. */
export function NotificationsDialog() {
  const setOpen = useNotificationCentre((s) => s.setOpen)
  const zone = useAppInfo()?.store.timezone
  const [type, setType] = useState<NotificationType | undefined>(undefined)
  const list = useBackend('notify-list', type ? { type } : {})
  const read = useBackendMutation('notify-read')
  const readAll = useBackendMutation('notify-read-all')
  const close = () => setOpen(false)
  useEffect(() => () => setOpen(false), [setOpen])
  const keys: Binding[] = [{ keys: ['Escape'], inFields: true, run: close }]
  const data = list.data

  return (
    <Dialog testid="notifications" labelledBy="notifications-title" wide keys={keys}>
      <h2 id="notifications-title">Notifications{data ? ` (${data.unread} unread)` : ''}</h2>
      <div className={styles.filters} role="group" aria-label="Show">
        <button
          type="button"
          className="btn small"
          aria-pressed={type === undefined}
          onClick={() => setType(undefined)}
          data-testid="notify-filter-all"
        >
          All
        </button>
        {TYPES.map((t) => (
          <button
            key={t}
            type="button"
            className="btn small"
            aria-pressed={type === t}
            onClick={() => setType(t)}
            data-testid={`notify-filter-${t}`}
          >
            {TYPE_NAMES[t]}
            {data?.unread_by_type[t] ? ` (${data.unread_by_type[t]})` : ''}
          </button>
        ))}
      </div>
      {list.error && <div className="banner error">{list.error.message}</div>}
      {data && data.notifications.length === 0 && <p className="muted">Nothing here.</p>}
      <ul className={styles.list}>
        {data?.notifications.map((n) => (
          <li
            key={n._id}
            className={n.is_read ? styles.read : styles.unread}
            data-testid="notification"
            data-type={n.type}
            data-read={String(n.is_read)}
          >
            <div className={styles.head}>
              <span className={styles.type}>{TYPE_NAMES[n.type]}</span>
              <strong>{n.title}</strong>
              <span className="muted">{formatDateTime(n.created_at, zone)}</span>
            </div>
            <p>{n.message}</p>
            {!n.is_read && (
              <button
                type="button"
                className="btn small"
                disabled={read.isPending}
                onClick={() => read.mutate({ ids: [n._id] })}
                data-testid="notification-read"
              >
                Mark read
              </button>
            )}
          </li>
        ))}
      </ul>
      <DialogActions>
        <button type="button" className="btn big" onClick={close} data-testid="notifications-close">
          Close <kbd>Esc</kbd>
        </button>
        <button
          type="button"
          className="btn big primary"
          disabled={readAll.isPending || !data?.unread}
          onClick={() => readAll.mutate(type ? { type } : {})}
          data-testid="notifications-read-all"
        >
          Mark all read
        </button>
      </DialogActions>
    </Dialog>
  )
}
