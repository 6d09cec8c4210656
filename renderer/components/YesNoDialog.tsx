import { useEffect, useRef, type ReactNode } from 'react'

interface Props {
  /** Test ids are `<testid>-dialog`, `<testid>-yes` and `<testid>-no`. */
  testid: string
  title: string
  /** The big line under the title: an amount, or a short mark like 18+. */
  headline: ReactNode
  children: ReactNode
  yesLabel: ReactNode
  noLabel: ReactNode
  onYes: () => void
  onNo: () => void
  busy?: boolean
}

/** A deliberate second step: Enter confirms, Escape backs out, and the yes button has the focus. */
export function YesNoDialog({ testid, title, headline, children, yesLabel, noLabel, onYes, onNo, busy }: Props) {
  const yes = useRef<HTMLButtonElement>(null)
  // The latest handlers, so the key listener is added once and never calls a stale one.
  const handlers = useRef({ onYes, onNo })
  useEffect(() => {
    handlers.current = { onYes, onNo }
  })

  useEffect(() => {
    yes.current?.focus()
    const onKey = (e: KeyboardEvent) => {
      // The Enter that opened the dialog may still be held: only a fresh press confirms.
      if (e.key === 'Enter' && !e.repeat) {
        e.preventDefault()
        handlers.current.onYes()
      } else if (e.key === 'Escape') {
        e.preventDefault()
        handlers.current.onNo()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  return (
    <div className="overlay">
      <div
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${testid}-title`}
        data-testid={`${testid}-dialog`}
      >
        <h2 id={`${testid}-title`}>{title}</h2>
        <p className="dialog-amount">{headline}</p>
        {children}
        <div className="dialog-actions">
          <button type="button" className="btn big" data-testid={`${testid}-no`} onClick={onNo}>
            {noLabel} <kbd>Esc</kbd>
          </button>
          <button
            ref={yes}
            type="button"
            className="btn big primary"
            data-testid={`${testid}-yes`}
            disabled={busy}
            onClick={onYes}
          >
            {yesLabel} <kbd>Enter</kbd>
          </button>
        </div>
      </div>
    </div>
  )
}
