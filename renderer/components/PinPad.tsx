import { DIGITS } from '../keys/keymap'
import { useKeymap } from '../keys/useKeymap'
import { cx } from '../styles/cx'
import styles from './PinPad.module.css'

export const PIN_MAX = 8
export const PIN_MIN = 4

interface Props {
  pin: string
  onChange(pin: string): void
  onSubmit(): void
  /** Escape: back to the user tiles, or clear the PIN where there is nowhere to go back to. */
  onCancel(): void
  busy: boolean
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9']

/** Masked PIN entry driven by the physical keyboard and by touch alike. */
export function PinPad({ pin, onChange, onSubmit, onCancel, busy }: Props) {
  const press = (d: string) => pin.length < PIN_MAX && onChange(pin + d)
  // On the keymap level of whatever shows it: the login screen, or a dialog asking for approval.
  useKeymap([
    { keys: DIGITS, run: (e) => void press(e.key), repeat: true },
    { keys: ['Backspace'], run: () => onChange(pin.slice(0, -1)), repeat: true },
    { keys: ['Escape'], run: onCancel },
    { keys: ['Enter'], run: () => void (!busy && pin.length >= PIN_MIN && onSubmit()) },
  ])

  return (
    <div className={styles.pinpad}>
      <div className={styles.dots} data-testid="pin-dots" role="img" aria-label={`${pin.length} digits entered`}>
        {Array.from({ length: Math.max(PIN_MIN, pin.length) }, (_, i) => (
          <span key={i} className={cx(styles.dot, i < pin.length && styles.filled)} />
        ))}
      </div>
      <div className={styles.keys}>
        {KEYS.map((d) => (
          <button key={d} type="button" className={styles.key} data-testid={`pin-key-${d}`} onClick={() => press(d)}>
            {d}
          </button>
        ))}
        <button
          type="button"
          className={cx(styles.key, styles.secondary)}
          data-testid="pin-back"
          onClick={() => onChange(pin.slice(0, -1))}
          aria-label="Delete last digit"
        >
          ⌫
        </button>
        <button type="button" className={styles.key} data-testid="pin-key-0" onClick={() => press('0')}>
          0
        </button>
        <button
          type="button"
          className={cx(styles.key, styles.primary)}
          data-testid="pin-submit"
          disabled={busy || pin.length < PIN_MIN}
          onClick={onSubmit}
        >
          OK
        </button>
      </div>
    </div>
  )
}
