import { createHash } from 'node:crypto'
import { DateTime } from 'luxon'

/**
 * When an update may install, and who gets it: plain Node, no Electron (the updater glue in updater.ts asks
 * these). Every rule is tested in policy.test.ts.
 */

/**
 * A staged rollout (latest.yml's stagingPercentage): a terminal is in when its bucket, a stable number
 * 0-99.99 from its device id, is below the percentage. The same terminal stays in as the percentage grows;
 * 0 halts the rollout for everyone; absent (or not a number) is everyone, as electron-updater reads it.
 */
export function rolloutBucket(deviceId: string): number {
  return (createHash('sha256').update(deviceId).digest().readUInt32BE(0) % 10_000) / 100
}

export function withinRollout(deviceId: string, stagingPercentage: unknown): boolean {
  if (stagingPercentage === undefined || stagingPercentage === null) return true
  const pct = typeof stagingPercentage === 'number' ? stagingPercentage : Number.parseInt(String(stagingPercentage), 10)
  if (!Number.isFinite(pct)) return true
  return rolloutBucket(deviceId) < pct
}

export interface InstallFacts {
  /** The version downloaded and ready, or null. */
  downloaded: string | null
  /** A shift is open on this terminal (its cashier may be mid-sale). */
  shiftOpen: boolean
  /** Tickets or receipts still queued for the printer. */
  printing: boolean
  /** The last sale on this terminal (ISO), or null. */
  lastSaleAt: string | null
  now: Date
  timezone: string
  /** Store time; unset: the store never closes, so only a shift's close installs. */
  openingHours?: { open: string; close: string }
}

/** A sale this recent means the counter is busy, whatever the hour. */
export const QUIET_AFTER_SALE_MS = 10 * 60_000

export type InstallDecision = { install: true; reason: string } | { install: false; reason: string }

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number)
  return h * 60 + m
}

/** Whether the store is open at `now` in its own time (hours may run past midnight: 18:00-02:00). */
export function storeOpenAt(now: Date, timezone: string, hours: { open: string; close: string }): boolean {
  const t = DateTime.fromJSDate(now, { zone: timezone })
  const m = t.hour * 60 + t.minute
  const open = minutesOf(hours.open)
  const close = minutesOf(hours.close)
  if (open === close) return true
  return open < close ? m >= open && m < close : m >= open || m < close
}

/**
 * An update installs (the app restarts) only when no sale can be under way: never while tickets print or
 * within ten minutes of a sale; then at a shift's close (no shift open on the terminal), or outside the
 * store's opening hours.
 */
export function installDecision(f: InstallFacts): InstallDecision {
  if (!f.downloaded) return { install: false, reason: 'no update downloaded' }
  if (f.printing) return { install: false, reason: 'tickets are printing' }
  if (f.lastSaleAt && f.now.getTime() - Date.parse(f.lastSaleAt) < QUIET_AFTER_SALE_MS)
    return { install: false, reason: 'a sale was made in the last ten minutes' }
  if (!f.shiftOpen) return { install: true, reason: `no shift open: installing ${f.downloaded}` }
  if (f.openingHours && !storeOpenAt(f.now, f.timezone, f.openingHours))
    return { install: true, reason: `outside opening hours: installing ${f.downloaded}` }
  return { install: false, reason: "waits for the shift's close or the store's closing time" }
}

/**
 * What the app does at start after an update (health.ts keeps the record in the data folder): a version that
 * failed to come up twice is rolled back to the installer of the version before it, when one was kept.
 */
export interface StartRecord {
  version: string
  /** Starts of this version that never reached "healthy". */
  failedStarts: number
  healthy: boolean
  /** The version this one replaced, and its kept installer (if any). */
  previous: { version: string; installer: string | null } | null
  /** A rollback was started from this version once: never again (a failed installer must not loop). */
  rollbackTried?: boolean
}

export const MAX_FAILED_STARTS = 2

export type StartVerdict =
  { kind: 'start' } | { kind: 'rollback'; to: string; installer: string } | { kind: 'stuck'; reason: string }

export function startVerdict(record: StartRecord | null, running: string): StartVerdict {
  if (!record || record.version !== running || record.healthy) return { kind: 'start' }
  if (record.failedStarts < MAX_FAILED_STARTS) return { kind: 'start' }
  if (record.rollbackTried)
    return { kind: 'stuck', reason: `version ${running} still fails to start after a rollback was tried: call IT` }
  if (record.previous?.installer)
    return { kind: 'rollback', to: record.previous.version, installer: record.previous.installer }
  return {
    kind: 'stuck',
    reason: `version ${running} failed to start ${record.failedStarts} times and no earlier installer is kept: call IT`,
  }
}
