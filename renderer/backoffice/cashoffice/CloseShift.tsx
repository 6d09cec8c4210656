import { useEffect, useRef, useState } from 'react'
import type { CashCount, CloseCount, CloseResult, PublicUser, ShiftCurrent, ShiftView } from '../../../shared/contract'
import { formatMoney } from '../../../shared/money'
import { ApproverChoice, ApproverPin, approverKeys, useApprovers } from '../../components/ManagerApproval'
import { Receipt } from '../../components/Receipt'
import { useBackendMutation } from '../../data/backend'
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
    setError(null)
    setConfirming(c)
  }
  const submit = async (c: CloseCount) => {
    if (close.isPending) return
    clearTimeout(timer.current)
    try {
      setResult(await close.mutateAsync({ shiftId: shift._id, count: c }))
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
              {formatMoney(confirming.card, currency)}, wallet {formatMoney(confirming.wallet, currency)}? A submitted
              count cannot be changed.
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
