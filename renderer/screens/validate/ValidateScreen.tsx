import { useEffect, useRef } from 'react'
import { nextAction, onAnswered, pay, sameAsChecked, typedDigits, useClaims, validate } from '../../claims'
import { Banners } from '../../components/Banners'
import { TopBar } from '../../components/TopBar'
import { useAppInfo } from '../../data/backend'
import { runCommand } from '../../dispatch'
import { DIGITS } from '../../keys/keymap'
import { useKeymap } from '../../keys/useKeymap'
import { useNav, useUi } from '../../store'
import { CashConfirmDialog } from './CashConfirmDialog'
import { PayoutDone, ValidationCard } from './ValidationCard'
import { cx } from '../../styles/cx'
import styles from './ValidateScreen.module.css'

/** Enter checks what was typed; Enter again, on the same text, pays or prints the claim receipt. */
function enter(): void {
  const { input, result, payout, busy, cashConfirm } = useClaims.getState()
  if (busy || cashConfirm !== null || useUi.getState().overlay) return
  if (sameAsChecked(input) && nextAction(result) && !payout) void pay()
  else void validate()
}

export function ValidateScreen() {
  const app = useAppInfo()
  const go = useNav((s) => s.go)
  const input = useClaims((s) => s.input)
  const setInput = useClaims((s) => s.setInput)
  const result = useClaims((s) => s.result)
  const payout = useClaims((s) => s.payout)
  const error = useClaims((s) => s.error)
  const busy = useClaims((s) => s.busy)
  const cashConfirm = useClaims((s) => s.cashConfirm)
  const field = useRef<HTMLInputElement>(null)
  const currency = app?.store.currency ?? 'USD'
  const digits = typedDigits(input)
  const shown = useClaims((s) => s.shown)
  const checked = useClaims((s) => s.checked)
  const shownHidden = shown !== null && shown !== checked && input === shown

  // Selected after each answer, so the next scan or typed number replaces the old one.
  useEffect(() => {
    field.current?.focus()
    field.current?.select()
    return onAnswered(() => {
      // A dialog keeps the focus; the answer behind it changed because of what the dialog did.
      if (useUi.getState().overlay) return
      field.current?.focus()
      field.current?.select()
    })
  }, [])

  useKeymap([
    { keys: ['F10'], inFields: true, run: () => runCommand('lock') },
    // The field takes an Escape while it has text (it empties it); one reaching here means leave.
    { keys: ['Escape'], inFields: true, run: () => go('sale') },
    // A scan with the focus on a button still lands in the field: focus moves before the character does.
    { keys: DIGITS, run: () => (field.current?.focus(), 'default') },
    // Outside the field and off any button: the field's own Enter.
    { keys: ['Enter'], run: enter },
  ])

  return (
    <div className={styles.validateScreen} data-testid="validate-screen">
      <TopBar />
      <Banners />
      <div className={styles.validateBody}>
        <div className={styles.column}>
          <form
            className={cx('card', styles.validateForm)}
            onSubmit={(e) => {
              e.preventDefault()
              enter()
            }}
          >
            <label htmlFor="validate-input">
              <h1>Check a ticket</h1>
              <span className="muted">Scan the barcode, or type the ticket number and the 8-digit code.</span>
            </label>
            <div className={styles.validateRow}>
              <input
                id="validate-input"
                ref={field}
                className={styles.validateInput}
                data-testid="validate-input"
                inputMode="numeric"
                autoComplete="off"
                spellCheck={false}
                placeholder="0001-007-0000000001-5  12345678"
                value={input}
                onChange={(e) => setInput(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key !== 'Escape' || input === '') return
                  // First Escape empties the field; the next one goes back to the sale.
                  e.preventDefault()
                  e.stopPropagation()
                  setInput('')
                }}
              />
              <button type="submit" className="btn big primary" data-testid="validate-submit" disabled={busy}>
                {busy ? 'Checking…' : 'Check'} <kbd>Enter</kbd>
              </button>
            </div>
            <p className={cx('muted', styles.validateHint)} data-testid="validate-digits">
              {shownHidden
                ? 'Ticket number and code read (the code stays on paper) · Esc clears, then back to sale'
                : `${digits} of 26 digits (18 ticket number + 8 code) · Esc clears, then back to sale`}
            </p>
          </form>
          {error && (
            <div className="banner error big" data-testid="validate-error" data-code={error.code} role="alert">
              {error.message}
            </div>
          )}
        </div>
        {/* The answer beside the scan, at the top: its Pay button in view at 1024x768, never below the fold. */}
        <div className={styles.column}>
          {result && (
            <ValidationCard
              result={result}
              busy={busy}
              paid={payout !== null}
              currency={currency}
              zone={app?.store.timezone}
            />
          )}
          {payout && <PayoutDone payout={payout} currency={currency} />}
          {!result && !payout && (
            <div className={cx('card muted', styles.validateHelp)}>
              <h2>At the counter</h2>
              <p>
                Winners up to the store limit are paid here; larger prizes get a claim receipt for the lottery office.
              </p>
              <p>A ticket of a coming draw sold here in error can be cancelled within its window.</p>
            </div>
          )}
        </div>
      </div>
      {cashConfirm !== null && <CashConfirmDialog amount={cashConfirm} currency={currency} />}
    </div>
  )
}
