import type { Migration } from './index'

// The budget screen on a big budget (issue 15): what each item's transactions come to per business day, so the
// screen (its months, its day-by-day line, each item's pace) reads at most items x days rows instead of every
// transaction, and a posting recomputes only its own item's forecast.
// - budget_days is derived: the service adds each transaction to its item's business day in the transaction
//   that inserts it. A business day is the store's (its timezone and day start hour, in JS), so no trigger can
//   file it. amount and base are expenses less incomes, whatever the item's kind (the kind signs them when
//   read); base leaves out recorded recurring entries (the forecast's pace is measured on the rest). The month
//   leads the key so the screen's month table is summed in key order, without a sort.
// - budget_basis says what a budget's derived figures were made with: its days filed in timezone and
//   start_hour (another timezone or day start refiles them all, from the transactions; NULL: not filed yet,
//   as after this migration: the service files them at start), and its forecasts last made for all items with
//   forecast_days and forecast_elapsed (a posting on the same day recomputes only its item).
// Nothing moves here: the tables start empty and the service fills them from the transactions.
export const m021: Migration = {
  version: 21,
  name: 'budget-days',
  sql: `
CREATE TABLE budget_days (
  budget_item_id TEXT NOT NULL REFERENCES budget_items(_id),
  month TEXT NOT NULL,
  day TEXT NOT NULL CHECK (length(day) = 10 AND month = substr(day, 1, 7)),
  amount INTEGER NOT NULL,
  base INTEGER NOT NULL,
  n INTEGER NOT NULL CHECK (n > 0),
  PRIMARY KEY (budget_item_id, month, day)
) STRICT, WITHOUT ROWID;

CREATE TABLE budget_basis (
  budget_id TEXT PRIMARY KEY REFERENCES budgets(_id),
  timezone TEXT,
  start_hour INTEGER,
  forecast_days INTEGER,
  forecast_elapsed INTEGER,
  CHECK ((timezone IS NULL) = (start_hour IS NULL)),
  CHECK ((forecast_days IS NULL) = (forecast_elapsed IS NULL))
) STRICT;
`,
}
