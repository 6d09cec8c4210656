import type { Migration } from './index'

// Sync state next to the outbox. Draw results follow the seed's optional
// `draw_results` collection ("to log winning numbers per draw"); they carry no
// foreign key to lotteries because central may publish a draw before the
// terminal has pulled its game, and a pull batch must never fail on order.
export const m002: Migration = {
  version: 2,
  name: 'sync',
  sql: `
CREATE TABLE draw_results (
  _id TEXT PRIMARY KEY,
  lottery_id TEXT NOT NULL,
  draw_date TEXT NOT NULL,
  winning_numbers TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
) STRICT;
CREATE INDEX draw_results_by_game ON draw_results(lottery_id, draw_date);

-- Central soft-deletes an allocation; the row stays because movements and sales reference it.
ALTER TABLE inventory ADD COLUMN deleted_at TEXT;

CREATE TABLE sync_checkpoints (
  collection TEXT PRIMARY KEY,
  updated_at TEXT NOT NULL,
  last_id TEXT NOT NULL,
  pulled_at TEXT NOT NULL
) STRICT;

CREATE TABLE sync_conflicts (
  seq INTEGER PRIMARY KEY REFERENCES outbox(seq),
  collection TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  local_doc TEXT NOT NULL,
  central_doc TEXT,
  reason TEXT NOT NULL,
  detected_at TEXT NOT NULL
) STRICT;

CREATE TABLE sync_dead_letters (
  seq INTEGER PRIMARY KEY REFERENCES outbox(seq),
  collection TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  code INTEGER,
  reason TEXT NOT NULL,
  dead_at TEXT NOT NULL
) STRICT;

CREATE TABLE sync_pull_rejects (
  collection TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  seen_at TEXT NOT NULL,
  PRIMARY KEY (collection, doc_id)
) STRICT;

CREATE TABLE sync_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_attempt_at TEXT,
  last_success_at TEXT,
  last_error TEXT,
  last_error_at TEXT
) STRICT;
INSERT INTO sync_state (id) VALUES (1);
`,
}
