import type { Migration } from './index'

// Stock (issue 12, first part): adjustments of lottery stock (the seed's inventory_adjustments, with the batch
// and game they adjust beside its product_id, which merchandise will use), and the notification centre's reads.
export const m012: Migration = {
  version: 12,
  name: 'stock',
  sql: `
CREATE TABLE inventory_adjustments (
  _id TEXT PRIMARY KEY,
  product_id TEXT,
  inventory_id TEXT REFERENCES inventory(_id),
  lottery_id TEXT REFERENCES lotteries(_id),
  store_id TEXT NOT NULL,
  adjustment_type TEXT NOT NULL CHECK (adjustment_type IN ('damage','theft','correction','return')),
  quantity_adjusted INTEGER NOT NULL CHECK (quantity_adjusted <> 0),
  reason TEXT NOT NULL,
  adjustment_date TEXT NOT NULL,
  user_id TEXT NOT NULL,
  notes TEXT,
  CHECK ((product_id IS NULL) <> (inventory_id IS NULL))
) STRICT;
CREATE INDEX inventory_adjustments_by_batch ON inventory_adjustments(inventory_id, adjustment_date);
CREATE TRIGGER inventory_adjustments_frozen BEFORE UPDATE ON inventory_adjustments BEGIN
  SELECT RAISE(ABORT, 'an adjustment never changes: record another');
END;
CREATE INDEX notifications_by_time ON notifications(created_at);
CREATE INDEX notifications_unread ON notifications(type) WHERE is_read = 0;
-- The bell's figure, kept by triggers like the status bar's others: one row, however many are never read.
ALTER TABLE status_counts ADD COLUMN notifications_unread INTEGER NOT NULL DEFAULT 0;
UPDATE status_counts SET notifications_unread = (SELECT COUNT(*) FROM notifications WHERE is_read = 0) WHERE id = 1;
CREATE TRIGGER status_notifications_insert AFTER INSERT ON notifications WHEN NEW.is_read = 0 BEGIN
  UPDATE status_counts SET notifications_unread = notifications_unread + 1 WHERE id = 1;
END;
CREATE TRIGGER status_notifications_read AFTER UPDATE OF is_read ON notifications WHEN OLD.is_read <> NEW.is_read BEGIN
  UPDATE status_counts SET notifications_unread = notifications_unread + (NEW.is_read = 0) - (OLD.is_read = 0) WHERE id = 1;
END;
CREATE TRIGGER status_notifications_delete AFTER DELETE ON notifications WHEN OLD.is_read = 0 BEGIN
  UPDATE status_counts SET notifications_unread = notifications_unread - 1 WHERE id = 1;
END;
`,
}
