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
