import { DateTime } from 'luxon'

export interface DrawSchedule {
  /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
  draw_days: number[]
  /** Local time of the draw in the store's timezone, 'HH:MM'. */
  draw_time: string
  /** Sales for a draw close this many minutes before it. */
  sales_cutoff_minutes: number
}

/**
 * The draw a sale made at `now` belongs to: the first scheduled draw whose
 * cutoff is still in the future. Sales close AT the cutoff instant, so a sale
 * at exactly the cutoff goes to the next draw. Computed in the store's
 * timezone so daylight-saving changes keep the draw at its local time.
 */
export function drawFor(s: DrawSchedule, now: Date, zone: string): Date | null {
  const [hour, minute] = s.draw_time.split(':').map(Number)
  const local = DateTime.fromJSDate(now, { zone })
  if (!local.isValid) throw new RangeError(`invalid timezone: ${zone}`)
  // A week covers "today's draw has closed, the next is the same weekday next week";
  // a cutoff reaching back into earlier days needs that many days more.
  const horizon = 7 + Math.ceil(s.sales_cutoff_minutes / 1440)
  for (let d = 0; d <= horizon; d++) {
    const day = local.startOf('day').plus({ days: d })
    if (!s.draw_days.includes(day.weekday)) continue
    const draw = day.set({ hour, minute, second: 0, millisecond: 0 })
    if (local < draw.minus({ minutes: s.sales_cutoff_minutes })) return draw.toUTC().toJSDate()
  }
  return null
}

interface Cached {
  from: number
  cutoff: number
  draw: Date | null
}
const cache = new Map<string, Cached>()
const scheduleKeys = new WeakMap<DrawSchedule, string>()

/**
 * drawFor, remembered: the draw found at time t0 is also the answer for every
 * instant from t0 until its cutoff (an earlier cutoff after t0 would have been
 * found first). Timezone arithmetic is the slowest part of a sale otherwise.
 * The key holds the schedule itself, so a changed schedule is never served stale.
 */
export function cachedDrawFor(id: string, s: DrawSchedule, now: Date, zone: string): Date | null {
  // The schedule's part of the key, once per schedule object (a caller may keep one per game row).
  let part = scheduleKeys.get(s)
  if (part === undefined)
    scheduleKeys.set(s, (part = `${s.draw_days.join(',')}|${s.draw_time}|${s.sales_cutoff_minutes}`))
  const key = `${id}|${part}|${zone}`
  const t = now.getTime()
  const hit = cache.get(key)
  if (hit && t >= hit.from && t < hit.cutoff) return hit.draw
  const draw = drawFor(s, now, zone)
  if (draw) cache.set(key, { from: t, cutoff: draw.getTime() - s.sales_cutoff_minutes * 60_000, draw })
  return draw
}
