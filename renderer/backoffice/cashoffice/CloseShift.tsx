import { useEffect, useRef, useState } from 'react'
import type {
  BookCountView,
  CashCount,
  CloseCount,
  CloseResult,
  PublicUser,
  ShiftCurrent,
  ShiftView,
} from '../../../shared/contract'
import { nextTicketOf } from '../../../shared/instant'
import { formatMoney } from '../../../shared/money'
import { ApproverChoice, ApproverPin, approverKeys, useApprovers } from '../../components/ManagerApproval'
import { Receipt } from '../../components/Receipt'
import { useBackend, useBackendMutation } from '../../data/backend'
import { minorToInput, parseMoney } from '../../format'
import { useKeymap } from '../../keys/useKeymap'
import { CashCountInput, countTotal } from '../../screens/shift/CashCountInput'
import styles from '../../screens/shift/shift.module.css'
import { OverShort, ReconciliationTable } from './Reconciliation'

/** How long after the last keystroke the count typed so far is saved (a crash or reload then keeps it). */
const DRAFT_DELAY_MS = 400

/**
 * The blind close: the cashier counts the drawer and adds up the card and wallet slips without seeing what
 * is expected. The count is saved as it is typed. Only the answer to "Submit count" shows expected and counted;
 * beyond the tolerance a manager signs off with their PIN and a note; then the Z report prints.
 */
