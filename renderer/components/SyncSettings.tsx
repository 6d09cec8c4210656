import { useEffect, useState } from 'react'
import type { SyncIssuesView, SyncStatusView } from '../../shared/contract'
import { errorShape, invoke, useEvent } from '../api'
import { can, useSession } from '../store'

type Message = { kind: 'ok' | 'error'; text: string } | null

const STATE_TEXT: Record<SyncStatusView['state'], string> = {
  not_configured: 'Not set up',
  online: 'Online',
  offline: 'Offline: sales wait in the outbox',
  error: 'Error',
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never')

/** Central MongoDB connection, sync health and anything central refused; managers edit it, everyone sees it. */
export function SyncSettings() {
  const session = useSession((s) => s.session)
  const manage = can(session, 'sync.configure')
  const [status, setStatus] = useState<SyncStatusView | null>(null)
  const [issues, setIssues] = useState<SyncIssuesView | null>(null)
  const [form, setForm] = useState({ uri: '', db_name: 'lottery', username: '', password: '' })
  const [message, setMessage] = useState<Message>(null)
  const [busy, setBusy] = useState(false)

  const refresh = () =>
    invoke('sync-status', {}).then(
      (s) => {
        setStatus(s)
        if (manage && s.conflicts + s.dead + s.rejected > 0) void invoke('sync-issues', {}).then(setIssues)
      },
      (e) => setMessage({ kind: 'error', text: errorShape(e).message }),
    )
  useEffect(() => {
    void refresh()
    // Once on mount; pushed status changes refresh it after that.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  useEvent('status-changed', () => void refresh())

  async function run(action: () => Promise<string>) {
    setBusy(true)
    try {
      setMessage({ kind: 'ok', text: await action() })
    } catch (e) {
      setMessage({ kind: 'error', text: errorShape(e).message })
    } finally {
      setBusy(false)
      void refresh()
    }
  }

  const save = () =>
    run(async () => {
      const saved = await invoke('sync-configure', form)
      setForm((f) => ({ ...f, password: '' }))
      return `Saved: ${saved.uri} (${saved.db_name}).`
    })
  const syncNow = () =>
    run(async () => {
      const r = await invoke('sync-now', {})
      return r.ok
        ? `Synced: ${r.pushed} records sent, ${r.pulled} catalogue changes received.`
        : `Sync failed: ${r.error}`
    })

  return (
    <section className="card form" data-testid="sync-settings">
      <h2>Central sync</h2>
      {status && (
        <dl className="facts">
          <dt>State</dt>
          <dd data-testid="sync-state" data-state={status.state}>
            {STATE_TEXT[status.state]}
          </dd>
          <dt>Waiting to send</dt>
          <dd>{status.pending}</dd>
          <dt>Last successful sync</dt>
          <dd>{when(status.last_success)}</dd>
          {status.last_error && (
            <>
              <dt>Last error</dt>
              <dd data-testid="sync-last-error">{status.last_error}</dd>
            </>
          )}
          {status.config && (
            <>
              <dt>Central</dt>
              <dd>
                {status.config.uri} · {status.config.db_name}
                {status.config.username ? ` · ${status.config.username}` : ''}
              </dd>
            </>
          )}
          {status.conflicts + status.dead + status.rejected > 0 && (
            <>
              <dt>Needs attention</dt>
              <dd className="warn">
                {status.conflicts} conflicts · {status.dead} refused by central · {status.rejected} bad catalogue
                records
              </dd>
            </>
          )}
        </dl>
      )}
      {issues && (
        <ul className="issues">
          {[...issues.conflicts, ...issues.dead].map((i) => (
            <li key={`o${i.seq}`} data-testid="sync-issue-row">
              #{i.seq} {i.collection} {i.doc_id}: {i.reason}
            </li>
          ))}
          {issues.rejected.map((i) => (
            <li key={`r${i.collection}${i.doc_id}`} data-testid="sync-issue-row">
              from central, {i.collection} {i.doc_id}: {i.reason}
            </li>
          ))}
        </ul>
      )}
      {manage && (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            void save()
          }}
        >
          {status && !status.can_encrypt && (
            <p className="warn" data-testid="sync-encrypt-warning">
              This machine cannot encrypt saved credentials: they are stored obfuscated only. Use a terminal account
              with the least privileges (see README).
            </p>
          )}
          <label>
            <span>MongoDB address</span>
            <input
              data-testid="sync-uri"
              value={form.uri}
              placeholder="mongodb+srv://cluster.example.net or mongodb://host:27017/?replicaSet=rs0"
              onChange={(e) => setForm({ ...form, uri: e.target.value })}
            />
          </label>
          <label>
            <span>Database</span>
            <input
              data-testid="sync-db"
              value={form.db_name}
              onChange={(e) => setForm({ ...form, db_name: e.target.value })}
            />
          </label>
          <label>
            <span>Terminal user</span>
            <input
              data-testid="sync-user"
              value={form.username}
              onChange={(e) => setForm({ ...form, username: e.target.value })}
            />
          </label>
          <label>
            <span>Password</span>
            <input
              data-testid="sync-password"
              type="password"
              autoComplete="off"
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
            />
          </label>
          <div className="row">
            <button type="submit" data-testid="sync-save" disabled={busy}>
              Save connection
            </button>
            {status?.config && (
              <button
                type="button"
                disabled={busy}
                onClick={() => void run(async () => (await invoke('sync-clear', {}), 'Connection removed.'))}
              >
                Remove
              </button>
            )}
          </div>
        </form>
      )}
      <div className="row">
        <button
          type="button"
          data-testid="sync-now"
          disabled={busy || status?.state === 'not_configured'}
          onClick={() => void syncNow()}
        >
          Sync now
        </button>
      </div>
      {message && (
        <p className={message.kind === 'error' ? 'error' : 'ok'} data-testid="sync-message" role="status">
          {message.text}
        </p>
      )}
    </section>
  )
}
