import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import path from 'node:path'
import { MongoClient } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { e2eSuite } from '../support/e2e'
import { StandinWireServer } from '../support/mongo-standin-wire'

// The "central" here is the in-memory stand-in behind its wire protocol, reached by the real mongodb
// driver over a loopback socket: not MongoDB. Set MONGODB_URI to run the same path against a server.
const suite = e2eSuite()

describe('central sync from the Settings screen, in Chromium', () => {
  it('provisions central from the terminal, saves the connection, and delivers a sale exactly once on Sync now', async () => {
    let uri = process.env.MONGODB_URI
    if (!uri) {
      const server = suite.closeAfter(new StandinWireServer())
      await server.listen()
      uri = server.uri
    }
    console.log(
      `sync e2e target: ${process.env.MONGODB_URI ? 'MONGODB_URI' : 'wire stand-in via the real driver (not MongoDB)'}`,
    )
    // Central vouches for the time (clock/trusted.ts): this terminal keeps the computer's clock to agree with it.
    const app = await suite.app({ backend: { clock: () => new Date() } })
    const dbName = `pos_e2e_${Date.now()}`
    // IT's command: central collections, indexes, views and roles, plus this demo terminal's catalogue.
    // Async: the stand-in server lives in this process and must keep answering.
    const { stdout: out } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        path.resolve('electron/sync/provision-cli.ts'),
        uri,
        '--db',
        dbName,
        '--seed-from',
        app.backend.dbFile,
      ],
      { encoding: 'utf8' },
    )
    // Four draw games and the instant game Cash Blast; stock batches are the draw games'.
    expect(out).toMatch(/catalogue from .*: 1 stores, 5 users, 5 lotteries, 4 inventory/)

    const { login, sale, settings, shell, status } = app.ui
    await login.as('maria', '2580')
    await shell.openSettings()
    await expect.poll(() => settings.syncState.getAttribute('data-state')).toBe('not_configured')
    await settings.syncUri.fill('http://not-mongo')
    await settings.syncSave.click()
    await expect.poll(() => settings.syncMessage.textContent()).toMatch(/starts with mongodb:\/\//)
    await settings.syncUri.fill(uri)
    await settings.syncDb.fill(dbName)
    await settings.syncSave.click()
    await expect.poll(() => settings.syncMessage.textContent()).toMatch(/^Saved/)
    // Plain Node cannot seal credentials like Electron's safeStorage: the screen says so.
    await settings.syncEncryptWarning.waitFor()

    await shell.toSale.click()
    await sale.game('PICK3').click()
    await sale.game('PICK3').click()
    await sale.sell.click()
    await sale.done.waitFor()
    const numbers = await sale.ticketNumbers()
    await status.syncNow.click()
    await expect.poll(() => status.pending.textContent(), { timeout: 15_000 }).toBe('Waiting to sync: 0')
    await expect.poll(() => status.sync.getAttribute('data-state')).toBe('online')
    const client = await new MongoClient(uri).connect()
    try {
      const db = client.db(dbName)
      const tickets = await db
        .collection('tickets')
        .find({ ticket_number: { $in: numbers } })
        .toArray()
      expect(tickets.map((t) => t.ticket_number).sort()).toEqual([...numbers].sort())
      expect(tickets[0].device_info).toEqual({ device_id: 'POS-E2E-007', pos_version: expect.any(String) })
      expect(
        (
          await db
            .collection('sales')
            .find({ ticket_ids: { $in: tickets.map((t) => t._id) } })
            .toArray()
        ).length,
      ).toBe(1)
      const local = app.backend.ctx.db
        .prepare(
          "SELECT _id, remaining_stock FROM inventory WHERE lottery_id = (SELECT _id FROM lotteries WHERE code = 'PICK3')",
        )
        .get() as { _id: string; remaining_stock: number }
      const central = await db.collection('inventory').findOne({ remaining_stock: local.remaining_stock })
      expect(central?._id.toHexString()).toBe(local._id)
      // Every audit entry made so far arrived once; a second round sends nothing again.
      const localAudit = (app.backend.ctx.db.prepare('SELECT COUNT(*) AS n FROM audit_logs').get() as { n: number }).n
      expect((await db.collection('audit_logs').find({}).toArray()).length).toBe(localAudit)
      await status.syncNow.click()
      await expect.poll(() => status.syncNow.textContent()).toBe('Sync now')
      // The last sync in store time, as the clock beside it (this browser's own zone may be another).
      const zone = app.backend.ctx.store.timezone
      const lastThere = () => {
        const { at } = app.backend.ctx.db
          .prepare('SELECT last_success_at AS at FROM sync_state WHERE id = 1')
          .get() as {
          at: string
        }
        const f = { timeZone: zone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' } as const
        return ` · last ${new Intl.DateTimeFormat('en-GB', f).format(new Date(at))}`
      }
      await expect.poll(async () => (await status.sync.textContent())!.endsWith(lastThere())).toBe(true)
      expect(
        (
          await db
            .collection('tickets')
            .find({ ticket_number: { $in: numbers } })
            .toArray()
        ).length,
      ).toBe(2)
    } finally {
      await client.close()
    }
  })
})
