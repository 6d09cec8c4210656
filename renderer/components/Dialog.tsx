import type { ReactNode } from 'react'
import type { Binding, Keymap } from '../keys/keymap'
import { KeyLevelContext, useKeymap } from '../keys/useKeymap'
import { cx } from '../styles/cx'
import styles from './Dialog.module.css'

const noKeys: Keymap = () => false

interface Props {
  testid: string
  labelledBy: string
  role?: 'dialog' | 'alertdialog'
  wide?: boolean
  /** The dialog's keys, above its screen's; a dialog without keys still turns the screen's off. */
  keys?: Keymap | readonly Binding[]
  children: ReactNode
}

/** A modal dialog: the overlay, the box, and a keymap level above the screen beneath. */
export function Dialog({ testid, labelledBy, role = 'dialog', wide, keys, children }: Props) {
  useKeymap(keys ?? noKeys, { level: 'dialog' })
  return (
    <KeyLevelContext.Provider value="dialog">
      <div className={styles.overlay}>
        <div
          className={cx(styles.dialog, wide && styles.wide)}
          role={role}
          aria-modal="true"
          aria-labelledby={labelledBy}
          data-testid={testid}
        >
          {children}
        </div>
      </div>
    </KeyLevelContext.Provider>
  )
}

/** The dialog's buttons, at its foot. */
export function DialogActions({ children }: { children: ReactNode }) {
  return <div className={styles.actions}>{children}</div>
}

/** The big line under a confirmation's title: an amount, or a short mark like 18+. */
export function DialogHeadline({ children }: { children: ReactNode }) {
  return <p className={styles.amount}>{children}</p>
}
