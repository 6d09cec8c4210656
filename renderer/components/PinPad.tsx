import { useEffect, useRef } from 'react'

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
  const state = useRef({ pin, onChange, onSubmit, onCancel, busy })
  useEffect(() => {
    state.current = { pin, onChange, onSubmit, onCancel, busy }
  })

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey) return
      const s = state.current
      if (/^\d$/.test(e.key)) {
        if (s.pin.length < PIN_MAX) s.onChange(s.pin + e.key)
      } else if (e.key === 'Backspace') {
        s.onChange(s.pin.slice(0, -1))
      } else if (e.key === 'Escape') {
        s.onCancel()
      } else if (e.key === 'Enter') {
        if (!e.repeat && !s.busy && s.pin.length >= PIN_MIN) s.onSubmit()
      } else {
        return
      }
      e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const press = (d: string) => pin.length < PIN_MAX && onChange(pin + d)

  return (
    <div className="pinpad">
      <div className="pin-dots" data-testid="pin-dots" aria-label={`${pin.length} digits entered`}>
        {Array.from({ length: Math.max(PIN_MIN, pin.length) }, (_, i) => (
          <span key={i} className={i < pin.length ? 'dot filled' : 'dot'} />
        ))}
      </div>
      <div className="pin-keys">
        {KEYS.map((d) => (
          <button key={d} type="button" className="pin-key" data-testid={`pin-key-${d}`} onClick={() => press(d)}>
            {d}
          </button>
        ))}
        <button
          type="button"
          className="pin-key secondary"
          data-testid="pin-back"
          onClick={() => onChange(pin.slice(0, -1))}
          aria-label="Delete last digit"
        >
          ⌫
        </button>
        <button type="button" className="pin-key" data-testid="pin-key-0" onClick={() => press('0')}>
          0
        </button>
        <button
          type="button"
          className="pin-key primary"
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
