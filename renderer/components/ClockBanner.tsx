import { useState } from 'react'
import { errorShape, invoke } from '../api'
import { useSession, useStatus } from '../store'

/**
 * The computer's clock runs behind what the terminal already recorded: nothing
 * may be sold, paid or cancelled, since a clock set back could sell on a known
 * result. A manager who knows the correction was legitimate acknowledges it.
 */
export function ClockBanner() {
  const clock = useStatus((s) => s.status?.clock)
  const session = useSession((s) => s.session)
  const setStatus = useStatus((s) => s.setStatus)
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  if (!clock?.behind) return null
  const canAck = session?.permissions.includes('clock.acknowledge') ?? false
  // Store time, as on receipts and the sale screen's draws.
  const zone = useSession.getState().app?.store.timezone
  const when = (iso: string | null) =>
    iso
      ? new Date(iso).toLocaleString(undefined, {
          timeZone: zone,
          weekday: 'short',
          day: 'numeric',
          month: 'short',
          hour: '2-digit',
          minute: '2-digit',
          hour12: false,
        })
      : '?'

  async function acknowledge() {
    try {
      await invoke('clock-acknowledge', { note })
      setStatus(await invoke('status-get', {}))
      setError(null)
    } catch (e) {
      setError(errorShape(e).message)
    }
  }

  return (
    <div className="banner error clock-banner" role="alert" data-testid="clock-banner">
      <strong>The computer&apos;s clock is behind.</strong> It reads {when(clock.now)}, but this terminal already
      recorded {when(clock.trusted)}
      {clock.source === 'central' ? " (central's time)" : ''}. Selling, payouts and cancellations are stopped.{' '}
      {canAck ? (
        <form
          className="clock-ack"
          onSubmit={(e) => {
            e.preventDefault()
            void acknowledge()
          }}
        >
          <label>
            What was corrected{' '}
            <input
              data-testid="clock-note"
              value={note}
              maxLength={200}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
          </label>{' '}
          <button type="submit" className="btn" data-testid="clock-ack" disabled={note.trim().length < 3}>
            The clock is right now
          </button>
          {error && <span data-testid="clock-ack-error"> {error}</span>}
        </form>
      ) : (
        'Call a manager.'
      )}
    </div>
  )
}
