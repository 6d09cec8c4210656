import { useEffect, useRef, type ReactNode } from 'react'
import { Dialog, DialogActions, DialogHeadline } from './Dialog'

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
  /**
   * A question Enter must never answer (the player's age, a large total): Y says yes and N or Escape no; Enter
   * does nothing, and nothing has the focus that Enter would press. The cashier's reflex Enter after Sell
   * cannot answer for them.
   */
  deliberate?: boolean
  /** Yes cannot be undone (a pack reported stolen, a user deactivated): its button is red. */
  danger?: boolean
}

/**
 * A deliberate second step: Enter confirms (Y when `deliberate`), Escape backs out, and the yes button has the focus.
 * A field the dialog asks to fill answers Enter itself: put it in a form whose submit says yes.
 * The Enter that opened the dialog may still be held: only a fresh press confirms (the keymap
 * skips repeats, and the one listener stops a held Enter from pressing the focused button).
 */
export function YesNoDialog(props: Props) {
  const { testid, title, headline, children, yesLabel, noLabel, onYes, onNo, busy, deliberate, danger } = props
  const yes = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (!deliberate) yes.current?.focus()
  }, [deliberate])
  // While the answer is on its way, yes is not asked again (a second Enter would reset a PIN twice).
  const yesKey = () => (busy ? true : onYes())
  const keys = deliberate
    ? [
        { keys: ['y', 'Y'], run: yesKey },
        { keys: ['n', 'N'], run: onNo },
        { keys: ['Escape'], run: onNo, inFields: true },
      ]
    : [
        { keys: ['Enter'], run: yesKey },
        { keys: ['Escape'], run: onNo, inFields: true },
      ]

  return (
    <Dialog testid={`${testid}-dialog`} labelledBy={`${testid}-title`} role="alertdialog" keys={keys}>
      <h2 id={`${testid}-title`}>{title}</h2>
      <DialogHeadline>{headline}</DialogHeadline>
      {children}
      <DialogActions>
        <button type="button" className="btn big" data-testid={`${testid}-no`} onClick={onNo}>
          {noLabel} <kbd>Esc</kbd>
        </button>
        <button
          ref={yes}
          type="button"
          className={danger ? 'btn big danger' : 'btn big primary'}
          data-testid={`${testid}-yes`}
          disabled={busy}
          onClick={onYes}
        >
          {yesLabel} <kbd>{deliberate ? 'Y' : 'Enter'}</kbd>
        </button>
      </DialogActions>
    </Dialog>
  )
}
