import type { Migration } from './index'

// The status bar's figures, kept current by triggers in the same transaction as every change to the rows
// they count, so reading them costs one row however much the terminal has sold or has waiting
// (COUNT(*) over the outbox on every sale and print made the counter slower the longer it was offline).
export const m007: Migration = {
  version: 7,
  name: 'status-counts',
  sql: `
CREATE TABLE status_counts (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  outbox_pending INTEGER NOT NULL,
  outbox_dead INTEGER NOT NULL,
  conflicts INTEGER NOT NULL,
  pull_rejects INTEGER NOT NULL,
  unprinted INTEGER NOT NULL
) STRICT;
INSERT INTO status_counts (id, outbox_pending, outbox_dead, conflicts, pull_rejects, unprinted) VALUES (1,
  (SELECT COUNT(*) FROM outbox WHERE status = 'pending'),
  (SELECT COUNT(*) FROM outbox WHERE status = 'dead'),
  (SELECT COUNT(*) FROM sync_conflicts),
  (SELECT COUNT(*) FROM sync_pull_rejects),
  (SELECT COUNT(*) FROM tickets WHERE print_status <> 'printed'));

CREATE TRIGGER status_outbox_insert AFTER INSERT ON outbox BEGIN
  UPDATE status_counts SET outbox_pending = outbox_pending + (NEW.status = 'pending'),
    outbox_dead = outbox_dead + (NEW.status = 'dead') WHERE id = 1;
END;
CREATE TRIGGER status_outbox_update AFTER UPDATE OF status ON outbox WHEN OLD.status <> NEW.status BEGIN
  UPDATE status_counts SET outbox_pending = outbox_pending + (NEW.status = 'pending') - (OLD.status = 'pending'),
    outbox_dead = outbox_dead + (NEW.status = 'dead') - (OLD.status = 'dead') WHERE id = 1;
END;
CREATE TRIGGER status_outbox_delete AFTER DELETE ON outbox BEGIN
  UPDATE status_counts SET outbox_pending = outbox_pending - (OLD.status = 'pending'),
    outbox_dead = outbox_dead - (OLD.status = 'dead') WHERE id = 1;
END;
CREATE TRIGGER status_conflicts_insert AFTER INSERT ON sync_conflicts BEGIN
  UPDATE status_counts SET conflicts = conflicts + 1 WHERE id = 1;
END;
CREATE TRIGGER status_conflicts_delete AFTER DELETE ON sync_conflicts BEGIN
  UPDATE status_counts SET conflicts = conflicts - 1 WHERE id = 1;
END;
CREATE TRIGGER status_rejects_insert AFTER INSERT ON sync_pull_rejects BEGIN
  UPDATE status_counts SET pull_rejects = pull_rejects + 1 WHERE id = 1;
END;
CREATE TRIGGER status_rejects_delete AFTER DELETE ON sync_pull_rejects BEGIN
  UPDATE status_counts SET pull_rejects = pull_rejects - 1 WHERE id = 1;
END;
CREATE TRIGGER status_tickets_insert AFTER INSERT ON tickets WHEN NEW.print_status <> 'printed' BEGIN
  UPDATE status_counts SET unprinted = unprinted + 1 WHERE id = 1;
END;
CREATE TRIGGER status_tickets_print AFTER UPDATE OF print_status ON tickets
  WHEN (OLD.print_status <> 'printed') <> (NEW.print_status <> 'printed') BEGIN
  UPDATE status_counts SET unprinted = unprinted + (NEW.print_status <> 'printed') - (OLD.print_status <> 'printed') WHERE id = 1;
END;
CREATE TRIGGER status_tickets_delete AFTER DELETE ON tickets WHEN OLD.print_status <> 'printed' BEGIN
  UPDATE status_counts SET unprinted = unprinted - 1 WHERE id = 1;
END;
`,
}
