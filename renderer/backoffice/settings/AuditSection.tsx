import { useBackendMutation } from '../../data/backend'
import styles from './settings.module.css'

/** Checks that no audit entry on this terminal was changed or removed. */
export function AuditSection({ title }: { title: string }) {
  const verify = useBackendMutation('audit-verify')
  const result = verify.data

  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      <p className="muted">Checks that no audit entry on this terminal was changed or removed.</p>
      <button
        type="button"
        className="btn"
        data-testid="audit-verify"
        disabled={verify.isPending}
        onClick={() => verify.mutate({})}
      >
        {verify.isPending ? 'Verifying…' : 'Verify audit chain'}
      </button>
      {result && !verify.isPending && (
        <div
          className={`banner ${result.ok ? 'success' : 'error'}`}
          data-testid="audit-result"
          data-ok={String(result.ok)}
          role="status"
        >
          {result.ok
            ? `Audit chain intact: ${result.entries} entries checked.`
            : `Audit chain broken at entry ${result.first_broken_seq ?? '?'}: ${result.reason ?? 'unknown reason'} (${result.broken_count} broken of ${result.entries} entries).`}
          {!result.ok && result.broken.length > 1 && (
            <ul className={styles.broken}>
              {result.broken.slice(0, 10).map((b) => (
                <li key={`${b.seq}-${b.reason}`}>{b.reason}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {verify.error && (
        <div className="banner error" data-testid="audit-result" role="alert">
          {verify.error.message}
        </div>
      )}
    </section>
  )
}
