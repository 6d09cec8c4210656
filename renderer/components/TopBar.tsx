import { useState, type ReactNode } from 'react'
import { ChangePin } from './ChangePin'
import { Dialog } from './Dialog'
import { keyLabels } from '../actions'
import { logout } from '../checkout'
import { LogoutDialog, useLeaving } from './LogoutDialog'
import { useAppInfo, useSessionInfo } from '../data/backend'
import { openScreen, runCommand } from '../dispatch'
import { backOfficeEntry, visibleScreens } from '../screens/registry'
import { useNav } from '../store'
import styles from './TopBar.module.css'

/** Who is selling where, and the ways off this screen, drawn from the screen registry. */
export function TopBar({ children }: { children?: ReactNode }) {
  const app = useAppInfo()
  const session = useSessionInfo()
  const current = useNav((s) => s.screen)
  const go = useNav((s) => s.go)
  const onSale = current === 'sale'
  const counter = visibleScreens(session, 'counter').filter((s) => s.id !== 'sale' && s.id !== current)
  const [changing, setChanging] = useState(false)
  const leaving = useLeaving()
  const [askingOut, setAskingOut] = useState(false)

  return (
    <header className={styles.topBar}>
      <div
        className={styles.topTitle}
        title={
          app ? `${app.store.name} · Terminal ${app.device.terminal_number}${app.demo ? ' · DEMO' : ''}` : undefined
        }
      >
        <strong>{app?.store.name}</strong>
        <span className="muted">
          {' '}
          · Terminal {app?.device.terminal_number}
          {app?.demo ? ' · DEMO' : ''}
        </span>
      </div>
      <nav className={styles.topActions} aria-label="Screens">
        {children}
        {!onSale && (
          <button type="button" className="btn" data-testid="nav-sale" onClick={() => go('sale')}>
            ← Sale <kbd>Esc</kbd>
          </button>
        )}
        {counter.map((s) => (
          <button key={s.id} type="button" className="btn" data-testid={`nav-${s.id}`} onClick={() => openScreen(s.id)}>
            {`${s.title} `}
            {onSale && 'opensWith' in s && <kbd>{keyLabels[s.opensWith]}</kbd>}
          </button>
        ))}
        {/* The back office's door keeps the test id of the Settings button it replaced. */}
        {onSale && backOfficeEntry(session) && (
          <button type="button" className="btn" data-testid="nav-settings" onClick={() => runCommand('backOffice')}>
            Back office <kbd>{keyLabels.backOffice}</kbd>
          </button>
        )}
        <button type="button" className="btn" data-testid="lock" onClick={() => runCommand('lock')}>
          Lock <kbd>{keyLabels.lock}</kbd>
        </button>
        <button type="button" className="btn ghost" data-testid="change-pin-open" onClick={() => setChanging(true)}>
          Change PIN
        </button>
        <button
          type="button"
          className="btn ghost"
          data-testid="logout"
          onClick={() => (leaving ? setAskingOut(true) : void logout())}
        >
          Log out
        </button>
      </nav>
      {askingOut && leaving && <LogoutDialog leaving={leaving} onStay={() => setAskingOut(false)} />}
      {changing && session && (
        <Dialog testid="change-pin-dialog" labelledBy="change-pin-title">
          <ChangePin session={session} forced={false} onDone={() => setChanging(false)} />
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => setChanging(false)}>
              Close
            </button>
          </div>
        </Dialog>
      )}
    </header>
  )
}
