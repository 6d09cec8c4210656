import type { Document } from 'bson'
import type { ReadDB } from '../store/db'
import { oid } from './convert'
import { getSyncState, oldestPendingAt, syncCounts } from './repo'
import type { TargetDb } from './target'
import { DUPLICATE_KEY, writeFailures } from './write-errors'

/** The fleet's collection: one document per terminal, its latest state (an upsert, never a log). */
export const FLEET_COLLECTION = 'pos_devices'
/**
 * Central's word on each terminal ({ device_id, store_id, status }), apart from the heartbeat: terminals write
 * pos_devices but may only read this (through their store's view), so none can enable itself or touch another.
 */
export const FLEET_CONTROLS = 'pos_device_controls'
/** At most one heartbeat a minute. */
export const HEARTBEAT_EVERY_MS = 60_000

export type DeviceStatus = 'active' | 'disabled'

/** What the terminal knows of itself outside the database: the composition root supplies it. */
export interface HostFigures {
  pos_version: string
  os: string
  printer_state: string | null
  free_disk_bytes: number | null
  db_size_bytes: number | null
}

export interface HeartbeatIdentity {
  /** The self pos_devices _id (24 hex). */
  _id: string
  device_id: string
  store_id: string
  terminal_number: number
}

/** The terminal's state as central's fleet view shows it. Central's word on it is in FLEET_CONTROLS. */
export function heartbeatDoc(db: ReadDB, who: HeartbeatIdentity, host: HostFigures, now: Date): Document {
  const counts = syncCounts(db)
  const oldest = oldestPendingAt(db)
  const lastSync = getSyncState(db).last_success_at
  return {
    device_id: who.device_id,
    store_id: oid(who.store_id),
    terminal_number: who.terminal_number,
    pos_version: host.pos_version,
    os: host.os,
    last_seen: now,
    last_sync_at: lastSync ? new Date(lastSync) : null,
    outbox_pending: counts.pending,
    outbox_dead: counts.dead,
    conflicts: counts.conflicts,
    oldest_pending_at: oldest ? new Date(oldest) : null,
    oldest_pending_age_s: oldest ? Math.max(0, Math.round((now.getTime() - Date.parse(oldest)) / 1000)) : 0,
    printer_state: host.printer_state,
    free_disk_bytes: host.free_disk_bytes,
    db_size_bytes: host.db_size_bytes,
    updated_at: now,
  }
}

/**
 * Keeps this terminal's pos_devices document current: a $set of the latest figures, or the first insert
 * One document per device_id (unique on central), whatever local database it runs on: a
 * reinstalled terminal carries on its own line. A duplicate insert (a retry, a race) is answered by the update.
 */
export async function sendHeartbeat(target: TargetDb, id: string, doc: Document): Promise<void> {
  const devices = target.collection(FLEET_COLLECTION)
  const filter = { device_id: doc.device_id as string }
  const r = await devices.updateOne(filter, { $set: doc })
  if (r.matchedCount === 1) return
  try {
    await devices.insertMany([{ _id: oid(id), ...doc, registered_at: doc.last_seen }], {
      ordered: false,
    })
  } catch (err) {
    if (writeFailures(err)?.every((f) => f.code === DUPLICATE_KEY))
      await devices.updateOne({ _id: oid(id) }, { $set: doc })
    else throw err
  }
}

/** Central's word on this terminal (read every round): disabled stops selling; absent or anything else is active. */
export async function centralStatus(
  target: TargetDb,
  readName: (c: string) => string,
  deviceId: string,
): Promise<DeviceStatus> {
  const d = await target.collection(readName(FLEET_CONTROLS)).findOne({ device_id: deviceId })
  return d?.status === 'disabled' ? 'disabled' : 'active'
}
