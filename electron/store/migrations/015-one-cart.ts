import type { Migration } from './index'

// One cart (issue 12): instant tickets and merchandise sold in the same sale transaction as draw tickets.
// - An instant ticket is a sales row of its game (so every lottery report counts it) and an instant_sales row:
//   a ticket number of a pack sells once (the unique key), only from an activated pack, within its size.
// - A product line is the seed's inventory_transactions row of type sale, with the sale's shift, tax, payment
//   method and its line number in the cart (line 0 of a transaction is in sales or here, never both).
// - sale_tenders keeps the cart's request id: a retry is found by it whatever the cart held.
// - book_counts: the closing cashier's next ticket number of each activated pack, against what was sold.
export const m015: Migration = {
  version: 15,
  name: 'one-cart',
  sql: `
ALTER TABLE sale_tenders ADD COLUMN request_id TEXT;
UPDATE sale_tenders SET request_id = (SELECT s.request_id FROM sales s
  WHERE s.transaction_id = sale_tenders.transaction_id AND s.line_no = 0);
CREATE UNIQUE INDEX sale_tenders_by_request ON sale_tenders(request_id) WHERE request_id IS NOT NULL;

CREATE TABLE instant_sales (
  _id TEXT PRIMARY KEY,
  sale_id TEXT NOT NULL REFERENCES sales(_id),
  pack_id TEXT NOT NULL REFERENCES packs(_id),
  ticket_no INTEGER NOT NULL CHECK (ticket_no >= 0),
  created_at TEXT NOT NULL,
  UNIQUE (pack_id, ticket_no)
) STRICT;
CREATE INDEX instant_sales_by_sale ON instant_sales(sale_id);
CREATE TRIGGER instant_sales_activated_only BEFORE INSERT ON instant_sales
  WHEN NOT EXISTS (SELECT 1 FROM packs WHERE _id = NEW.pack_id AND status = 'activated' AND NEW.ticket_no < tickets_per_pack)
BEGIN
  SELECT RAISE(ABORT, 'an instant ticket sells only from an activated pack, within its size');
END;
CREATE TRIGGER instant_sales_frozen BEFORE UPDATE ON instant_sales BEGIN
  SELECT RAISE(ABORT, 'an instant sale never changes');
END;

ALTER TABLE inventory_transactions ADD COLUMN shift_id TEXT REFERENCES shifts(_id);
ALTER TABLE inventory_transactions ADD COLUMN tax INTEGER NOT NULL DEFAULT 0 CHECK (tax >= 0);
ALTER TABLE inventory_transactions ADD COLUMN payment_method TEXT CHECK (payment_method IS NULL OR payment_method IN ('cash','card','wallet'));
ALTER TABLE inventory_transactions ADD COLUMN line_no INTEGER;
CREATE INDEX inventory_transactions_by_shift ON inventory_transactions(shift_id) WHERE shift_id IS NOT NULL;
CREATE TRIGGER product_sales_in_open_shift BEFORE INSERT ON inventory_transactions
  WHEN NEW.transaction_type = 'sale' AND (SELECT status FROM shifts WHERE _id = NEW.shift_id) IS NOT 'open' BEGIN
  SELECT RAISE(ABORT, 'a sale belongs to an open shift');
END;
CREATE TRIGGER product_sales_frozen BEFORE UPDATE ON inventory_transactions WHEN OLD.transaction_type = 'sale' BEGIN
  SELECT RAISE(ABORT, 'a product sale never changes');
END;

CREATE TABLE book_counts (
  _id TEXT PRIMARY KEY,
  shift_id TEXT NOT NULL REFERENCES shifts(_id),
  pack_id TEXT NOT NULL REFERENCES packs(_id),
  next_ticket INTEGER NOT NULL CHECK (next_ticket >= 0),
  sold INTEGER NOT NULL CHECK (sold >= 0),
  missing INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (shift_id, pack_id)
) STRICT;
CREATE INDEX book_counts_by_pack ON book_counts(pack_id, created_at);
CREATE TRIGGER book_counts_frozen BEFORE UPDATE ON book_counts BEGIN
  SELECT RAISE(ABORT, 'a book count never changes');
END;
`,
}