export function CloseShift({
  shift,
  current,
  currency,
  onDone,
}: {
  shift: ShiftView
  current: ShiftCurrent
  currency: string
  onDone(): void
}) {
  const draft = shift.draft
  const [cash, setCash] = useState<CashCount | null>(draft?.cash ?? null)
  const [card, setCard] = useState(draft ? minorToInput(draft.card, currency) : '')
  const [wallet, setWallet] = useState(draft ? minorToInput(draft.wallet, currency) : '')
  const [error, setError] = useState<string | null>(null)
  // A shift counted earlier (its cashier has gone) opens straight at the sign-off.
  // Submitting is final: the figures typed are shown back, and only "Submit" sends them.
  const [confirming, setConfirming] = useState<CloseCount | null>(null)
  const [result, setResult] = useState<CloseResult | null>(
    shift.status === 'counted' && shift.reconciliation
      ? { status: 'counted', shift, reconciliation: shift.reconciliation }
      : null,
  )
  const save = useBackendMutation('shift-count-save')
  const close = useBackendMutation('shift-close')
  // The book count: each instant pack on sale, its next ticket number (typed, or that ticket scanned).
  const packs = useBackend('pack-list', { status: 'activated' }).data ?? []
  const [nextTickets, setNextTickets] = useState<Record<string, string>>({})
  const books = () => {
    const out: { packId: string; nextTicket: number }[] = []
    for (const p of packs) {
      const n = nextTicketOf(nextTickets[p._id] ?? '', p)
      if (n === null || n > p.tickets_per_pack) return { error: `${p.game_name} pack ${p.pack_number}`, out }
      out.push({ packId: p._id, nextTicket: n })
    }
    return { error: null, out }
  }

  const count = (): CloseCount | null => {
    const c = card.trim() === '' ? 0 : parseMoney(card, currency)
    const w = wallet.trim() === '' ? 0 : parseMoney(wallet, currency)
    if (!cash || c === null || w === null || c < 0 || w < 0) return null
    return { cash, card: c, wallet: w }
  }
  const typed = count()
  const typedKey = JSON.stringify(typed)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => {
    if (!typed || result) return
    clearTimeout(timer.current)
    timer.current = setTimeout(() => save.mutate({ shiftId: shift._id, count: typed }), DRAFT_DELAY_MS)
    return () => clearTimeout(timer.current)
    // Saved when what was typed changes, not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typedKey])

  const review = () => {
    const c = count()
    if (!cash)
      return setError('The cash in the drawer is not a count yet: an amount, or whole numbers of each bill and coin.')
    if (!c) return setError('The card and wallet totals are amounts like 12.50 (leave a field empty for none).')
    const b = books()
    if (b.error)
      return setError(
        `${b.error}: type the next ticket number in the pack (000 to the pack's size), or scan that ticket.`,
      )
    setError(null)
    setConfirming(c)
  }
  const submit = async (c: CloseCount) => {
    if (close.isPending) return
    clearTimeout(timer.current)
    try {
      setResult(await close.mutateAsync({ shiftId: shift._id, count: c, books: books().out }))
    } catch (e) {
      setError((e as Error).message)
      setConfirming(null)
    }
  }

  if (result?.status === 'counted')
    return <SignOff shift={shift} result={result} currency={currency} onClosed={setResult} />
  if (result?.status === 'closed') return <Closed result={result} currency={currency} onDone={onDone} />
  return (
    <section className="card" aria-labelledby="close-title" data-testid="close-shift">
      <h2 id="close-title">Close shift {shift.shift_number}: blind count</h2>
      <p className="muted">
        Count what is in the drawer and add up the card and wallet slips. What the shift should hold is shown only after
        you submit: count what is there, not what you expect.
      </p>
      <form
        className="form"
        onSubmit={(e) => {
          // Enter in a field never submits the count: only the button does, and then asks once more.
          e.preventDefault()
        }}
      >
        <CashCountInput
          value={cash}
          onChange={setCash}
          denominations={current.denominations}
          currency={currency}
          testid="count-cash"
          what="Cash in the drawer"
          autoFocus
        />
        <div className="form-row">
          <label>
            <span>Card slips total ({currency})</span>
            <input
              inputMode="decimal"
              value={card}
              onChange={(e) => setCard(e.target.value)}
              data-testid="count-card"
            />
          </label>
          <label>
            <span>Wallet total ({currency})</span>
            <input
              inputMode="decimal"
              value={wallet}
              onChange={(e) => setWallet(e.target.value)}
              data-testid="count-wallet"
            />
          </label>
        </div>
        {packs.length > 0 && (
          <fieldset className={styles.books} data-testid="book-count">
            <legend>Instant packs on sale: the next ticket in each</legend>
            {packs.map((p) => (
              <label key={p._id}>
                <span>
                  {p.game_name} pack {p.pack_number} <span className="muted">({p.tickets_per_pack} tickets)</span>
                </span>
                <input
                  inputMode="numeric"
                  autoComplete="off"
                  maxLength={20}
                  placeholder="000"
                  value={nextTickets[p._id] ?? ''}
                  onChange={(e) => {
                    const value = e.currentTarget.value
                    setNextTickets((t) => ({ ...t, [p._id]: value }))
                  }}
                  data-testid={`book-${p.pack_number}`}
                />
              </label>
            ))}
          </fieldset>
        )}
        <p className="muted" role="status" data-testid="count-saved">
          {save.isSuccess ? 'Count saved as typed: it survives a restart.' : ' '}
        </p>
        {error && (
          <div className="banner error" role="alert" data-testid="close-error">
            {error}
          </div>
        )}
        {confirming ? (
          <div className="banner warn" role="alert" data-testid="count-confirm">
            <span className="banner-text">
              Submit cash {formatMoney(countTotal(confirming.cash, current.denominations) ?? 0, currency)}, card{' '}
              {formatMoney(confirming.card, currency)}, wallet {formatMoney(confirming.wallet, currency)}
              {packs.length > 0 ? ` and ${packs.length} instant ${packs.length === 1 ? 'pack' : 'packs'}` : ''}? A
              submitted count cannot be changed.
            </span>
            <button type="button" className="btn" onClick={() => setConfirming(null)} data-testid="count-back">
              Count again
            </button>
            <button
              type="button"
              className="btn primary"
              disabled={close.isPending}
              onClick={() => void submit(confirming)}
              data-testid="count-confirm-submit"
              autoFocus
            >
              Submit
            </button>
          </div>
        ) : (
          <div className="form-actions">
            <button type="button" className="btn big primary" onClick={review} data-testid="count-submit">
              Submit count
            </button>
          </div>
        )}
      </form>
    </section>
  )
}

function SignOff({
  shift,
  result,
  currency,
  onClosed,
}: {
  shift: ShiftView
  result: Extract<CloseResult, { status: 'counted' }>
  currency: string
  onClosed(r: CloseResult): void
}) {
  const list = useApprovers(true)
  const [approver, setApprover] = useState<PublicUser | null>(null)
  const [pin, setPin] = useState('')
  const [note, setNote] = useState('')
  // The note first, then (by its button) the manager: tiles never take the focus while the note is typed.
  const [noted, setNoted] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const signOff = useBackendMutation('shift-sign-off')
  const r = result.reconciliation
  const exclude = result.shift.sign_off_excluded
  useKeymap([
    approverKeys(
      noted && !approver,
      { ...list, managers: list.managers.filter((m) => !exclude.includes(m._id)) },
      setApprover,
    ),
  ])

  const submit = async () => {
    if (!approver || signOff.isPending) return
    setError(null)
    try {
      onClosed(await signOff.mutateAsync({ shiftId: shift._id, approver: { userId: approver._id, pin }, note }))
    } catch (e) {
      setError((e as Error).message)
      setPin('')
    }
  }

  return (
    <section className="card" aria-labelledby="signoff-title" data-testid="sign-off">
      <h2 id="signoff-title">Shift {shift.shift_number} counted: a manager signs off</h2>
      <OverShort amount={r.over_short} currency={currency} testid="over-short" />
      <ReconciliationTable r={r} currency={currency} />
      <p>
        The difference is beyond the store's tolerance of {formatMoney(r.tolerance, currency)}
        {r.difference.card !== 0 || r.difference.wallet !== 0 ? ', and card or wallet slips do not match' : ''}. The
        count is kept as submitted; a manager's PIN and a note close the shift.
      </p>
      <label className={styles.note}>
        <span>Note (why the drawer is off)</span>
        <input
          value={note}
          maxLength={200}
          onChange={(e) => setNote(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && note.trim().length >= 3) setNoted(true)
          }}
          readOnly={noted}
          // Straight after the count is submitted: the cashier types why, without reaching for Tab.
          autoFocus
          data-testid="sign-off-note"
        />
      </label>
      {!noted ? (
        <button
          type="button"
          className="btn big"
          disabled={note.trim().length < 3}
          onClick={() => setNoted(true)}
          data-testid="sign-off-next"
        >
          Next: a manager approves
        </button>
      ) : approver ? (
        <ApproverPin
          approver={approver}
          pin={pin}
          onPin={setPin}
          onSubmit={() => void submit()}
          onBack={() => setApprover(null)}
          busy={signOff.isPending}
        />
      ) : (
        <ApproverChoice
          what="over/short"
          testid="approver-tile"
          backTestid="sign-off-back"
          list={list}
          exclude={exclude}
          backLabel="Change the note"
          onChoose={setApprover}
          onBack={() => setNoted(false)}
        />
      )}
      {exclude.length > 0 && noted && !approver && (
        <p className="muted">Whoever ran or counted this shift cannot sign it off: another manager does.</p>
      )}
      {error && (
        <div className="banner error" role="alert" data-testid="sign-off-error">
          {error}
        </div>
      )}
    </section>
  )
}

