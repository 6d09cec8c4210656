import type { Migration } from './index'

// The cash office (issue 11): shifts with their float, movements (pay in, pay out, drop, no sale), the blind
// count and its over/short, and the stored reports (Z, day, settlement; the seed's `reports` collection).
// Every sale, payout and cancellation written from now on names its shift, and the database itself refuses
// one that names no open shift: nothing is counted outside a shift, whatever a bug above does. A closed shift
// and a stored report never change.
export const m011: Migration = {
  version: 11,
  name: 'shifts',
  sql: `
CREATE TABLE shifts (
  _id TEXT PRIMARY KEY,
  shift_number INTEGER NOT NULL CHECK (shift_number > 0),
  store_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  business_day TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open','counted','closed')),
  opened_at TEXT NOT NULL,
  opening_float INTEGER NOT NULL CHECK (opening_float >= 0),
  opening_count TEXT,
  count_draft TEXT,
  counted_at TEXT,
  counted_by TEXT,
  cash_count TEXT,
  counted_cash INTEGER,
  counted_card INTEGER,
  counted_wallet INTEGER,
  expected_cash INTEGER,
  expected_card INTEGER,
  expected_wallet INTEGER,
  over_short INTEGER,
  signed_off_by TEXT,
  close_note TEXT,
  closed_at TEXT,
  closed_by TEXT,
  z_number INTEGER,
  updated_at TEXT NOT NULL,
  UNIQUE (device_id, shift_number),
  UNIQUE (device_id, z_number),
  CHECK ((status = 'open') = (counted_at IS NULL)),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL AND z_number IS NOT NULL))
) STRICT;
-- One drawer, one shift: a terminal has at most one shift not yet closed.
CREATE UNIQUE INDEX shifts_one_unclosed ON shifts(device_id) WHERE status <> 'closed';
-- The day's shifts of this terminal (day report, settlement, the shift list), in shift order: a search, never a
-- walk of every shift the terminal ever had.
CREATE INDEX shifts_by_day ON shifts(device_id, business_day, shift_number);

CREATE TRIGGER shifts_closed_frozen BEFORE UPDATE ON shifts WHEN OLD.status = 'closed' BEGIN
  SELECT RAISE(ABORT, 'a closed shift cannot change');
END;
CREATE TRIGGER shifts_counted_frozen BEFORE UPDATE ON shifts WHEN OLD.status = 'counted' AND (NEW.status <> 'closed'
  OR NEW.counted_cash IS NOT OLD.counted_cash OR NEW.counted_card IS NOT OLD.counted_card
  OR NEW.counted_wallet IS NOT OLD.counted_wallet OR NEW.expected_cash IS NOT OLD.expected_cash
  OR NEW.over_short IS NOT OLD.over_short) BEGIN
  SELECT RAISE(ABORT, 'a counted shift can only be closed');
END;
CREATE TRIGGER shifts_never_deleted BEFORE DELETE ON shifts BEGIN
  SELECT RAISE(ABORT, 'a shift is never deleted');
END;

CREATE TABLE shift_movements (
  _id TEXT PRIMARY KEY,
  shift_id TEXT NOT NULL REFERENCES shifts(_id),
  kind TEXT NOT NULL CHECK (kind IN ('pay_in','pay_out','drop','no_sale')),
  amount INTEGER NOT NULL CHECK ((kind = 'no_sale' AND amount = 0) OR (kind <> 'no_sale' AND amount > 0)),
  reason TEXT NOT NULL,
  user_id TEXT NOT NULL,
  approved_by TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX shift_movements_by_shift ON shift_movements(shift_id);
CREATE TRIGGER shift_movements_open_only BEFORE INSERT ON shift_movements
  WHEN (SELECT status FROM shifts WHERE _id = NEW.shift_id) IS NOT 'open' BEGIN
  SELECT RAISE(ABORT, 'cash moves only in an open shift');
END;
CREATE TRIGGER shift_movements_frozen BEFORE UPDATE ON shift_movements BEGIN
  SELECT RAISE(ABORT, 'a cash movement never changes');
END;
CREATE TRIGGER shift_movements_never_deleted BEFORE DELETE ON shift_movements BEGIN
  SELECT RAISE(ABORT, 'a cash movement is never deleted');
END;

ALTER TABLE sales ADD COLUMN shift_id TEXT REFERENCES shifts(_id);
ALTER TABLE winning_claims ADD COLUMN shift_id TEXT REFERENCES shifts(_id);
ALTER TABLE cancellations ADD COLUMN shift_id TEXT REFERENCES shifts(_id);
CREATE INDEX sales_by_shift ON sales(shift_id) WHERE shift_id IS NOT NULL;
CREATE INDEX claims_by_shift ON winning_claims(shift_id) WHERE shift_id IS NOT NULL;
CREATE INDEX cancellations_by_shift ON cancellations(shift_id) WHERE shift_id IS NOT NULL;
-- A new sale row is looked up among cancellations' parents (foreign key): by index, not a scan.
CREATE INDEX cancellations_by_sale ON cancellations(sale_id);
CREATE TRIGGER sales_in_open_shift BEFORE INSERT ON sales
  WHEN (SELECT status FROM shifts WHERE _id = NEW.shift_id) IS NOT 'open' BEGIN
  SELECT RAISE(ABORT, 'a sale belongs to an open shift');
END;
CREATE TRIGGER claims_in_open_shift BEFORE INSERT ON winning_claims
  WHEN NEW.source = 'local' AND (SELECT status FROM shifts WHERE _id = NEW.shift_id) IS NOT 'open' BEGIN
  SELECT RAISE(ABORT, 'a payout belongs to an open shift');
END;
CREATE TRIGGER cancellations_in_open_shift BEFORE INSERT ON cancellations
  WHEN (SELECT status FROM shifts WHERE _id = NEW.shift_id) IS NOT 'open' BEGIN
  SELECT RAISE(ABORT, 'a cancellation belongs to an open shift');
END;
CREATE TRIGGER sales_shift_fixed BEFORE UPDATE OF shift_id ON sales BEGIN
  SELECT RAISE(ABORT, 'a sale never changes shift');
END;
CREATE TRIGGER claims_shift_fixed BEFORE UPDATE OF shift_id ON winning_claims BEGIN
  SELECT RAISE(ABORT, 'a payout never changes shift');
END;
CREATE TRIGGER cancellations_shift_fixed BEFORE UPDATE OF shift_id ON cancellations BEGIN
  SELECT RAISE(ABORT, 'a cancellation never changes shift');
END;

CREATE TABLE reports (
  _id TEXT PRIMARY KEY,
  report_type TEXT NOT NULL CHECK (report_type IN ('sales','inventory','performance')),
  kind TEXT NOT NULL CHECK (kind IN ('z','day','settlement')),
  store_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  generated_by TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  business_day TEXT,
  shift_id TEXT REFERENCES shifts(_id),
  z_number INTEGER,
  status TEXT NOT NULL CHECK (status IN ('completed','failed','scheduled')),
  report_url TEXT,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  CHECK ((kind = 'z') = (shift_id IS NOT NULL AND z_number IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX reports_one_z ON reports(shift_id) WHERE kind = 'z';
CREATE INDEX reports_by_kind ON reports(kind, business_day, created_at);
CREATE TRIGGER reports_frozen BEFORE UPDATE ON reports BEGIN
  SELECT RAISE(ABORT, 'a stored report never changes');
END;
CREATE TRIGGER reports_never_deleted BEFORE DELETE ON reports BEGIN
  SELECT RAISE(ABORT, 'a stored report is never deleted');
END;
`,
}
