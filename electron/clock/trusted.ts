import { auditEntry } from '../audit/audited'
import { DateTime } from 'luxon'
import { PosError } from '../../shared/errors'
import type { ClockView } from '../../shared/contract'
import { auditTimeHighWater } from '../audit/chain'
import type { Ctx } from '../core/context'
import { raiseAlarm, recordAcknowledgement, recordCentral, trustedRows } from './repo'
import { insertNotification } from '../notify/repo'
import type { WriteDB } from '../store/db'
import { inTransaction } from '../store/db'

/**
 * How far the computer's clock may sit behind the latest time the terminal
 * trusts before money stops moving. NTP steps and a few seconds of drift are
 * normal; a clock set back to sell on a known result is not.
 */
export const CLOCK_TOLERANCE_MS = 5 * 60_000

export interface ClockCheck {
  /** The computer's clock. */
  now: Date
  /** The latest time the terminal trusts: its own audit trail and central's server time. */
  floor: Date | null
  floorSource: 'audit' | 'central' | 'running' | null
  /** How far the clock is behind the floor (0 when it is not). */
  behindMs: number
  /** The time draws and expiry are decided by: never earlier than anything the terminal has seen. */
  effective: Date
}

const rows = trustedRows

type Source = 'audit' | 'central' | 'running'

/**
 * While the process runs, time moves on by the monotonic clock even when nothing is written: an idle
 * terminal whose clock is set back is caught too. Anchored at each trusted check, per database handle.
 */
const anchors = new WeakMap<object, { wall: number; mono: number }>()

/**
 * The latest trusted time, the largest of:
 * - the newest timestamp in the audit trail (every sale, payout, cancellation and login writes one); the
 *   largest, not the newest entry's, since entries written while the clock is set back would pull it down;
 *   entries a manager acknowledged as written under a wrong clock no longer count;
 * - central's server time when it was last online;
 * - the time the running terminal vouched for: its monotonic clock since the last trusted check, and its
 *   heartbeat kept outside the database (so a restart, or an older copy of the database, cannot roll it back).
 */
export function trustedFloor(ctx: Pick<Ctx, 'db' | 'monotonic'> & { identity?: Ctx['identity'] }): {
  at: number
  source: Source
} | null {
  const t = rows(ctx.db)
  const ackSeq = t.get('acknowledged')?.audit_seq ?? 0
  const newest = auditTimeHighWater(ctx.db, ackSeq)
  const candidates: [number, Source][] = []
  if (newest) candidates.push([Date.parse(newest), 'audit'])
  const central = t.get('central')
  if (central) candidates.push([Date.parse(central.at), 'central'])
  const vouched = ctx.identity?.current.trusted_at
  if (vouched) candidates.push([Date.parse(vouched), 'running'])
  const anchor = anchors.get(ctx.db)
  if (anchor) candidates.push([anchor.wall + Math.max(0, ctx.monotonic() - anchor.mono), 'running'])
  let best: [number, Source] | null = null
  for (const c of candidates) if (!Number.isNaN(c[0]) && (!best || c[0] > best[0])) best = c
  return best ? { at: best[0], source: best[1] } : null
}

export function checkClock(ctx: Pick<Ctx, 'db' | 'clock' | 'monotonic'> & { identity?: Ctx['identity'] }): ClockCheck {
  const now = ctx.clock()
  const floor = trustedFloor(ctx)
  const behindMs = floor ? Math.max(0, floor.at - now.getTime()) : 0
  const effective = behindMs > 0 ? new Date(floor!.at) : now
  // A clock within the tolerance moves the running anchor on; one set back further leaves it where it was.
  if (behindMs <= CLOCK_TOLERANCE_MS) anchors.set(ctx.db, { wall: effective.getTime(), mono: ctx.monotonic() })
  return {
    now,
    floor: floor ? new Date(floor.at) : null,
    floorSource: floor?.source ?? null,
    behindMs,
    effective,
  }
}

/** The heartbeat: once a minute (and at close) the running terminal vouches for the time, outside the database. */
export function vouchTime(ctx: Ctx): void {
  const c = checkClock(ctx)
  if (c.behindMs <= CLOCK_TOLERANCE_MS) ctx.identity.vouch(c.effective)
}

function describe(ms: number): string {
  const min = Math.round(ms / 60_000)
  if (min < 120) return `${min} minutes`
  const h = Math.round(min / 60)
  return h < 48 ? `${h} hours` : `${Math.round(h / 24)} days`
}

