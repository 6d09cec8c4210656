import { oid } from './convert'
import type { Outcomes } from './push-writes'
import type { OutboxRow } from './repo'
import type { TargetDb } from './target'

/**
 * The applied-operation marker on a central inventory document is
 * `applied_seq.<streamId>`: the highest outbox seq of this terminal database
 * already added into remaining_stock. Push is strictly in seq order and a
 * row is never skipped while it can still succeed, so "seq <= marker" means
 * "already applied". It stays bounded (one number per terminal database, not
 * one entry per sale) and the $inc and the marker change in one
 * single-document update, which MongoDB applies atomically without a
 * transaction. The stream id is the terminal's pos_devices _id, new for every
 * fresh local database, so a reinstalled terminal can never be mistaken for
 * one whose decrements were already applied.
 */
export const markerField = (streamId: string) => `applied_seq.${streamId}`

interface Movement {
  inventory_id: string
  quantity_delta: number
}

/**
 * Applies the ledger-confirmed decrements: consecutive rows for one inventory
 * document collapse into one guarded update (one round trip per document per
 * batch). If an earlier, differently cut batch was partly applied before its
 * acknowledgement was lost, the marker says exactly which rows remain.
 */
export async function applyDecrements(
  target: TargetDb,
  streamId: string,
  rows: OutboxRow[],
  out: Outcomes,
  readName = 'inventory',
): Promise<void> {
  const inventory = target.collection('inventory')
  const mark = markerField(streamId)
  const groups = new Map<string, { row: OutboxRow; delta: number }[]>()
  // Seq order is what the marker means: the ledger step lists duplicates after fresh inserts, so sort again.
  for (const row of [...rows].sort((a, b) => a.seq - b.seq)) {
    const m = JSON.parse(row.payload) as Movement
    const g = groups.get(m.inventory_id) ?? []
    g.push({ row, delta: m.quantity_delta })
    groups.set(m.inventory_id, g)
  }
  for (const [inventoryId, items] of groups) {
    const _id = oid(inventoryId)
    const apply = async (pending: typeof items, guard: object) => {
      const delta = pending.reduce((s, x) => s + x.delta, 0)
      const last = pending[pending.length - 1].row.seq
      const r = await inventory.updateOne(
        { _id, ...guard },
        { $inc: { remaining_stock: delta }, $set: { [mark]: last }, $currentDate: { updated_at: true } },
      )
      return r.matchedCount === 1
    }
    const first = items[0].row.seq
    if (await apply(items, { $or: [{ [mark]: { $exists: false } }, { [mark]: { $lt: first } }] })) {
      out.ok.push(...items.map((x) => x.row))
      continue
    }
    const doc = await target.collection(readName).findOne({ _id })
    if (!doc) {
      for (const x of items) {
        out.dead.push({
          row: x.row,
          code: null,
          reason: `Inventory ${inventoryId} does not exist on central; the stock was not decremented.`,
        })
      }
      continue
    }
    const applied = Number((doc.applied_seq as Record<string, unknown> | undefined)?.[streamId] ?? 0)
    const done = items.filter((x) => x.row.seq <= applied)
    const rest = items.filter((x) => x.row.seq > applied)
    if (rest.length > 0 && !(await apply(rest, { [mark]: applied }))) {
      // Only another engine on the same database could move this marker: let the round retry.
      throw Object.assign(new Error('inventory marker moved during push'), { code: 112 })
    }
    out.ok.push(...done.map((x) => x.row), ...rest.map((x) => x.row))
  }
}
