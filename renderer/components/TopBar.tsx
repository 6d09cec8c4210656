import type { ReactNode } from 'react'
import { keyLabels } from '../actions'
import { logout } from '../checkout'
import { runCommand } from '../dispatch'
import { can, useSession } from '../store'

/** Who is selling where, and the ways off this screen. */
export function TopBar({ children }: { children?: ReactNode }) {
  const app = useSession((s) => s.app)
  const session = useSession((s) => s.session)
  const view = useSession((s) => s.view)
  const setView = useSession((s) => s.setView)

  return (
    <header className="top-bar">
      <div className="top-title">
        <strong>{app?.store.name}</strong>
        <span className="muted">
          {' '}
          · Terminal {app?.device.terminal_number}
          {app?.demo ? ' · DEMO' : ''}
        </span>
      </div>
      <div className="top-actions">
        {children}
        {view !== 'sale' && (
          <button type="button" className="btn" data-testid="nav-sale" onClick={() => setView('sale')}>
            ← Sale <kbd>Esc</kbd>
          </button>
        )}
        {view !== 'validate' && can(session, 'ticket.validate') && (
          <button type="button" className="btn" data-testid="nav-validate" onClick={() => runCommand('validate')}>
            Check ticket {view === 'sale' && <kbd>{keyLabels.validate}</kbd>}
          </button>
        )}
        {view !== 'results' && (
          <button type="button" className="btn" data-testid="nav-results" onClick={() => runCommand('results')}>
            Results {view === 'sale' && <kbd>{keyLabels.results}</kbd>}
          </button>
        )}
        {view === 'sale' && can(session, 'printer.configure') && (
          <button type="button" className="btn" data-testid="nav-settings" onClick={() => runCommand('settings')}>
            Settings <kbd>{keyLabels.settings}</kbd>
          </button>
        )}
        <button type="button" className="btn" data-testid="lock" onClick={() => runCommand('lock')}>
          Lock <kbd>{keyLabels.lock}</kbd>
        </button>
        <button type="button" className="btn ghost" data-testid="logout" onClick={() => void logout()}>
          Log out
        </button>
      </div>
    </header>
  )
}