/**
 * Refuses to move money when the clock runs behind what the terminal already
 * trusts: a clock set back could sell for a draw whose result is known. The
 * first refusal raises a compliance notification for the managers (once until a
 * manager acknowledges); the refused action itself writes nothing.
 */
export function assertClockTrusted(ctx: Ctx, action: 'sell' | 'pay' | 'cancel' | 'reprint' | 'cash'): ClockCheck {
  const c = checkClock(ctx)
  if (c.behindMs <= CLOCK_TOLERANCE_MS) return c
  const zone = ctx.store.timezone
  const fmt = (d: Date) => DateTime.fromJSDate(d, { zone }).toFormat('ccc d LLL yyyy HH:mm')
  const nowIso = c.now.toISOString()
  inTransaction(ctx.db, () => {
    if (rows(ctx.db).has('alarm')) return
    raiseAlarm(ctx.db, c.floor!.toISOString(), nowIso)
    insertNotification(ctx.db, {
      _id: ctx.newId(),
      user_id: null,
      title: 'Clock set back on a terminal',
      message: `${ctx.device.device_id}: the computer's clock reads ${fmt(c.now)}, ${describe(c.behindMs)} before ${fmt(c.floor!)} (${c.floorSource === 'central' ? "central's time" : c.floorSource === 'running' ? 'the time the terminal has been running' : 'its own last record'}). Sales, payouts and cancellations are stopped until a manager checks the clock.`,
      type: 'compliance',
      created_at: nowIso,
    })
    auditEntry(
      ctx,
      null,
      {
        action: 'clock.behind',
        entity_type: 'terminal',
        entity_id: ctx.device._id,
        description: `clock ${nowIso} is ${Math.round(c.behindMs / 1000)} s behind trusted ${c.floor!.toISOString()} (${c.floorSource}); ${action} refused`,
      },
      nowIso,
    )
  })
  throw new PosError(
    'CLOCK_BEHIND',
    `The computer's clock (${fmt(c.now)}) is behind the last time this terminal recorded (${fmt(c.floor!)}). Nothing can be sold, paid or cancelled until a manager checks the clock. Call a manager.`,
    { clock: nowIso, trusted: c.floor!.toISOString(), source: c.floorSource },
  )
}

/**
 * A manager declares the clock now right (say, it had run ahead and IT set it
 * back). Entries written before this one stop counting as trusted time; a
 * central server time ahead of the clock cannot be waved away.
 */
export function acknowledgeClock(ctx: Ctx, userId: string, note: string): ClockView {
  const c = checkClock(ctx)
  if (c.behindMs <= CLOCK_TOLERANCE_MS)
    throw new PosError('NOT_ALLOWED', 'The clock is not behind: there is nothing to acknowledge.')
  const central = rows(ctx.db).get('central')
  if (central && Date.parse(central.at) - c.now.getTime() > CLOCK_TOLERANCE_MS)
    throw new PosError(
      'NOT_ALLOWED',
      "Central's own time is ahead of this computer's clock, so the clock is wrong. Set the computer's date and time correctly (or ask IT).",
    )
  const nowIso = c.now.toISOString()
  inTransaction(ctx.db, () => {
    const entry = auditEntry(
      ctx,
      userId,
      {
        action: 'clock.acknowledged',
        entity_type: 'terminal',
        entity_id: ctx.device._id,
        description: `clock correction acknowledged: clock ${nowIso}, last recorded ${c.floor!.toISOString()}. Note: ${note}`,
      },
      nowIso,
    )
    // Everything before this entry was written under the wrong clock; this entry and later ones count again.
    recordAcknowledgement(ctx.db, c.floor!.toISOString(), entry.seq - 1, nowIso)
  })
  // The running terminal's own floor was the wrong clock too: it restarts from now.
  anchors.set(ctx.db, { wall: c.now.getTime(), mono: ctx.monotonic() })
  ctx.identity.vouch(c.now, { reset: true })
  return clockView(ctx)
}

/** Central's server time, seen during a sync round: a floor the local clock can never argue with. */
export function recordCentralTime(db: WriteDB, serverTime: Date, now: Date): void {
  recordCentral(db, serverTime.toISOString(), now.toISOString())
}

export function clockView(ctx: Pick<Ctx, 'db' | 'clock' | 'monotonic'> & { identity?: Ctx['identity'] }): ClockView {
  const c = checkClock(ctx)
  return {
    now: c.now.toISOString(),
    trusted: c.floor?.toISOString() ?? null,
    source: c.floorSource,
    behind: c.behindMs > CLOCK_TOLERANCE_MS,
    behind_ms: c.behindMs,
  }
}
