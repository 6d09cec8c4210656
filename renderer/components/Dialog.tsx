import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react'
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
const FOCUSABLE =
  'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea, [href], [tabindex]:not([tabindex="-1"])'

export function Dialog({ testid, labelledBy, role = 'dialog', wide, keys, children }: Props) {
  useKeymap(keys ?? noKeys, { level: 'dialog' })
  const box = useRef<HTMLDivElement>(null)
  // The focus goes into the dialog when it opens (the box itself, so the dialog's keys keep their meaning,
  // unless a field in it took it), and Tab stays inside it: nothing behind a modal dialog is reachable.
  useEffect(() => {
    const el = box.current
    if (el && !el.contains(document.activeElement)) el.focus()
  }, [])
  const trap = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Tab' || !box.current) return
    const all = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((x) => x.offsetParent !== null)
    if (!all.length) return
    const first = all[0]
    const last = all[all.length - 1]
    if (document.activeElement === box.current) {
      e.preventDefault()
      ;(e.shiftKey ? last : first).focus()
    } else if (e.shiftKey && document.activeElement === first) {
      e.preventDefault()
      last.focus()
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault()
      first.focus()
    }
  }
  return (
    <KeyLevelContext.Provider value="dialog">
      <div className={styles.overlay}>
        <div
          ref={box}
          tabIndex={-1}
          onKeyDown={trap}
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
