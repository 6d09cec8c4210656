import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { formatPicks, parsePicks, type CartLine } from '../../cart'
import { Dialog, DialogActions } from '../../components/Dialog'
import { runCart } from '../../dispatch'
import { useUi } from '../../store'
import styles from './PicksDialog.module.css'

/**
 * The player's own numbers, one field per ticket. A blank field is a quick pick. Checked here for
 * speed; the backend checks again when the sale is made.
 */
export function PicksDialog({ line }: { line: CartLine }) {
  const setOverlay = useUi((s) => s.setOverlay)
  const [texts, setTexts] = useState(() => line.picks.map(formatPicks))
  const [errors, setErrors] = useState<(string | null)[]>(() => line.picks.map(() => null))
  const inputs = useRef<(HTMLInputElement | null)[]>([])
  const { count, min, max } = line.pick

  useEffect(() => {
    inputs.current[0]?.focus()
  }, [])

  function save() {
    const parsed = texts.map((t) => parsePicks(t, line.pick))
    const found = parsed.map((p) => p.error)
    setErrors(found)
    const firstBad = found.findIndex((e) => e !== null)
    if (firstBad >= 0) {
      inputs.current[firstBad]?.focus()
      return
    }
    runCart('setPicks', { key: line.key, picks: parsed.map((p) => p.numbers) })
    setOverlay(null)
  }

  function onKeyDown(i: number, e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter') {
      e.preventDefault()
      const { error } = parsePicks(texts[i], line.pick)
      setErrors((prev) => prev.map((p, j) => (j === i ? error : p)))
      if (error) return
      // Enter walks down the tickets and saves after the last, so the keyboard never has to leave home row.
      if (i < texts.length - 1) inputs.current[i + 1]?.focus()
      else save()
    }
  }

  return (
    <Dialog
      testid="picks-dialog"
      labelledBy="picks-title"
      wide
      keys={[{ keys: ['Escape'], inFields: true, run: () => setOverlay(null) }]}
    >
      <h2 id="picks-title">My numbers · {line.name}</h2>
      <p className="muted">
        {count} different numbers from {min} to {max} per ticket, separated by spaces. Leave blank for a quick pick.
        Enter moves to the next ticket; Esc cancels.
      </p>
      <ol className={styles.rows}>
        {texts.map((text, i) => (
          <li key={i} className={errors[i] ? styles.invalid : undefined}>
            <label htmlFor={`picks-${i}`}>Ticket {i + 1}</label>
            <input
              id={`picks-${i}`}
              ref={(el) => {
                inputs.current[i] = el
              }}
              data-testid={`picks-input-${i}`}
              inputMode="numeric"
              autoComplete="off"
              placeholder="Quick pick"
              value={text}
              onChange={(e) => {
                const value = e.currentTarget.value
                setTexts((prev) => prev.map((t, j) => (j === i ? value : t)))
              }}
              onKeyDown={(e) => onKeyDown(i, e)}
            />
            <button
              type="button"
              className="btn small ghost"
              onClick={() => setTexts((prev) => prev.map((t, j) => (j === i ? '' : t)))}
            >
              Quick pick
            </button>
            {errors[i] && (
              <span className="field-error" data-testid={`picks-error-${i}`}>
                {errors[i]}
              </span>
            )}
          </li>
        ))}
      </ol>
      <DialogActions>
        <button type="button" className="btn" data-testid="picks-clear" onClick={() => setTexts(texts.map(() => ''))}>
          All quick pick
        </button>
        <button type="button" className="btn" data-testid="picks-cancel" onClick={() => setOverlay(null)}>
          Cancel <kbd>Esc</kbd>
        </button>
        <button type="button" className="btn primary" data-testid="picks-save" onClick={save}>
          Save numbers
        </button>
      </DialogActions>
    </Dialog>
  )
}
