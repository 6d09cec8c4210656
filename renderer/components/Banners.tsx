import type { PosErrorShape } from '../../shared/errors'
import { useUi } from '../store'
import { useShiftProblem } from '../screens/shift/ShiftGate'
import { useShiftDialogs } from '../screens/shift/state'

/** Adds what the message may leave out; the backend's words come first. */
function errorText(error: PosErrorShape): string {
  const remaining = error.details?.remaining
  if (typeof remaining === 'number' && !error.message.includes(String(remaining))) {
    return `${error.message} (${remaining} left)`
  }
  return error.message
}

export function Banners() {
  const error = useUi((s) => s.error)
  const info = useUi((s) => s.info)
  const showError = useUi((s) => s.showError)
  const showInfo = useUi((s) => s.showInfo)
  const shift = useShiftProblem()

  if (error) {
    return (
      <div className="banner error big" data-testid="error-banner" data-code={error.code} role="alert">
        <span className="banner-text">{errorText(error)}</span>
        <button type="button" className="btn small" data-testid="error-dismiss" onClick={() => showError(null)}>
          OK <kbd>Esc</kbd>
        </button>
      </div>
    )
  }
  if (info) {
    return (
      <div className="banner info" data-testid="info-banner" role="status">
        <span className="banner-text">{info}</span>
        <button type="button" className="btn small" onClick={() => showInfo(null)}>
          OK
        </button>
      </div>
    )
  }
  if (shift) {
    return (
      <div className="banner warn" data-testid="shift-banner" role="status">
        <span className="banner-text">{shift.text}</span>
        {shift.canOpen && (
          <button
            type="button"
            className="btn small"
            data-testid="shift-banner-open"
            onClick={() => useShiftDialogs.getState().open({ kind: 'open' })}
          >
            Open shift
          </button>
        )}
      </div>
    )
  }
  return null
}