function Closed({
  result,
  currency,
  onDone,
}: {
  result: Extract<CloseResult, { status: 'closed' }>
  currency: string
  onDone(): void
}) {
  const r = result.reconciliation
  return (
    <section className="card" aria-labelledby="closed-title" data-testid="shift-closed">
      <h2 id="closed-title">
        Shift {result.report.shift.shift_number} closed: Z report {result.report.z_number}
      </h2>
      <OverShort amount={r.over_short} currency={currency} testid="over-short" />
      <ReconciliationTable r={r} currency={currency} />
      <BookCounts books={result.report.books} currency={currency} />
      {result.report.signed_off_by && (
        <p data-testid="signed-off">
          Signed off by {result.report.signed_off_by}: {result.report.note}
        </p>
      )}
      <Receipt receipt={result.receipt} centred what="Z report" forCustomer={false} />
      <div className="form-actions">
        <button type="button" className="btn big primary" onClick={onDone} data-testid="closed-done" autoFocus>
          Done
        </button>
      </div>
    </section>
  )
}

/** The instant packs counted at the close; tickets gone without a sale stand out. */
export function BookCounts({ books, currency }: { books: BookCountView[]; currency: string }) {
  if (!books.length) return null
  return (
    <table className={styles.table} data-testid="book-counts">
      <caption>Instant packs</caption>
      <thead>
        <tr>
          <th scope="col">Pack</th>
          <th scope="col">Next ticket</th>
          <th scope="col">Sold here</th>
          <th scope="col">Missing since the last count</th>
        </tr>
      </thead>
      <tbody>
        {books.map((b) => (
          <tr key={b.pack_id} data-testid={`book-row-${b.pack_number}`} data-missing={b.missing}>
            <th scope="row">
              {b.game_name} {b.pack_number}
            </th>
            <td>{String(b.next_ticket).padStart(3, '0')}</td>
            <td>{b.sold}</td>
            <td className={b.missing !== 0 ? styles.badText : undefined}>
              {b.missing > 0
                ? `${b.missing} (${formatMoney(b.missing * b.ticket_price, currency)})`
                : b.missing < 0
                  ? `${-b.missing} sold beyond the count`
                  : 'none'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
