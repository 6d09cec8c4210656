import { useEffect, useRef } from 'react'
import { confirmAge } from '../checkout'
import { useUi } from '../store'

/** Responsible play: the cashier looks at the player before an age-checked game is sold. */
export function AgeDialog({ games }: { games: string[] }) {
  const setOverlay = useUi((s) => s.setOverlay)
  const yes = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    yes.current?.focus()
    const onKey = (e: KeyboardEvent) => {
      // The Enter that pressed Sell may still be held; only a fresh press confirms.
      if (e.key === 'Enter' && !e.repeat) {
        e.preventDefault()
        void confirmAge()
      } else if (e.key === 'Escape') {
        e.preventDefault()
        setOverlay(null)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [setOverlay])

  return (
    <div className="overlay">
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="age-title" data-testid="age-dialog">
        <h2 id="age-title">Confirm the player is of legal age</h2>
        <p className="dialog-amount">18+</p>
        <p>
          {games.length > 0
            ? `${games.join(', ')} may only be sold to adults.`
            : 'This sale includes an age-checked game.'}{' '}
          Check ID if in doubt.
        </p>
        <div className="dialog-actions">
          <button type="button" className="btn big" data-testid="age-no" onClick={() => setOverlay(null)}>
            Do not sell <kbd>Esc</kbd>
          </button>
          <button
            ref={yes}
            type="button"
            className="btn big primary"
            data-testid="age-yes"
            onClick={() => void confirmAge()}
          >
            Of legal age <kbd>Enter</kbd>
          </button>
        </div>
      </div>
    </div>
  )
}
