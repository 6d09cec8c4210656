import type { Migration } from './index'

// Bounded data (issue 13): acknowledged outbox rows are pruned once older than the store's retention.
// The pruner takes the oldest acknowledged rows first, a few hundred per transaction: this partial index
// holds only acknowledged rows, by the time central acknowledged them, so each batch reads exactly the rows
// it deletes and stops at the cutoff (never walking the recent rows it keeps), however long the outbox is.
export const m016: Migration = {
  version: 16,
  name: 'outbox-retention',
  sql: `
CREATE INDEX outbox_acked ON outbox(acked_at) WHERE status = 'acked';
`,
}
