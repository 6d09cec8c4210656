import { useEffect, useRef, useState } from 'react'
import { FormMessage, type FormMessageValue } from '../../components/FormMessage'
import { YesNoDialog } from '../../components/YesNoDialog'
import type { PackView } from '../../../shared/contract'
import { PACK_STATUS_WORDS } from '../../../shared/instant'
import { formatMoney } from '../../../shared/money'
import { useAppInfo, useBackend, useBackendMutation, useSessionInfo } from '../../data/backend'
import { can } from '../../data/session'
import { formatDateTime } from '../../format'
import { cx } from '../../styles/cx'
import styles from '../../screens/shift/shift.module.css'

type Message = FormMessageValue
type Ending = 'settled' | 'returned' | 'stolen'

/** What ending a pack does, said before it is done: none of it can be undone. */
function endingText(p: PackView, to: Ending, price: string): { title: string; yes: string; text: string } {
  const left = p.tickets_per_pack - p.sold
  const unsold = `${p.sold} of ${p.tickets_per_pack} sold: the ${left} left (${price} each) can no longer be sold here.`
  if (to === 'settled')
    return {
      title: `Settle pack ${p.pack_number}?`,
      yes: 'Settle pack',
      text: `${unsold} The pack is settled with the lottery.`,
    }
  if (to === 'returned')
    return {
      title: `Return pack ${p.pack_number}?`,
      yes: 'Return pack',
      text: `${unsold} It goes back to the lottery.`,
    }
  return {
    title: `Report pack ${p.pack_number} stolen?`,
    yes: 'Report stolen',
    text: `${unsold} The managers are told.`,
  }
}

/** The Instant packs screen: anyone who receives deliveries confirms packs; a manager moves them on. */
export function PacksScreen() {
  return (
    <div className={styles.office} data-testid="packs-screen">
      <Packs />
    </div>
  )
}

/**
 * Instant packs: a delivered pack confirmed by scanning its label, then (a manager) activated for sale,
 * settled, returned to the lottery or reported stolen. A return or a theft needs a reason.
 */
