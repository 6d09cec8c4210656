import { afterEach, describe, expect, it } from 'vitest'
import { exportCatalogue } from './catalog-export'
import { provisionCentral } from './provision'
import { openKit, type Kit } from './test-kit'

let k: Kit
afterEach(() => k?.close())

describe('a terminal’s catalogue loaded into central (central:provision --seed-from)', () => {
  it('counts each sale once: stock sold before the export and still queued is not taken off twice', async () => {
    // A demo terminal that sold before it ever had a central: its decrements wait in the outbox.
    k = await openKit('seed-from', { seed: false })
    const before = k.localStock()
    await k.sell('PICK3', 3)
    await k.sell('PICK3', 2)
    const sold = k.localStock()
    const batch = [...sold].find(([id, n]) => n !== before.get(id))![0]
    expect(before.get(batch)! - sold.get(batch)!).toBe(5)

    await provisionCentral(k.t.db, { dbName: 'lottery_test', storeIds: [k.b.ctx.store._id] })
    const counts = await exportCatalogue(k.t.db, k.b.ctx.db)
    expect(counts.inventory).toBe(before.size)
    expect((await k.engine().syncNow()).error).toBeNull()

    // The queued decrements reached central once: its figure and the terminal's are what was sold, once.
    expect((await k.centralStock()).get(batch)).toBe(sold.get(batch))
    expect(k.localStock().get(batch)).toBe(sold.get(batch))
    // A second export leaves central's documents alone, and a second round changes nothing.
    expect((await exportCatalogue(k.t.db, k.b.ctx.db)).inventory).toBe(0)
    expect((await k.engine().syncNow()).error).toBeNull()
    expect((await k.centralStock()).get(batch)).toBe(sold.get(batch))
    expect(k.localStock()).toEqual(sold)
  })
})
