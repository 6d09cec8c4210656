import type { Migration } from './index'

// Validation, payout and cancellation (issue 4). winning_claims follows the
// seed's optional collection; a payout is unique per ticket number (partial
// unique index), so a second payout cannot be written even by a bug above.
export const m003: Migration = {
  version: 3,
  name: 'claims',
  sql: `
ALTER TABLE stores ADD COLUMN payout_limit INTEGER NOT NULL DEFAULT 60000 CHECK (payout_limit >= 0);
ALTER TABLE lotteries ADD COLUMN claim_period_days INTEGER NOT NULL DEFAULT 180 CHECK (claim_period_days > 0);
ALTER TABLE lotteries ADD COLUMN age_check INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN prize_level TEXT;
ALTER TABLE tickets ADD COLUMN paid_at TEXT;
ALTER TABLE tickets ADD COLUMN cancelled_at TEXT;

CREATE TABLE winning_claims (
  _id TEXT PRIMARY KEY,
  ticket_id TEXT,
  ticket_number TEXT NOT NULL,
  lottery_id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  user_id TEXT,
  draw_date TEXT NOT NULL,
  prize_level TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  status TEXT NOT NULL CHECK (status IN ('paid')),
  device_info TEXT NOT NULL,
  -- 'local': paid at this terminal; 'central': a payout central reports from elsewhere.
  source TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('local','central')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX winning_claims_one_payout ON winning_claims(ticket_number) WHERE status = 'paid';

CREATE TABLE cancellations (
  _id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL UNIQUE REFERENCES tickets(_id),
  sale_id TEXT NOT NULL REFERENCES sales(_id),
  lottery_id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  approved_by TEXT,
  price INTEGER NOT NULL CHECK (price >= 0),
  tax INTEGER NOT NULL CHECK (tax >= 0),
  total_amount INTEGER NOT NULL CHECK (total_amount = price + tax),
  reason TEXT NOT NULL,
  device_info TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX cancellations_by_time ON cancellations(store_id, created_at);
`,
}
