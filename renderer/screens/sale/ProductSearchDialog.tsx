import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { ProductView } from '../../../shared/contract'
import { formatMoney } from '../../../shared/money'
import { classifyScan } from '../../../shared/scan'
import { Dialog } from '../../components/Dialog'
import { useAppInfo, useBackend } from '../../data/backend'
import { addByCode, addFound } from '../../scan'
import { useCart, useUi } from '../../store'
import { cx } from '../../styles/cx'
import styles from './ProductSearchDialog.module.css'

const LIMIT = 8

/**
 * S at the counter: a product by name, SKU or barcode typed (a scanner needs no dialog). The list follows each
 * key; up and down choose, Enter adds the chosen one (with the quantity typed before S) and closes. An instant
 * ticket's number typed here is sold as if scanned.
 */
export function ProductSearchDialog() {
  const setOverlay = useUi((s) => s.setOverlay)
  const multiplier = useCart((s) => s.cart.multiplier)
  const currency = useAppInfo()?.store.currency ?? 'USD'
  const [q, setQ] = useState('')
  const [at, setAt] = useState(0)
  const input = useRef<HTMLInputElement>(null)
  const found = useBackend('product-search', { q, limit: LIMIT }, { placeholderData: (previous) => previous })
  const list = found.data ?? []
  const chosen = list[Math.min(at, list.length - 1)]

  useEffect(() => input.current?.focus(), [])

  const close = () => setOverlay(null)
  const add = (p: ProductView | undefined) => {
    if (!p || p.quantity <= 0) return
    if (addFound({ kind: 'product', product: p })) close()
  }
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      setAt((i) => Math.max(0, Math.min(list.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1))))
    } else if (e.key === 'Enter') {
      e.preventDefault()
      const kind = classifyScan(q).kind
      // A code typed in full is read like a scan: an instant ticket, or a barcode no search result shows; digits
      // of a code's length that are no valid code say why (a check digit typed wrong).
      const digitsOfACode = /^\d{11}$|^\d{12,14}$/.test(q.trim())
      if (kind === 'instant' || (kind === 'gtin' && !chosen) || (kind === 'invalid' && digitsOfACode)) {
        void addByCode(q).then((added) => added && close())
      } else add(chosen)
    }
  }

  return (
    <Dialog
      testid="product-search-dialog"
      labelledBy="product-search-title"
      wide
      keys={[{ keys: ['Escape'], inFields: true, run: close }]}
    >
      <h2 id="product-search-title">Find a product{multiplier ? ` · ${multiplier} ×` : ''}</h2>
      <input
        ref={input}
        className={styles.query}
        data-testid="product-search-input"
        role="combobox"
        aria-expanded="true"
        aria-autocomplete="list"
        aria-label="Product name, SKU or barcode"
        aria-controls="product-results"
        aria-activedescendant={chosen ? `product-${chosen._id}` : undefined}
        placeholder="Name, SKU or barcode"
        autoComplete="off"
        maxLength={60}
        value={q}
        onChange={(e) => {
          setQ(e.currentTarget.value)
          setAt(0)
        }}
        onKeyDown={onKeyDown}
      />
      <ul
        id="product-results"
        role="listbox"
        aria-label="Products found"
        className={styles.results}
        data-testid="product-results"
        data-query={found.isPlaceholderData ? undefined : q}
      >
        {list.map((p) => {
          const out = p.quantity <= 0
          return (
            <li
              key={p._id}
              id={`product-${p._id}`}
              role="option"
              aria-selected={p._id === chosen?._id}
              aria-disabled={out || undefined}
              className={cx(styles.result, p._id === chosen?._id && styles.chosen, out && styles.out)}
              data-testid={`product-result-${p.sku}`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => add(p)}
            >
              <span className={styles.name}>
                {p.product_name}
                {p.age_check && <span className={styles.age}>18+</span>}
              </span>
              <span className={cx(styles.sku, 'muted')}>{p.sku}</span>
              <span className={styles.stock}>{out ? 'Out of stock' : `${p.quantity} in stock`}</span>
              <span className={styles.price}>{formatMoney(p.price, currency)}</span>
            </li>
          )
        })}
        {found.isSuccess && list.length === 0 && <li className="muted">No product matches “{q}”.</li>}
      </ul>
      {found.error && (
        <p className="banner error" role="alert">
          {found.error.message}
        </p>
      )}
      <p className="muted">↑ ↓ choose · Enter adds · Esc closes</p>
    </Dialog>
  )
}
