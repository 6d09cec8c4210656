import type { Game, PaymentMethod } from '../../../shared/contract'
import { PaymentMethods } from '../../../shared/contract'
import { formatMoney } from '../../../shared/money'
import { keyLabels, paymentKey } from '../../actions'
import { itemCount, ticketCount, totalsOf } from '../../cart'
import { useAppInfo, useBackendReachable } from '../../data/backend'
import { SELLING_STOPPED } from '../../checkout'
import { TenderRow } from './TenderRow'
import { runCart, runCommand } from '../../dispatch'
import { keepFocus } from '../../keys/useKeymap'
import { useCart, useUi } from '../../store'
import { cx } from '../../styles/cx'
import styles from './CartPanel.module.css'
import { CartLineRow } from './CartLineRow'

const paymentLabel: Record<PaymentMethod, string> = { cash: 'Cash', card: 'Card', wallet: 'Wallet' }

export function CartPanel({ className, games }: { className?: string; games: Game[] | null }) {
  const app = useAppInfo()
  const cart = useCart((s) => s.cart)
  const selling = useUi((s) => s.selling)
  // The backend names the game or product it refused (out of stock, inactive...) so the line can be marked.
  const flagged = useUi((s) => s.error?.details?.lottery_id ?? s.error?.details?.product_id)
  const currency = app?.store.currency ?? 'USD'
  const totals = totalsOf(cart, app?.store.tax_rate_bps ?? 0)
  const stock = new Map(games?.map((g) => [g._id, g.remaining_stock]))
  const tickets = ticketCount(cart)
  const items = itemCount(cart)
  const reachable = useBackendReachable()

  return (
    <section className={cx(styles.cart, className)} aria-label="Cart">
      <div className={styles.cartHead}>
        <h2>
          Cart{' '}
          <span className="muted" data-testid="cart-count">
            {tickets} {tickets === 1 ? 'ticket' : 'tickets'}
            {items > 0 && ` · ${items} ${items === 1 ? 'item' : 'items'}`}
          </span>
        </h2>
        <button
          type="button"
          className="btn ghost"
          data-testid="clear-cart"
          disabled={cart.lines.length === 0 || selling}
          onClick={() => runCart('clear', undefined)}
        >
          Clear <kbd>{keyLabels.clear}</kbd>
        </button>
      </div>

      {cart.notice && (
        <div className={cx('banner warn', styles.notice)} data-testid="cart-notice" role="status">
          {cart.notice}
        </div>
      )}

      <ol className={styles.cartLines}>
        {cart.lines.length === 0 && (
          <li className={cx(styles.cartEmpty, 'muted')}>
            Press a game key or tap a game, or scan an instant ticket or a product (S finds one by name).
          </li>
        )}
        {cart.lines.map((line, i) => (
          <CartLineRow
            key={line.key}
            line={line}
            lineTotal={totals.lines[i].price}
            currency={currency}
            selected={cart.selected === line.key}
            stock={line.kind === 'draw' ? stock.get(line.key) : line.stock}
            flagged={flagged === line.key}
          />
        ))}
      </ol>

      <div className={styles.payments} role="radiogroup" aria-label="Payment method">
        {PaymentMethods.map((p) => (
          <button
            key={p}
            type="button"
            role="radio"
            aria-checked={cart.payment === p}
            className={cx('btn', styles.payBtn, cart.payment === p && styles.active)}
            data-testid={`pay-${p}`}
            onMouseDown={keepFocus}
            onClick={() => runCart('setPayment', { payment: p })}
          >
            {paymentLabel[p]} <kbd>{paymentKey(p)}</kbd>
          </button>
        ))}
      </div>

      <dl className="totals">
        <div>
          <dt>Subtotal</dt>
          <dd data-testid="cart-subtotal">{formatMoney(totals.price, currency)}</dd>
        </div>
        <div>
          <dt>Tax ({((app?.store.tax_rate_bps ?? 0) / 100).toFixed(2)}%)</dt>
          <dd data-testid="cart-tax">{formatMoney(totals.tax, currency)}</dd>
        </div>
        <div className="grand">
          <dt>Total</dt>
          <dd data-testid="cart-total" data-amount={totals.total_amount}>
            {formatMoney(totals.total_amount, currency)}
          </dd>
        </div>
      </dl>

      {cart.payment === 'cash' && cart.lines.length > 0 && (
        <TenderRow total={totals.total_amount} currency={currency} text={cart.tendered} disabled={selling} />
      )}

      {!reachable && (
        <p className="banner error" data-testid="sell-blocked" role="alert">
          {SELLING_STOPPED}
        </p>
      )}

      <button
        type="button"
        className={cx('btn', styles.sellBtn)}
        data-testid="sell"
        disabled={cart.lines.length === 0 || selling || !reachable}
        aria-busy={selling}
        onClick={() => runCommand('sell')}
      >
        {selling ? 'Selling…' : `Sell · ${paymentLabel[cart.payment]}`} <kbd>{keyLabels.sell}</kbd>
      </button>
    </section>
  )
}
