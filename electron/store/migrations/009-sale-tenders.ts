import type { Migration } from './index'

// What the customer handed over for a cash sale and the change given back (issue 10): one row per
// transaction, written in the sale's transaction, printed on the receipt. The money of record stays in
// sales.total_amount; this is the counter's detail of how it was paid.
export const m009: Migration = {
  version: 9,
  name: 'sale-tenders',
  sql: `
CREATE TABLE sale_tenders (
  transaction_id TEXT PRIMARY KEY,
  payment_method TEXT NOT NULL CHECK (payment_method IN ('cash','card','wallet')),
  amount_due INTEGER NOT NULL CHECK (amount_due >= 0),
  amount_tendered INTEGER NOT NULL CHECK (amount_tendered >= amount_due),
  change_due INTEGER NOT NULL CHECK (change_due = amount_tendered - amount_due),
  created_at TEXT NOT NULL
) STRICT;
`,
}
