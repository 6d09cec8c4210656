import type { ReceiptResult, SaleResult } from '../../shared/contract'
import { formatMoney } from '../../shared/money'
import { cx } from '../styles/cx'
import styles from './Receipt.module.css'

/** An SVG the backend drew from a print layout (a ticket's preview, a receipt), shown as on paper. */
export function Paper({ svg, alt, ...data }: { svg: string; alt: string; [data: `data-${string}`]: string }) {
  return (
    <img
      className={styles.paper}
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
      alt={alt}
      {...data}
    />
  )
}

/** The receipt as the backend laid it out, and whether the paper actually came out. */
export function Receipt({
  receipt,
  centred,
  what = 'Receipt',
  forCustomer = true,
}: {
  receipt: ReceiptResult
  centred?: boolean
  /** What printed: "Receipt", "Z report", "Slip". */
  what?: string
  /** A customer's slip: the screen stands in for the paper when it did not print. */
  forCustomer?: boolean
}) {
  return (
    <div className={cx(styles.receipt, centred && styles.centred)}>
      <p
        className={cx(styles.status, receipt.printed ? styles.printed : styles.failed)}
        data-testid="receipt-status"
        data-printed={String(receipt.printed)}
        role="status"
      >
        {/* A slip cannot be printed again later: the printer's advice to reprint does not apply to it. */}
        {receipt.printed
          ? `${what} printed`
          : `${what} not printed: ${(receipt.error ?? 'printer error').replace(/,? then reprint\.?$/, '.')}${forCustomer ? ' The details are above; keep this screen for the customer.' : ''}`}
      </p>
      {receipt.svg && <Paper svg={receipt.svg} alt={`${what} preview`} data-testid="receipt-preview" />}
    </div>
  )
}

/** What the customer paid and got back, as the sale's receipt says it: total, tendered, change. */
export function SaleReceipt({ sale, currency }: { sale: SaleResult; currency: string }) {
  const cash = sale.payment_method === 'cash'
  return (
    <dl className={styles.sale} data-testid="sale-receipt">
      <div>
        <dt>Total</dt>
        <dd>{formatMoney(sale.total_amount, currency)}</dd>
      </div>
      <div>
        <dt>{cash ? 'Cash' : sale.payment_method === 'card' ? 'Card' : 'Wallet'}</dt>
        <dd data-testid="sale-tendered">{formatMoney(sale.tendered, currency)}</dd>
      </div>
      {cash && (
        <div className={styles.changeDue}>
          <dt>Change</dt>
          <dd data-testid="sale-change" data-amount={sale.change}>
            {formatMoney(sale.change, currency)}
          </dd>
        </div>
      )}
    </dl>
  )
}

/** What a cancellation or a void gave back: the ticket's price, the tax it paid, the refund. */
export function RefundTotals(props: {
  refund: { price: number; tax: number; total_amount: number }
  currency: string
  testid: string
  className?: string
}) {
  const { refund, currency } = props
  return (
    <dl className={cx('totals', props.className)}>
      <div>
        <dt>Price</dt>
        <dd>{formatMoney(refund.price, currency)}</dd>
      </div>
      <div>
        <dt>Tax</dt>
        <dd>{formatMoney(refund.tax, currency)}</dd>
      </div>
      <div className="grand">
        <dt>Refund</dt>
        <dd data-testid={props.testid}>{formatMoney(refund.total_amount, currency)}</dd>
      </div>
    </dl>
  )
}
