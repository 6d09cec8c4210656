import { useId, useRef } from 'react'
import { formatMoney } from '../../../shared/money'
import { sell, setTendered } from '../../checkout'
import { currencyDigits, minorToInput } from '../../format'
import { keepFocus } from '../../keys/useKeymap'
import { cx } from '../../styles/cx'
import styles from './TenderRow.module.css'
import { quickTenders, readTender } from './tender'

/**
 * Cash handed over and the change due, always on screen for a cash sale. From the keyboard: the amount
 * then F6 (20 F6 is $20.00), or Tab into the field and type it; Enter sells. Empty means the exact total.
 */
export function TenderRow({
  total,
  currency,
  text,
  disabled,
}: {
  total: number
  currency: string
  text: string
  disabled: boolean
}) {
  const field = useRef<HTMLInputElement>(null)
  const id = useId()
  const tender = readTender(text, total, currency)
  const quick = quickTenders(total)
  return (
    <div className={styles.tender} data-testid="tender">
      <div className={styles.entry}>
        <label htmlFor={id}>Cash tendered</label>
        <input
          id={id}
          ref={field}
          className={cx(styles.amount, tender.error && styles.invalid)}
          data-testid="tender-input"
          inputMode="decimal"
          autoComplete="off"
          placeholder={minorToInput(total, currency)}
          title="Type the cash handed over (or the amount, then F6 on the sale screen); empty is the exact total"

          value={text}
          disabled={disabled}
          aria-invalid={tender.error ? true : undefined}
          aria-describedby={`${id}-change`}
          onChange={(e) => setTendered(e.target.value)}
          onKeyDown={(e) => {
            // The field's own keys: Enter sells with what is typed, Esc leaves the field to the game keys.
            if (e.key === 'Enter' && !e.repeat) {
              e.preventDefault()
              void sell()
            } else if (e.key === 'Escape') {
              e.preventDefault()
              e.currentTarget.blur()
            }
          }}
        />
      </div>
      <div className={styles.quick} role="group" aria-label="Quick amounts">
        {quick.map((q) => (
          <button
            key={q.amount}
            type="button"
            className={cx('btn small', styles.quickBtn)}
            data-testid={`tender-quick-${q.amount}`}
            disabled={disabled}
            onMouseDown={keepFocus}
            onClick={() => setTendered(q.label === 'Exact' ? '' : minorToInput(q.amount, currency))}
          >
            {q.label || billLabel(q.amount, currency)}
          </button>
        ))}
      </div>
      <p className={cx(styles.change, tender.error && styles.short)} id={`${id}-change`} aria-live="polite">
        {tender.error ? (
          <span data-testid="tender-error">{tender.error}</span>
        ) : (
          <>
            {tender.amount === null ? 'Exact · change ' : 'Change '}
            <strong data-testid="change-due" data-amount={tender.change}>
              {formatMoney(tender.change, currency)}
            </strong>
          </>
        )}
      </p>
    </div>
  )
}

const billFormats = new Map<string, Intl.NumberFormat>()
/** A quick amount as it is handed over: "$125" for a whole amount (four fit the row at 1024), else "$12.50". */
function billLabel(amount: number, currency: string): string {
  let f = billFormats.get(currency)
  if (!f) {
    f = new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: 0 })
    billFormats.set(currency, f)
  }
  const unit = 10 ** currencyDigits(currency)
  return amount % unit === 0 ? f.format(amount / unit) : formatMoney(amount, currency)
}
