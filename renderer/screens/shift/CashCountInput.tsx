import { useId, useState } from 'react'
import type { CashCount, ShiftCurrent } from '../../../shared/contract'
import { formatMoney } from '../../../shared/money'
import { minorToInput, parseMoney } from '../../format'
import styles from './shift.module.css'

type Denomination = ShiftCurrent['denominations'][number]

/** The total a count stands for, or null while something typed is not a count. */
export function countTotal(count: CashCount | null, denominations: Denomination[]): number | null {
  if (!count) return null
  if ('total' in count) return count.total
  const values = new Map(denominations.map((d) => [d.key, d.value]))
  let total = 0
  for (const [key, n] of Object.entries(count.pieces)) total += (values.get(key) ?? 0) * n
  return total
}

const label = (d: Denomination, currency: string) =>
  `${formatMoney(d.value, currency).replace(/\.00$/, '')} ${d.kind === 'bill' ? 'bill' : 'coin'}`

/**
 * Cash counted as one total, or bill by bill and coin by coin with the running total: the store's own
 * denominations. Anything typed that is not a count (letters, a negative or fractional number) is shown as
 * such and reported as null, never sent.
 */
export function CashCountInput(props: {
  value: CashCount | null
  onChange(count: CashCount | null): void
  denominations: Denomination[]
  currency: string
  testid: string
  /** What is being counted, for the labels: "Opening float", "Cash in the drawer". */
  what: string
  autoFocus?: boolean
}) {
  const { denominations, currency, testid } = props
  const id = useId()
  const [mode, setMode] = useState<'total' | 'pieces'>(props.value && 'pieces' in props.value ? 'pieces' : 'total')
  const [totalText, setTotalText] = useState(() =>
    props.value && 'total' in props.value ? minorToInput(props.value.total, currency) : '',
  )
  const [pieces, setPieces] = useState<Record<string, string>>(() =>
    props.value && 'pieces' in props.value
      ? Object.fromEntries(Object.entries(props.value.pieces).map(([k, v]) => [k, String(v)]))
      : {},
  )
  const total = countTotal(props.value, denominations)

  const typedTotal = (text: string) => {
    setTotalText(text)
    const minor = parseMoney(text, currency)
    props.onChange(minor === null || minor < 0 ? null : { total: minor })
  }
  const typedPiece = (key: string, text: string) => {
    const next = { ...pieces, [key]: text }
    setPieces(next)
    const counts: Record<string, number> = {}
    for (const [k, v] of Object.entries(next)) {
      if (v.trim() === '') continue
      if (!/^\d{1,5}$/.test(v.trim())) return props.onChange(null)
      counts[k] = Number(v.trim())
    }
    props.onChange({ pieces: counts })
  }

  return (
    <fieldset className={styles.count} data-testid={testid}>
      <legend>{props.what}</legend>
      <div className={styles.modes} role="radiogroup" aria-label={`How to count: ${props.what}`}>
        <label>
          <input
            type="radio"
            name={`${id}-mode`}
            checked={mode === 'total'}
            onChange={() => {
              setMode('total')
              typedTotal(totalText)
            }}
            data-testid={`${testid}-mode-total`}
          />
          One total
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-mode`}
            checked={mode === 'pieces'}
            onChange={() => {
              setMode('pieces')
              typedPiece(denominations[0]?.key ?? '', pieces[denominations[0]?.key ?? ''] ?? '')
            }}
            data-testid={`${testid}-mode-pieces`}
          />
          Bill by bill
        </label>
      </div>
      {mode === 'total' ? (
        <label className={styles.totalField}>
          <span>Amount ({currency})</span>
          <input
            inputMode="decimal"
            autoFocus={props.autoFocus}
            value={totalText}
            placeholder={minorToInput(0, currency)}
            // The amount there is replaced by what is typed: "150" is $150.00, never 0.00150.
            onFocus={(e) => e.currentTarget.select()}
            onChange={(e) => typedTotal(e.target.value)}
            data-testid={`${testid}-total`}
            aria-invalid={totalText !== '' && props.value === null}
          />
        </label>
      ) : (
        <div className={styles.pieces}>
          {denominations.map((d, i) => (
            <label key={d.key}>
              <span>{label(d, currency)}</span>
              <input
                inputMode="numeric"
                autoFocus={props.autoFocus && i === 0}
                value={pieces[d.key] ?? ''}
                placeholder="0"
                onChange={(e) => typedPiece(d.key, e.target.value)}
                data-testid={`${testid}-${d.key}`}
              />
            </label>
          ))}
        </div>
      )}
      <p className={styles.runningTotal} aria-live="polite" data-testid={`${testid}-sum`}>
        {total !== null
          ? `Total ${formatMoney(total, currency)}`
          : mode === 'total'
            ? totalText.trim() === ''
              ? 'Type the amount counted.'
              : `Not an amount: type it as ${minorToInput(15_000, currency)}.`
            : 'Not a count yet: a whole number of each bill and coin.'}
      </p>
    </fieldset>
  )
}
