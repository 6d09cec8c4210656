import { useState } from 'react'
import type { SyncStatusView } from '../../../shared/contract'
import { contract } from '../../../shared/contract'
import { useAppInfo, useBackend, useBackendMutation } from '../../data/backend'
import { formatDateTime } from '../../format'
import { messagesOf, useContractForm } from '../../forms/contractForm'
import { cx } from '../../styles/cx'
import styles from './settings.module.css'

type Message = { kind: 'ok' | 'error'; text: string } | null

const STATE_TEXT: Record<SyncStatusView['state'], string> = {
  not_configured: 'Not set up',
  online: 'Online',
  offline: 'Offline: sales wait in the outbox',
  error: 'Error',
}

/** In store time, as every time on the terminal. */
const when = (iso: string | null, zone: string | undefined) => (iso ? formatDateTime(iso, zone) : 'never')

/** The connection form is checked by sync-configure's own schema. */
const centralSchema = contract['sync-configure'].args

/** Central MongoDB connection, sync health and anything central refused. */
export function SyncSection({ title }: { title: string }) {
  // Re-read on every status-changed push (invalidation.ts), as rounds come and go.
  const sync = useBackend('sync-status')
  const status = sync.data
  const zone = useAppInfo()?.store.timezone
  const hasIssues = status !== undefined && status.conflicts + status.dead + status.rejected > 0
  const issues = useBackend('sync-issues', {}, { enabled: hasIssues }).data
  const form = useContractForm(centralSchema, {
    defaultValues: { uri: '', db_name: 'lottery', username: '', password: '' },
  })
  const [message, setMessage] = useState<Message>(null)
  const configure = useBackendMutation('sync-configure')
  const clear = useBackendMutation('sync-clear')
  const syncNow = useBackendMutation('sync-now')
  const busy = configure.isPending || clear.isPending || syncNow.isPending
  const shown = message ?? (sync.error ? { kind: 'error' as const, text: sync.error.message } : null)

  const failed = (e: { message: string }) => setMessage({ kind: 'error', text: e.message })
  const save = form.handleSubmit(
    (args) =>
      configure.mutate(args, {
        onSuccess: (saved) => {
          form.setValue('password', '')
          setMessage({ kind: 'ok', text: `Saved: ${saved.uri} (${saved.db_name}).` })
        },
        onError: failed,
      }),
    (invalid) => setMessage({ kind: 'error', text: messagesOf(invalid).join(' ') }),
  )
  const runNow = () =>
    syncNow.mutate(
      {},
      {
        onSuccess: (r) =>
          setMessage({
            kind: 'ok',
            text: r.ok
              ? `Synced: ${r.pushed} records sent, ${r.pulled} catalogue changes received.`
              : `Sync failed: ${r.error}`,
          }),
        onError: failed,
      },
    )

  return (
    <section className="card form" aria-label={title} data-testid="sync-settings">
      <h2>{title}</h2>
      {status && (
        <dl className="facts">
          <dt>State</dt>
          <dd data-testid="sync-state" data-state={status.state}>
            {STATE_TEXT[status.state]}
          </dd>
          {/* With no central set up nothing is late: the records are kept here until one is. */}
          <dt>{status.state === 'not_configured' ? 'Kept on this terminal' : 'Waiting to send'}</dt>
          <dd data-testid="sync-pending">{status.pending}</dd>
          <dt>Last successful sync</dt>
          <dd>{when(status.last_success, zone)}</dd>
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
          {hasIssues && (
            <>
              <dt>Needs attention</dt>
              <dd className={styles.warn}>
                {status.conflicts} conflicts · {status.dead} refused by central · {status.rejected} bad catalogue
                records
              </dd>
            </>
          )}
        </dl>
      )}
      {issues && (
        <ul className={styles.issues}>
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
      <form onSubmit={(e) => void save(e)}>
        {status && !status.can_encrypt && (
          <p className="banner warn" data-testid="sync-encrypt-warning">
            This machine cannot encrypt saved credentials: they are stored obfuscated only. Use a terminal account with
            the least privileges (see README).
          </p>
        )}
        <label>
          <span>MongoDB address</span>
          <input
            data-testid="sync-uri"
            placeholder="mongodb+srv://cluster.example.net or mongodb://host:27017/?replicaSet=rs0"
            {...form.register('uri')}
          />
        </label>
        <label>
          <span>Database</span>
          <input data-testid="sync-db" {...form.register('db_name')} />
        </label>
        <label>
          <span>Terminal user</span>
          <input data-testid="sync-user" {...form.register('username')} />
        </label>
        <label>
          <span>Password</span>
          <input data-testid="sync-password" type="password" autoComplete="off" {...form.register('password')} />
        </label>
        <div className={cx('form-actions', styles.actions)}>
          <button type="submit" className="btn primary" data-testid="sync-save" disabled={busy}>
            Save connection
          </button>
          {status?.config && (
            <button
              type="button"
              className="btn"
              disabled={busy}
              onClick={() =>
                clear.mutate(
                  {},
                  { onSuccess: () => setMessage({ kind: 'ok', text: 'Connection removed.' }), onError: failed },
                )
              }
            >
              Remove
            </button>
          )}
        </div>
      </form>
      <div className="form-actions">
        <button
          type="button"
          className="btn"
          data-testid="sync-now"
          disabled={busy || status?.state === 'not_configured'}
          onClick={runNow}
        >
          Sync now
        </button>
      </div>
      {shown && (
        <p
          className={cx('banner', shown.kind === 'error' ? 'error' : 'success')}
          data-testid="sync-message"
          role="status"
        >
          {shown.text}
        </p>
      )}
    </section>
  )
}
