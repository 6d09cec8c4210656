import type { Migration } from './index'

// The counter's list of latest results reads the newest draws across every game: without an index on the
// date alone it read every result ever pulled and sorted them (issue 9, rule 4: nothing the counter shows may
// cost more as history grows).
export const m008: Migration = {
  version: 8,
  name: 'draws-by-date',
  sql: `
CREATE INDEX draw_results_by_date ON draw_results(draw_date);
`,
}
