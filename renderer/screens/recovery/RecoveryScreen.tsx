import { useState } from 'react'
import type { RecoveryStatus } from '../../../shared/contract'
import { PinPad } from '../../components/PinPad'
import { UserTiles } from '../../components/UserTiles'
import { useBackend, useBackendMutation } from '../../data/backend'
import styles from './RecoveryScreen.module.css'

const KIND_TITLE: Record<NonNullable<RecoveryStatus['kind']>, string> = {
  missing: 'The database is missing',
  empty: 'The database is empty',
  orphan_wal: 'The database is missing its main file',
  corrupt: 'The database is damaged',
  foreign: "This is not this terminal's database",
  in_use: 'The terminal is already running',
  config: "The terminal's config file has problems",
}

const sizeText = (n: number) => (n > 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`)

/**
 * Shown instead of the till when the database cannot be trusted: what is wrong,
 * the backups there are, and a restore a manager approves with their PIN. Nothing
 * here can start the terminal afresh.
 */
export function RecoveryScreen({ onRestored }: { onRestored(): void }) {
  const recovery = useBackend('recovery-status')
  const status = recovery.data
  const [picked, setPicked] = useState<string | null>(null)
  const chosen = picked ?? status?.backups[0]?.name ?? null
  const [manager, setManager] = useState<RecoveryStatus['managers'][number] | null>(null)
  const [pin, setPin] = useState('')
  const restore = useBackendMutation('recovery-restore', { onSuccess: onRestored, onError: () => setPin('') })
  const error = recovery.error?.message ?? restore.error?.message

  function submit() {
    if (!chosen || !manager || restore.isPending) return
    restore.mutate({ backup: chosen, userId: manager._id, pin })
  }

  if (status?.kind === 'config' && status.config)
    return <ConfigProblemsView status={status} config={status.config} onFixed={onRestored} />
  if (!status)
    return (
      <p className="muted" role={error ? 'alert' : undefined}>
        {error ?? 'Checking the database…'}
      </p>
    )
  return (
    <section className={styles.recovery} data-testid="recovery" aria-labelledby="recovery-title">
      <h1 id="recovery-title">{status.kind ? KIND_TITLE[status.kind] : 'The terminal needs attention'}</h1>
      <p className="banner error" role="alert" data-testid="recovery-problem">
        {status.message}
      </p>
      <p className="muted">
        Nothing can be sold until this is resolved. The damaged file is kept aside, never deleted. Data folder:{' '}
        <code>{status.data_dir}</code>
      </p>
      {status.backups.length === 0 ? (
        <p className="banner warn" data-testid="recovery-no-backups">
          There is no backup on this terminal. Call IT: do not reinstall the app or delete its folder.
        </p>
      ) : (
        <>
          <h2>1. Choose a backup</h2>
          <ul className={styles.backupList} aria-label="Backups">
            {status.backups.map((b, i) => (
              <li key={b.name}>
                <label>
                  <input
                    type="radio"
                    name="backup"
                    value={b.name}
                    checked={chosen === b.name}
                    onChange={() => setPicked(b.name)}
                    data-testid={`backup-${i}`}
                  />{' '}
                  {new Date(b.created_at).toLocaleString()} · {b.reason === 'daily' ? 'daily backup' : b.reason} ·{' '}
                  {sizeText(b.size)}
                  {i === 0 && ' (newest)'}
                </label>
              </li>
            ))}
          </ul>
          <h2>2. A manager approves</h2>
          {manager ? (
            <div className={styles.approverPin}>
              <p>
                {manager.name}: PIN to restore{' '}
                <button type="button" className="btn ghost" onClick={() => setManager(null)}>
                  Another manager
                </button>
              </p>
              <PinPad
                pin={pin}
                onChange={setPin}
                onSubmit={submit}
                onCancel={() => setManager(null)}
                busy={restore.isPending}
              />
            </div>
          ) : (
            <UserTiles
              users={status.managers}
              testid="recovery-manager"
              compact
              numbered={false}
              onChoose={setManager}
            />
          )}
        </>
      )}
      {error && (
        <p className="banner error" role="alert" data-testid="recovery-error">
          {error}
        </p>
      )}
    </section>
  )
}

/** A terminal file with problems: each one, where the file is, and Check again once IT has fixed it. */
function ConfigProblemsView({
  status,
  config,
  onFixed,
}: {
  status: RecoveryStatus
  config: NonNullable<RecoveryStatus['config']>
  onFixed(): void
}) {
  const retry = useBackendMutation('recovery-retry', {
    onSuccess: (s) => {
      if (!s.needed) onFixed()
    },
  })
  const shown = retry.data?.config ?? config
  return (
    <section className={styles.recovery} data-testid="recovery" aria-labelledby="recovery-title">
      <h1 id="recovery-title">{KIND_TITLE.config}</h1>
      <p className="banner error" role="alert">
        <span className="banner-text">
          Nothing can be sold until the file is fixed. Call IT: they fix <code>{shown.file}</code> (or check it with{' '}
          <code>npm run terminal:check -- {shown.file}</code>), then press Check again.
        </span>
      </p>
      <ul className={styles.backupList} aria-label="Problems in the file" data-testid="config-problems">
        {shown.problems.map((p, i) => (
          <li key={i} data-testid="config-problem">
            {p.path ? <code>{p.path}</code> : 'The file'}: {p.message}
          </li>
        ))}
      </ul>
      <p className="muted">
        Data folder: <code>{status.data_dir}</code> (untouched: the database was not opened).
      </p>
      <button
        type="button"
        className="btn big primary"
        disabled={retry.isPending}
        onClick={() => retry.mutate({})}
        data-testid="config-retry"
      >
        Check again
      </button>
    </section>
  )
}
