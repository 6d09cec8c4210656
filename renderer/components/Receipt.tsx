import type { ReceiptResult } from '../../shared/contract'
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
export function Receipt({ receipt, centred }: { receipt: ReceiptResult; centred?: boolean }) {
  return (
    <div className={cx(styles.receipt, centred && styles.centred)}>
      <p
        className={cx(styles.status, receipt.printed ? styles.printed : styles.failed)}
        data-testid="receipt-status"
        data-printed={String(receipt.printed)}
        role="status"
      >
        {receipt.printed ? 'Receipt printed' : `Receipt not printed: ${receipt.error ?? 'printer error'}`}
      </p>
      <Paper svg={receipt.svg} alt="Receipt preview" data-testid="receipt-preview" />
    </div>
  )
}
