import type { Migration } from './index'

// Budgets (issue 15): the seed's budget module, field names kept (Budgets, Budget_Items, Transactions), fed by
// the store's own money. Amounts in minor units.
// - A budget covers whole business days, first to last (start_date / end_date: the instants they begin and
//   end, end exclusive); open until a manager closes it. A transaction dates inside it (a trigger holds it).
// - An item's actual_spent and variance are kept by the triggers below in the transaction that writes a
//   budget transaction: they can never drift from the transactions. An item is an expense or an income; an
//   opposite entry (a refund on an expense) counts against it.
// - A transaction never changes nor goes: a correction is an opposite entry. One posted automatically names
//   its source (a purchase, a restock, a day close, a recurring entry), at most once per item (the unique
//   index): replaying a source posts nothing.
// - Recurring entries are what a manager knows will come (rent on the 1st, wages every other Friday): the
//   forecast counts each occurrence not yet recorded.
export const m019: Migration = {
  version: 19,
  name: 'budgets',
  sql: `
CREATE TABLE budgets (
  _id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  description TEXT NOT NULL DEFAULT '',
  start_day TEXT NOT NULL,
  end_day TEXT NOT NULL CHECK (end_day >= start_day),
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL CHECK (end_date > start_date),
  total_budget INTEGER NOT NULL CHECK (total_budget >= 0),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
  origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local','central')),
  created_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  closed_at TEXT
) STRICT;
CREATE INDEX budgets_by_period ON budgets(store_id, status, start_date, end_date);

CREATE TABLE budget_items (
  _id TEXT PRIMARY KEY,
  budget_id TEXT NOT NULL REFERENCES budgets(_id),
  category TEXT NOT NULL CHECK (length(trim(category)) BETWEEN 1 AND 60),
  kind TEXT NOT NULL CHECK (kind IN ('expense','income')),
  allocated_amount INTEGER NOT NULL CHECK (allocated_amount >= 0),
  actual_spent INTEGER NOT NULL DEFAULT 0,
  variance INTEGER NOT NULL DEFAULT 0,
  forecasted_spend INTEGER NOT NULL DEFAULT 0,
  forecast_over INTEGER NOT NULL DEFAULT 0 CHECK (forecast_over IN (0, 1)),
  supplier_id TEXT,
  product_category TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (budget_id, category),
  CHECK (variance = allocated_amount - actual_spent)
) STRICT;

CREATE TABLE budget_transactions (
  _id TEXT PRIMARY KEY,
  budget_item_id TEXT NOT NULL REFERENCES budget_items(_id),
  amount INTEGER NOT NULL CHECK (amount > 0),
  transaction_date TEXT NOT NULL,
  description TEXT NOT NULL CHECK (length(description) <= 200),
  transaction_type TEXT NOT NULL CHECK (transaction_type IN ('Expense','Income')),
  source_type TEXT NOT NULL CHECK (source_type IN ('manual','purchase','restock','day_close','recurring')),
  source_id TEXT,
  user_id TEXT,
  created_at TEXT NOT NULL,
  CHECK ((source_type = 'manual') = (source_id IS NULL))
) STRICT;
CREATE INDEX budget_transactions_by_item ON budget_transactions(budget_item_id, transaction_date);
CREATE UNIQUE INDEX budget_transactions_once ON budget_transactions(source_type, source_id, budget_item_id)
  WHERE source_id IS NOT NULL;
CREATE TRIGGER budget_transactions_frozen BEFORE UPDATE ON budget_transactions BEGIN
  SELECT RAISE(ABORT, 'a budget transaction never changes: enter an opposite one');
END;
CREATE TRIGGER budget_transactions_kept BEFORE DELETE ON budget_transactions BEGIN
  SELECT RAISE(ABORT, 'a budget transaction is never deleted: enter an opposite one');
END;
CREATE TRIGGER budget_transactions_open_budget BEFORE INSERT ON budget_transactions
  WHEN NOT EXISTS (SELECT 1 FROM budget_items i JOIN budgets b ON b._id = i.budget_id
    WHERE i._id = NEW.budget_item_id AND b.status = 'open'
      AND NEW.transaction_date >= b.start_date AND NEW.transaction_date < b.end_date) BEGIN
  SELECT RAISE(ABORT, 'a transaction goes to an item of an open budget, inside its period');
END;
CREATE TRIGGER budget_transactions_actual AFTER INSERT ON budget_transactions BEGIN
  UPDATE budget_items SET
    actual_spent = actual_spent + CASE WHEN (kind = 'expense') = (NEW.transaction_type = 'Expense')
      THEN NEW.amount ELSE -NEW.amount END,
    variance = allocated_amount - (actual_spent + CASE WHEN (kind = 'expense') = (NEW.transaction_type = 'Expense')
      THEN NEW.amount ELSE -NEW.amount END),
    updated_at = NEW.created_at
  WHERE _id = NEW.budget_item_id;
END;

CREATE TABLE budget_recurring (
  _id TEXT PRIMARY KEY,
  budget_item_id TEXT NOT NULL REFERENCES budget_items(_id),
  amount INTEGER NOT NULL CHECK (amount > 0),
  transaction_type TEXT NOT NULL CHECK (transaction_type IN ('Expense','Income')),
  description TEXT NOT NULL,
  -- 'monthly': on day_of_month (past a month's end: its last day); 'weekly': every interval_weeks from first_day.
  cadence TEXT NOT NULL CHECK (cadence IN ('monthly','weekly')),
  day_of_month INTEGER CHECK (day_of_month IS NULL OR day_of_month BETWEEN 1 AND 31),
  first_day TEXT,
  interval_weeks INTEGER CHECK (interval_weeks IS NULL OR interval_weeks BETWEEN 1 AND 8),
  created_at TEXT NOT NULL,
  CHECK ((cadence = 'monthly') = (day_of_month IS NOT NULL)),
  CHECK ((cadence = 'weekly') = (first_day IS NOT NULL AND interval_weeks IS NOT NULL))
) STRICT;
CREATE INDEX budget_recurring_by_item ON budget_recurring(budget_item_id);
`,
}
