import type { ReceiptResult } from '../../shared/contract'

/** The receipt as the backend laid it out, and whether the paper actually came out. */
export function Receipt({ receipt }: { receipt: ReceiptResult }) {
  return (
    <div className="receipt">
      <p
        className={`receipt-status ${receipt.printed ? 'ps-printed' : 'ps-failed'}`}
        data-testid="receipt-status"
        data-printed={String(receipt.printed)}
        role="status"
      >
        {receipt.printed ? 'Receipt printed' : `Receipt not printed: ${receipt.error ?? 'printer error'}`}
      </p>
      <img
        className="ticket-preview"
        data-testid="receipt-preview"
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(receipt.svg)}`}
        alt="Receipt preview"
      />
    </div>
  )
}
