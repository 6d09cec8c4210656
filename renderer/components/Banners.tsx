import type { PosErrorShape } from '../../shared/errors'
import { useBackend, useSessionInfo } from '../data/backend'
import { useUi } from '../store'
import { useDayEnded, useShiftProblem } from '../screens/shift/ShiftGate'
import { formatDateTime } from '../format'
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
  const ended = useDayEnded()
  const zone = useBackend('app-info').data?.store.timezone
  const session = useSessionInfo()
  const stopped = useBackend('status-get', {}, { enabled: session !== null && !session.locked }).data?.stopped

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
  // Central stopped this till (or the store): said before anything else the counter could try.
  if (stopped?.terminal_disabled || stopped?.store_suspended) {
    return (
      <div className="banner error" data-testid="stopped-banner" role="alert">
        <span className="banner-text">
          {stopped.terminal_disabled
            ? 'This terminal was disabled by central (IT): no selling, payouts or cancellations until it is enabled again. Logins, reports and sync go on. Call IT.'
            : 'This store is suspended by central: no selling, payouts or cancellations. Call head office.'}
        </span>
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
  if (ended) {
    return (
      <div className="banner info" data-testid="day-ended-banner" role="status">
        <span className="banner-text">
          Day {ended.business_day} was ended at {formatDateTime(ended.at, zone)} by {ended.by}. You can go on selling:
          these sales still count in that day, and the manager sees them on its report.
        </span>
      </div>
    )
  }
  return null
}
