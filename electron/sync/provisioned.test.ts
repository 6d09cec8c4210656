import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { announceTarget, openTestTarget, type TestTarget } from '../../tests/support/mongo-standin-target'
import { tempDir, testBackend, type TestBackend } from '../../tests/support/backend'
import { hashPin } from '../auth/pin'
import { objectIdHex } from '../core/deps'
import { DEMO_USERS } from '../demo/seed'
import { exportCatalogue } from './catalog-export'
import { provisionCentral } from './provision'
import { listPullRejects } from './repo'
import { syncEngineFor } from './test-kit'

let t: TestTarget
const opened: TestBackend[] = []
afterEach(async () => {
  for (const b of opened.splice(0)) await b.cleanup()
  await t?.close()
})

/** A new terminal started on the file IT wrote for it: no demo data, the store only, until central's sync. */
function provisionedTerminal(file: Record<string, unknown>): TestBackend {
  const dir = tempDir('pos-terminal-file-')
  const configPath = path.join(dir, 'terminal.json')
  fs.writeFileSync(configPath, JSON.stringify(file))
  const b = testBackend({ configPath, demoData: false, newId: objectIdHex })
  opened.push(b)
  return b
}

const sync = (b: TestBackend) => syncEngineFor(b, t).syncNow()

describe('a terminal provisioned from a terminal file', () => {
  it('takes central’s store by the id its file names, and its first sync brings the store’s users and games', async () => {
    t = await openTestTarget()
    announceTarget('provisioned terminal', t)
    // Head office: the store loaded into central from its first terminal (central:provision --seed-from).
    const office = testBackend()
    opened.push(office)
    await provisionCentral(t.db, { dbName: 'lottery_test', storeIds: [office.ctx.store._id] })
    await exportCatalogue(t.db, office.ctx.db)
    // The office sets the PINs people use at every terminal of the store, in central's form.
    for (const u of DEMO_USERS)
      await t.db.collection('users').updateOne({ username: u.username }, { $set: { password_hash: hashPin(u.pin) } })
    const store = office.ctx.store

    const b = provisionedTerminal({
      store_number: store.store_number,
      store_id: store._id,
      terminal_number: 2,
      device_id: 'POS-NEW-02',
    })
    expect(b.ctx.store._id).toBe(store._id)
    expect(await b.call('nobody', 'auth-users')).toEqual([])
    expect((await sync(b)).error).toBeNull()
    // The store's people can now be chosen at the login screen and log in with their PINs; its games are on sale.
    const users = await b.call('nobody', 'auth-users')
    expect(users.map((u) => u.username).sort()).toEqual(DEMO_USERS.map((u) => u.username).sort())
    expect(listPullRejects(b.ctx.db)).toEqual([])
    await b.login('carlos')
    expect(b.ctx.db.prepare("SELECT COUNT(*) FROM lotteries WHERE status = 'active'").pluck().get()).toBeGreaterThan(0)
    expect(b.ctx.db.prepare('SELECT name FROM stores').pluck().all()).toEqual([store.name])
  })
})
