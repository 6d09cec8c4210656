import type { Migration } from './index'

// A manual budget transaction the manager marks one-off (a repair, a year's insurance, the month's rent paid by
// hand): it counts in what is spent, never in the pace the forecast carries over the days left, as a recorded
// recurring entry does not. Without it one $2,100 rent cheque on day 2 was forecast as $1,050 a day. Rows
// already recorded keep counting in the pace (0), as they did; budget_days (021) is unchanged for them.
export const m022: Migration = {
  version: 22,
  name: 'budget-one-off',
  sql: `
ALTER TABLE budget_transactions ADD COLUMN one_off INTEGER NOT NULL DEFAULT 0 CHECK (one_off IN (0, 1));
`,
}
