import { Suspense } from 'react'
import { Banners } from '../components/Banners'
import { TopBar } from '../components/TopBar'
import { useSessionInfo } from '../data/backend'
import { runCommand } from '../dispatch'
import { isTyping } from '../keys/keymap'
import { useKeymap } from '../keys/useKeymap'
import { visibleScreens, type Screen } from '../screens/registry'
import { useNav } from '../store'
import { cx } from '../styles/cx'
import styles from './BackOffice.module.css'

/**
 * The back office: a menu of the back-office screens of the registry this user may use, and the
 * chosen one beside it. A role sees only what it may use; a cashier never gets here at all.
 */
export function BackOffice({ current }: { current: Screen }) {
  const session = useSessionInfo()
  const go = useNav((s) => s.go)
  const menu = visibleScreens(session, 'back-office')
  useKeymap([
    { keys: ['F10'], inFields: true, run: () => runCommand('lock') },
    {
      keys: ['Escape'],
      inFields: true,
      run: (e) => {
        // The first Escape leaves the field being edited, the next one leaves the back office.
        if (isTyping(e)) (e.target as HTMLElement).blur()
        else go('sale')
      },
    },
  ])
  const Current = current.component

  return (
    <div className={styles.backOffice} data-testid="back-office">
      <TopBar />
      <Banners />
      <div className={styles.body}>
        <nav className={styles.menu} aria-label="Back office">
          <h2 className={styles.menuTitle}>Back office</h2>
          <ul>
            {menu.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  className={cx(styles.item, s.id === current.id && styles.active)}
                  aria-current={s.id === current.id ? 'page' : undefined}
                  data-testid={`bo-menu-${s.id}`}
                  onClick={() => go(s.id)}
                >
                  {s.title}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className={styles.content}>
          <Suspense fallback={null}>
            <Current />
          </Suspense>
        </div>
      </div>
    </div>
  )
}
