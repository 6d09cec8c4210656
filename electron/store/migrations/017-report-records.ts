import type { Migration } from './index'

// Reports over any period (issue 14): every report generated is a row of the seed's `reports` collection.
// - kind 'period': a report exported from the Reports screen (CSV or PDF), or a budget's (report_type 'budget');
//   the day close's report is kind 'day'.
// - An export is recorded 'scheduled' first; it then becomes 'completed' (report_url: the file's path) or
//   'failed' (failure: why), once. Everything else about a stored report never changes, nor is it deleted.
// The table is rebuilt for the kind's new value (SQLite cannot change a CHECK); its rows keep their values.
// - Indexes for the reports' ranges: merchandise by store, type and time; payouts by store and time; stock
//   changes (restocks, adjustments) by store and time, partial so a sale's stock movement never maintains it.
export const m017: Migration = {
  version: 17,
  name: 'report-records',
  sql: `
CREATE TABLE reports_new (
  _id TEXT PRIMARY KEY,
  report_type TEXT NOT NULL CHECK (report_type IN ('sales','inventory','performance','budget')),
  kind TEXT NOT NULL CHECK (kind IN ('z','day','settlement','period')),
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
  failure TEXT,
  finished_at TEXT,
  CHECK ((kind = 'z') = (shift_id IS NOT NULL AND z_number IS NOT NULL)),
  CHECK ((status = 'failed') = (failure IS NOT NULL))
) STRICT;
INSERT INTO reports_new (_id, report_type, kind, store_id, device_id, generated_by, period_start, period_end,
  business_day, shift_id, z_number, status, report_url, body, created_at)
SELECT _id, report_type, kind, store_id, device_id, generated_by, period_start, period_end,
  business_day, shift_id, z_number, status, report_url, body, created_at FROM reports;
DROP TABLE reports;
ALTER TABLE reports_new RENAME TO reports;
CREATE UNIQUE INDEX reports_one_z ON reports(shift_id) WHERE kind = 'z';
CREATE INDEX reports_by_kind ON reports(kind, business_day, created_at);
CREATE INDEX reports_scheduled ON reports(status) WHERE status = 'scheduled';
CREATE TRIGGER reports_frozen BEFORE UPDATE OF _id, report_type, kind, store_id, device_id, generated_by,
  period_start, period_end, business_day, shift_id, z_number, body, created_at ON reports BEGIN
  SELECT RAISE(ABORT, 'a stored report never changes');
END;
CREATE TRIGGER reports_finished_once BEFORE UPDATE OF status, report_url, failure, finished_at ON reports
  WHEN OLD.status <> 'scheduled' OR NEW.status NOT IN ('completed','failed') BEGIN
  SELECT RAISE(ABORT, 'a report is finished once: scheduled, then completed or failed');
END;
CREATE TRIGGER reports_never_deleted BEFORE DELETE ON reports BEGIN
  SELECT RAISE(ABORT, 'a stored report is never deleted');
END;

CREATE INDEX inventory_transactions_by_store_type ON inventory_transactions(store_id, transaction_type, transaction_date);
CREATE INDEX winning_claims_by_time ON winning_claims(store_id, created_at);
CREATE INDEX inventory_movements_stock_changes ON inventory_movements(store_id, created_at)
  WHERE reason IN ('restock','adjustment');
`,
}