export function Packs() {
  const app = useAppInfo()
  const session = useSessionInfo()
  const currency = app?.store.currency ?? 'USD'
  const zone = app?.store.timezone
  const list = useBackend('pack-list', {})
  const receive = useBackendMutation('pack-receive')
  const move = useBackendMutation('pack-move')
  const [label, setLabel] = useState('')
  const [note, setNote] = useState('')
  // Settle, return and stolen end a pack for good: asked once, a return's or a theft's reason with it.
  const [ending, setEnding] = useState<{ pack: PackView; to: Ending } | null>(null)
  const reason = useRef<HTMLInputElement>(null)
  // A return or a theft starts in its reason (the dialog's Yes waits for one).
  useEffect(() => {
    if (ending && ending.to !== 'settled') reason.current?.focus()
  }, [ending])
  const [message, setMessage] = useState<Message>(null)
  const manager = can(session, 'pack.manage')
  const packs: PackView[] = list.data ?? []

  const act = (p: PackView, to: 'activated' | 'settled' | 'returned' | 'stolen') =>
    move.mutate(
      { packId: p._id, to, ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: (after) => {
          setMessage({
            kind: 'ok',
            text: `${after.game_name} pack ${after.pack_number} is ${PACK_STATUS_WORDS[after.status]}.`,
          })
          setNote('')
        },
        onError: (e) => setMessage({ kind: 'error', text: e.message }),
        onSettled: () => setEnding(null),
      },
    )

  return (
    <section className={cx('card', styles.wide)} aria-labelledby="packs-title" data-testid="packs">
      <h2 id="packs-title">Instant packs</h2>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          receive.mutate(
            { label },
            {
              onSuccess: (p) => {
                setMessage({
                  kind: 'ok',
                  text: `Received ${p.game_name} pack ${p.pack_number} (${p.tickets_per_pack} tickets).`,
                })
                setLabel('')
              },
              onError: (err) => setMessage({ kind: 'error', text: err.message }),
            },
          )
        }}
      >
        <div className="form-row">
          <label>
            <span>Pack label (scan it, or type its 11 digits)</span>
            <input
              value={label}
              onChange={(e) => setLabel(e.target.value)}
              inputMode="numeric"
              autoComplete="off"
              data-testid="pack-label"
            />
          </label>
        </div>
        <div className="form-actions">
          <button type="submit" className="btn primary" disabled={receive.isPending} data-testid="pack-receive">
            Receive pack
          </button>
        </div>
      </form>
      <FormMessage message={message} testid="pack-message" />
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Pack</th>
            <th scope="col">Tickets</th>
            <th scope="col">Status</th>
            <th scope="col">Received</th>
            {manager && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {packs.map((p) => (
            <tr key={p._id} data-testid={`pack-${p.pack_number}`} data-status={p.status}>
              <th scope="row">
                {p.game_name} {p.game_number}-{p.pack_number}
              </th>
              <td>
                {p.sold} of {p.tickets_per_pack} sold · {formatMoney(p.ticket_price, currency)}
              </td>
              <td>{PACK_STATUS_WORDS[p.status]}</td>
              <td>{formatDateTime(p.received_at, zone)}</td>
              {manager && (
                <td>
                  {p.status === 'received' && (
                    <button
                      type="button"
                      className="btn small primary"
                      onClick={() => act(p, 'activated')}
                      data-testid={`pack-activate-${p.pack_number}`}
                    >
                      Activate
                    </button>
                  )}{' '}
                  {p.status === 'activated' && (
                    <button
                      type="button"
                      className="btn small"
                      onClick={() => setEnding({ pack: p, to: 'settled' })}
                      data-testid={`pack-settle-${p.pack_number}`}
                    >
                      Settle
                    </button>
                  )}{' '}
                  {(p.status === 'received' || p.status === 'activated') && (
                    <>
                      <button
                        type="button"
                        className="btn small"
                        onClick={() => setEnding({ pack: p, to: 'returned' })}
                        data-testid={`pack-return-${p.pack_number}`}
                      >
                        Return
                      </button>{' '}
                      <button
                        type="button"
                        className="btn small danger-ghost"
                        onClick={() => setEnding({ pack: p, to: 'stolen' })}
                        data-testid={`pack-stolen-${p.pack_number}`}
                      >
                        Stolen
                      </button>
                    </>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {ending &&
        (() => {
          const t = endingText(ending.pack, ending.to, formatMoney(ending.pack.ticket_price, currency))
          const needsReason = ending.to !== 'settled'
          return (
            <YesNoDialog
              testid="pack-end"
              title={t.title}
              headline={`${ending.pack.game_name} ${ending.pack.game_number}-${ending.pack.pack_number}`}
              yesLabel={t.yes}
              noLabel="Keep it"
              danger={ending.to === 'stolen'}
              busy={move.isPending || (needsReason && !note.trim())}
              onYes={() => act(ending.pack, ending.to)}
              onNo={() => {
                setEnding(null)
                setNote('')
              }}
            >
              <p>{t.text} This cannot be undone.</p>
              {needsReason && (
                // Enter in the reason says yes, once there is one (the field's own Enter: a form's submit).
                <form
                  onSubmit={(e) => {
                    e.preventDefault()
                    if (note.trim() && !move.isPending) act(ending.pack, ending.to)
                  }}
                >
                  <label className="form">
                    <span>Why (for the lottery and the managers)</span>
                    <input
                      ref={reason}
                      value={note}
                      maxLength={200}
                      onChange={(e) => setNote(e.target.value)}
                      data-testid="pack-note"
                    />
                  </label>
                </form>
              )}
            </YesNoDialog>
          )
        })()}
    </section>
  )
}
