import type { Migration } from './index'

// Code, not SQL: instants that central sent with an offset (13:00-05:00) are rewritten in the one form the
// terminal stores (UTC, milliseconds, Z), because draws are matched to tickets as text. From now on the
// pull normalises them as they arrive; this fixes what earlier versions stored.
const COLUMNS: [table: string, column: string][] = [
  ['draw_results', 'draw_date'],
  ['draw_results', 'created_at'],
  ['draw_results', 'updated_at'],
  ['winning_claims', 'draw_date'],
]

export const m006: Migration = {
  version: 6,
  name: 'normalize-instants',
  up(db) {
    for (const [table, column] of COLUMNS) {
      const rows = db.prepare(`SELECT _id, ${column} AS v FROM ${table} WHERE ${column} NOT LIKE '%.___Z'`).all() as {
        _id: string
        v: string
      }[]
      const update = db.prepare(`UPDATE ${table} SET ${column} = ? WHERE _id = ?`)
      for (const r of rows) {
        const t = Date.parse(r.v)
        if (!Number.isNaN(t)) update.run(new Date(t).toISOString(), r._id)
      }
    }
  },
}
