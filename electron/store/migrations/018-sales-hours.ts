import type { Migration } from './index'

// Reports instant on a year of data (issue 14): a closed shift's sales never change (no sale enters or leaves a
// closed shift: 011's triggers), so the shift's close also writes its sales summed per UTC hour, game, payment
// method and cashier. A report over closed shifts reads these few rows (an hour of a till is a handful) instead
// of every sale; the shifts still open are read live from sales. The sale itself writes nothing more.
// Sales from before shifts existed (no shift) are summed here once: none can be written any more (a sale
// belongs to an open shift).
export const m018: Migration = {
  version: 18,
  name: 'sales-hours',
  sql: `
CREATE TABLE sales_hours (
  shift_id TEXT REFERENCES shifts(_id),
  store_id TEXT NOT NULL,
  slot TEXT NOT NULL CHECK (length(slot) = 13),
  lottery_id TEXT NOT NULL,
  payment_method TEXT NOT NULL,
  user_id TEXT NOT NULL,
  lines INTEGER NOT NULL,
  tx INTEGER NOT NULL,
  tickets INTEGER NOT NULL,
  amount INTEGER NOT NULL,
  tax INTEGER NOT NULL,
  price INTEGER NOT NULL
) STRICT;
CREATE INDEX sales_hours_by_slot ON sales_hours(store_id, slot);
CREATE TRIGGER sales_hours_frozen BEFORE UPDATE ON sales_hours BEGIN
  SELECT RAISE(ABORT, 'a closed shift''s hours never change');
END;
CREATE TRIGGER sales_hours_at_close AFTER UPDATE OF status ON shifts
  WHEN NEW.status = 'closed' AND OLD.status <> 'closed' BEGIN
  INSERT INTO sales_hours (shift_id, store_id, slot, lottery_id, payment_method, user_id, lines, tx, tickets, amount, tax,
    price)
  SELECT shift_id, store_id, substr(sale_time, 1, 13), lottery_id, payment_method, user_id, COUNT(*), SUM(line_no = 0),
    SUM(quantity), SUM(total_amount), SUM(tax), SUM(price)
  FROM sales WHERE shift_id = NEW._id
  GROUP BY store_id, substr(sale_time, 1, 13), lottery_id, payment_method, user_id;
END;
INSERT INTO sales_hours (shift_id, store_id, slot, lottery_id, payment_method, user_id, lines, tx, tickets, amount, tax,
  price)
SELECT s.shift_id, s.store_id, substr(s.sale_time, 1, 13), s.lottery_id, s.payment_method, s.user_id, COUNT(*),
  SUM(s.line_no = 0),
  SUM(s.quantity), SUM(s.total_amount), SUM(s.tax), SUM(s.price)
FROM sales s LEFT JOIN shifts sh ON sh._id = s.shift_id
WHERE s.shift_id IS NULL OR sh.status = 'closed'
GROUP BY s.shift_id, s.store_id, substr(s.sale_time, 1, 13), s.lottery_id, s.payment_method, s.user_id;
`,
}
