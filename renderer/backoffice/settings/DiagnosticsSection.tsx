import { useBackendMutation } from '../../data/backend'
import styles from './settings.module.css'

/**
 * Writes the diagnostics bundle IT asks for into the data folder and says where it is. In a browser (the web
 * host) the bundle can also be saved from here; the app's window has no downloads, IT takes the file.
 */
export function DiagnosticsSection({ title }: { title: string }) {
  const exporting = useBackendMutation('diagnostics-export')
  const bundle = exporting.data
  const inBrowser = typeof window !== 'undefined' && !window.pos

  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      <p className="muted">
        One file for IT: versions, the terminal file without passwords, recent log lines, the database and audit checks,
        what waits to sync and the printer. It takes a few seconds.
      </p>
      <button
        type="button"
        className="btn"
        data-testid="diagnostics-export"
        disabled={exporting.isPending}
        onClick={() => exporting.mutate({})}
      >
        {exporting.isPending ? 'Writing…' : 'Write diagnostics bundle'}
      </button>
      {bundle && !exporting.isPending && (
        <div className="banner success" data-testid="diagnostics-result" role="status">
          Written to{' '}
          <code className={styles.path} data-testid="diagnostics-file">
            {bundle.file}
          </code>
          <ul className={styles.broken}>
            {bundle.checks.map((c) => (
              <li key={c.label}>
                {c.label}: {c.ok ? '' : 'PROBLEM, '}
                {c.summary}
              </li>
            ))}
          </ul>
          {inBrowser && (
            <a
              className="btn"
              data-testid="diagnostics-download"
              href={`data:application/zip;base64,${bundle.content_base64}`}
              download={bundle.name}
            >
              Download {bundle.name}
            </a>
          )}
        </div>
      )}
      {exporting.error && (
        <div className="banner error" data-testid="diagnostics-result" role="alert">
          {exporting.error.message}
        </div>
      )}
    </section>
  )
}
