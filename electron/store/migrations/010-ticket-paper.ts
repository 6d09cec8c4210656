import type { Migration } from './index'

// Issue 10: a REPRINT mark only where a first copy may exist, and a queue of the tickets that never printed.
// `never_sent` is 1 while no byte of a ticket has gone to a printer: cleared (write-ahead) with the 'printing'
// status of its first job, set back only when that job failed before any of the ticket's bytes left (no
// printer, connection refused, offline in the status check). Tickets from before this migration may have
// reached paper: 0, the safe side (a copy of them stays marked REPRINT, and none of them can be voided).
// The status bar's count of tickets to print now counts tickets still on sale: a voided ticket leaves it.
// The print queue lists them oldest first from their own partial index, without sorting.
export const m010: Migration = {
  version: 10,
  name: 'ticket-paper',
  sql: `
ALTER TABLE tickets ADD COLUMN never_sent INTEGER NOT NULL DEFAULT 0 CHECK (never_sent IN (0, 1));

DROP TRIGGER status_tickets_insert;
DROP TRIGGER status_tickets_print;
DROP TRIGGER status_tickets_delete;
CREATE TRIGGER status_tickets_insert AFTER INSERT ON tickets
  WHEN NEW.print_status <> 'printed' AND NEW.status = 'sold' BEGIN
  UPDATE status_counts SET unprinted = unprinted + 1 WHERE id = 1;
END;
CREATE TRIGGER status_tickets_print AFTER UPDATE OF print_status, status ON tickets
  WHEN (OLD.print_status <> 'printed' AND OLD.status = 'sold') <> (NEW.print_status <> 'printed' AND NEW.status = 'sold') BEGIN
  UPDATE status_counts SET unprinted = unprinted + (NEW.print_status <> 'printed' AND NEW.status = 'sold')
    - (OLD.print_status <> 'printed' AND OLD.status = 'sold') WHERE id = 1;
END;
CREATE TRIGGER status_tickets_delete AFTER DELETE ON tickets
  WHEN OLD.print_status <> 'printed' AND OLD.status = 'sold' BEGIN
  UPDATE status_counts SET unprinted = unprinted - 1 WHERE id = 1;
END;
UPDATE status_counts SET unprinted = (SELECT COUNT(*) FROM tickets WHERE print_status <> 'printed' AND status = 'sold')
  WHERE id = 1;

CREATE INDEX tickets_unprinted ON tickets(purchase_datetime, ticket_number)
  WHERE print_status <> 'printed' AND status = 'sold';
`,
}
