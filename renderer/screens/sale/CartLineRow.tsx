import { useEffect, useRef, useState } from 'react'
import { formatMoney } from '../../../shared/money'
import type { CartLine } from '../../cart'
import { runCart } from '../../dispatch'
import { keepFocus } from '../../keys/useKeymap'
import { useUi } from '../../store'
import { cx } from '../../styles/cx'
import styles from './CartLineRow.module.css'

interface Props {
  line: CartLine
  lineTotal: number
  currency: string
  selected: boolean
  /** Stock the game had when the list was read; the backend has the final word at Sell. */
  stock: number | undefined
  flagged: boolean
}

/** Typed quantities are applied on Enter or on leaving the field, so a half-typed "1" of "12" never counts. */
function QuantityInput({ line }: { line: CartLine }) {
  const [draft, setDraft] = useState<string | null>(null)
  const commit = () => {
    if (draft === null) return
    const n = Number.parseInt(draft, 10)
    if (Number.isFinite(n)) runCart('setQuantity', { key: line.key, quantity: n })
    setDraft(null)
  }
  return (
    <input
      className={styles.qtyInput}
      data-testid={`quantity-${line.code}`}
      aria-label={`Quantity of ${line.name}`}
      inputMode="numeric"
      value={draft ?? String(line.quantity)}
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => setDraft(e.currentTarget.value.replace(/\D/g, '').slice(0, 3))}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          commit()
          e.currentTarget.blur()
        } else if (e.key === 'Escape') {
          setDraft(null)
          e.currentTarget.blur()
        }
      }}
    />
  )
}

export function CartLineRow({ line, lineTotal, currency, selected, stock, flagged }: Props) {
  const setOverlay = useUi((s) => s.setOverlay)
  const chosen = line.picks.filter((p) => p !== null).length
  const short = stock !== undefined && line.quantity > stock
  // The line just added or chosen (↑/↓) comes into view in a short cart list.
  const row = useRef<HTMLLIElement>(null)
  useEffect(() => {
    if (selected) row.current?.scrollIntoView?.({ block: 'nearest' })
  }, [selected, line.quantity])

  return (
    <li
      ref={row}
      className={cx(styles.cartLine, selected && styles.selected, flagged && styles.flagged)}
      data-testid={`cart-line-${line.code}`}
      data-quantity={line.quantity}
      aria-current={selected || undefined}
    >
      <div className={styles.lineHead}>
        <span>
          {line.name}{' '}
          {line.kind !== 'instant' && (
            <span className={cx(styles.lineUnit, 'muted')}>× {formatMoney(line.unitPrice, currency)}</span>
          )}
        </span>
        <span data-testid={`line-total-${line.code}`}>{formatMoney(lineTotal, currency)}</span>
      </div>
      <div className={styles.lineControls}>
        {line.kind === 'instant' ? (
          <span className={cx(styles.lineUnit, 'muted')} data-testid={`instant-${line.code}`}>
            Instant ticket
          </span>
        ) : (
          <>
            <button
              type="button"
              className={cx('btn', styles.qtyBtn)}
              data-testid={`qty-dec-${line.code}`}
              aria-label={`One fewer ${line.name}`}
              disabled={line.quantity <= 1}
              onMouseDown={keepFocus}
              onClick={() => runCart('decrement', { key: line.key })}
            >
              −
            </button>
            <QuantityInput line={line} />
            <button
              type="button"
              className={cx('btn', styles.qtyBtn)}
              data-testid={`qty-inc-${line.code}`}
              aria-label={`One more ${line.name}`}
              disabled={line.quantity >= line.maxQuantity}
              onMouseDown={keepFocus}
              onClick={() => runCart('increment', { key: line.key })}
            >
              +
            </button>
          </>
        )}
        {line.pick.count > 0 && (
          <button
            type="button"
            className={cx('btn', styles.picksBtn, chosen > 0 && styles.chosen)}
            data-testid={`picks-${line.code}`}
            onClick={() => setOverlay({ kind: 'picks', key: line.key })}
          >
            {chosen ? `My numbers ${chosen}/${line.quantity}` : 'My numbers…'}
          </button>
        )}
        <button
          type="button"
          className={cx('btn danger-ghost', styles.removeBtn)}
          data-testid={`remove-${line.code}`}
          aria-label={`Remove ${line.name}`}
          onClick={() => runCart('removeLine', { key: line.key })}
        >
          ✕
        </button>
      </div>
      {short && (
        <div className={styles.lineWarn} data-testid={`stock-warning-${line.code}`}>
          Only {stock} left in stock
        </div>
      )}
    </li>
  )
}
