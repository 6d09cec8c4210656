import { afterEach, describe, expect, it } from 'vitest'
import { expectPosError, newRequestId } from '../../tests/support/backend'
import { ObjectId } from 'bson'
import { FLEET_COLLECTION, FLEET_CONTROLS, type HostFigures } from './heartbeat'
import { storeViewReader } from './provision'
import { openKit, type Kit } from './test-kit'

let k: Kit
afterEach(() => k?.close())

const host: HostFigures = {
  pos_version: '1.2.3',
  os: 'linux 6.1',
  printer_state: 'ready',
  free_disk_bytes: 50e9,
  db_size_bytes: 12e6,
}

async function kit() {
  k = await openKit('fleet')
  const b = k.b
  const identity = {
    _id: b.ctx.device._id,
    device_id: b.ctx.device.device_id,
    store_id: b.ctx.store._id,
    terminal_number: b.ctx.device.terminal_number,
  }
  const statuses: string[] = []
  const engine = k.engine({
    heartbeat: { identity, host: () => host },
    readName: storeViewReader(b.ctx.store._id),
    onDeviceStatus: (s) => statuses.push(s),
  })
  const devices = () => k.t.all(FLEET_COLLECTION)
  return { engine, devices, statuses }
}

describe('the fleet heartbeat', () => {
  it("keeps one pos_devices document current, at most once a minute, with the terminal's figures", async () => {
    const { engine, devices } = await kit()
    await k.sell('PICK3', 2)
    // Offline for a while: the sale waits in the outbox.
    k.t.faulty.offline = true
    await engine.syncNow()
    k.t.faulty.offline = false
    k.b.clock.advance(90_000)
    expect((await engine.syncNow()).error).toBeNull()
    const [first, ...more] = await devices()
    expect(more).toEqual([])
    expect(first).toMatchObject({
      device_id: k.b.ctx.device.device_id,
      terminal_number: k.b.ctx.device.terminal_number,
      pos_version: '1.2.3',
      os: 'linux 6.1',
      printer_state: 'ready',
      free_disk_bytes: 50e9,
      db_size_bytes: 12e6,
      // Pushed in this round: nothing waits.
      outbox_pending: 0,
    })
    expect(first.store_id.toHexString()).toBe(k.b.ctx.store._id)
    expect(first.last_seen).toEqual(k.b.clock())
    // Within the minute: no new heartbeat.
    const seen = first.last_seen as Date
    k.b.clock.advance(30_000)
    await k.sell('PICK3', 1)
    await engine.syncNow()
    expect((await devices())[0].last_seen).toEqual(seen)
    // A minute on, offline meanwhile: the next one carries what waits and how old it is.
    k.b.clock.advance(31_000)
    await k.sell('PICK3', 1)
    k.t.faulty.offline = true
    await engine.syncNow()
    k.t.faulty.offline = false
    k.b.clock.advance(5 * 60_000)
    // The heartbeat goes after the push: fill central's pending count from a round that pushes nothing new.
    await engine.syncNow()
    const now = await devices()
    expect(now).toHaveLength(1)
    expect(now[0].last_seen).toEqual(k.b.clock())
    expect(now[0].last_sync_at).toEqual(k.b.clock())
  })

  it('a heartbeat central refuses (roles not reprovisioned yet) never fails the sync round', async () => {
    await kit()
    const b = k.b
    const refusing = {
      ...k.t.db,
      collection: (name: string) => {
        const c = k.t.db.collection(name)
        if (name !== FLEET_COLLECTION) return c
        return {
          ...c,
          findOne: c.findOne.bind(c),
          updateOne: async () => {
            throw Object.assign(new Error('not authorized on lottery to execute command { update: "pos_devices" }'), {
              code: 13,
            })
          },
        }
      },
    }
    const engine = k.engine({
      connect: async () => ({ db: refusing as typeof k.t.db, close: async () => {} }),
      heartbeat: {
        identity: {
          _id: b.ctx.device._id,
          device_id: b.ctx.device.device_id,
          store_id: b.ctx.store._id,
          terminal_number: 1,
        },
        host: () => host,
      },
    })
    await k.sell('PICK3', 1)
    const r = await engine.syncNow()
    expect(r.error).toBeNull()
    expect(engine.status().state).toBe('online')
    expect(k.logs.some((l) => l.includes('fleet heartbeat failed'))).toBe(true)
  })

  it('a terminal disabled on central refuses to sell, keeps syncing, and sells again once enabled', async () => {
    const { engine, statuses } = await kit()
    await engine.syncNow()
    const control = k.t.db.collection(FLEET_CONTROLS)
    const deviceId = k.b.ctx.device.device_id
    // Central's word, apart from the heartbeat (terminals may only read it, through their store's view).
    const setStatus = async (status: string) => {
      if ((await control.updateOne({ device_id: deviceId }, { $set: { status } })).matchedCount === 0)
        await control.insertMany(
          [
            {
              _id: new ObjectId(),
              device_id: deviceId,
              store_id: ObjectId.createFromHexString(k.b.ctx.store._id),
              status,
            },
          ],
          { ordered: false },
        )
    }
    const sell = () =>
      k.b.call(k.session, 'sale-create', {
        requestId: newRequestId(),
        paymentMethod: 'cash',
        lines: [{ lotteryId: k.b.gameId('PICK3'), quantity: 1 }],
      })
    await sell()
    await setStatus('disabled')
    await engine.syncNow()
    expect(statuses).toEqual(['disabled'])
    const refused = await expectPosError(sell(), 'DEVICE_DISABLED')
    expect(refused.message).toMatch(/disabled by central/)
    // The status bar's figures say it, so the counter shows it before anyone tries.
    expect((await k.b.call(k.session, 'status-get')).stopped).toEqual({
      terminal_disabled: true,
      store_suspended: false,
    })
    // Payouts and cancellations pass the same gate (assertStoreOpen); logins and sync go on: a login is audited,
    // and its entry reaches central.
    await k.b.login('maria')
    const pending = k.b.ctx.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'").pluck().get()
    expect((await engine.syncNow()).error).toBeNull()
    expect(k.b.ctx.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'").pluck().get()).toBe(0)
    expect(pending).toBeGreaterThan(0)
    await setStatus('active')
    await engine.syncNow()
    expect(statuses).toEqual(['disabled', 'active'])
    await sell()
    // Another store's terminal disabled is not this one.
    await control.insertMany(
      [{ _id: new ObjectId(), device_id: 'POS-ELSEWHERE', store_id: new ObjectId(), status: 'disabled' }],
      { ordered: false },
    )
    await engine.syncNow()
    await sell()
  })
})
