import { contract } from '../../shared/contract'
import { useAppInfo, useBackend, useBackendMutation, useSessionInfo } from '../data/backend'
import { can } from '../data/session'
import { useContractForm } from '../forms/contractForm'
import { cx } from '../styles/cx'
import styles from './ClockBanner.module.css'

const ackSchema = contract['clock-acknowledge'].args

/**
 * The computer's clock runs behind what the terminal already recorded: nothing
 * may be sold, paid or cancelled, since a clock set back could sell on a known
 * result. A manager who knows the correction was legitimate acknowledges it.
 */
export function ClockBanner() {
  const session = useSessionInfo()
  const zone = useAppInfo()?.store.timezone
  const active = session !== null && !session.locked
  const clock = useBackend('status-get', {}, { enabled: active }).data?.clock
  const form = useContractForm(ackSchema, { defaultValues: { note: '' } })
  // The status is re-read on success (invalidation.ts), and the banner goes.
  const ack = useBackendMutation('clock-acknowledge', { onSuccess: () => form.reset() })
  if (!clock?.behind) return null
  const canAck = can(session, 'clock.acknowledge')
  // Store time, as on receipts and the sale screen's draws.
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
  const error = form.formState.errors.note?.message ?? ack.error?.message

  return (
    <div className={cx('banner error', styles.banner)} role="alert" data-testid="clock-banner">
      <strong>The computer&apos;s clock is behind.</strong> It reads {when(clock.now)}, but this terminal already
      recorded {when(clock.trusted)}
      {clock.source === 'central' ? " (central's time)" : ''}. Selling, payouts and cancellations are stopped.{' '}
      {canAck ? (
        <form className={styles.ack} onSubmit={form.handleSubmit((v) => ack.mutate(v))}>
          <label>
            What was corrected <input data-testid="clock-note" maxLength={200} {...form.register('note')} />
          </label>{' '}
          <button type="submit" className="btn" data-testid="clock-ack" disabled={ack.isPending}>
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
