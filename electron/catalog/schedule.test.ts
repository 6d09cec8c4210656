import { describe, expect, it } from 'vitest'
import { drawFor } from './schedule'

const NY = 'America/New_York'
const daily = { draw_days: [1, 2, 3, 4, 5, 6, 7], draw_time: '13:00', sales_cutoff_minutes: 5 }
const wedSat = { draw_days: [3, 6], draw_time: '20:00', sales_cutoff_minutes: 60 }
const iso = (d: Date | null) => d?.toISOString()

describe('draw date and sales cutoff', () => {
  it('sells into today until the cutoff minute, and into the next draw from it', () => {
    // 2026-11-21 is a Saturday; New York is UTC-5 in November.
    expect(iso(drawFor(daily, new Date('2026-11-21T17:54:59Z'), NY))).toBe('2026-11-21T18:00:00.000Z')
    expect(iso(drawFor(daily, new Date('2026-11-21T17:55:00Z'), NY))).toBe('2026-11-22T18:00:00.000Z')
    expect(iso(drawFor(daily, new Date('2026-11-21T18:30:00Z'), NY))).toBe('2026-11-22T18:00:00.000Z')
  })

  it('skips to the next draw day of the week', () => {
    // Thursday 26 Nov -> Saturday 28 Nov 20:00 local.
    expect(iso(drawFor(wedSat, new Date('2026-11-26T15:00:00Z'), NY))).toBe('2026-11-29T01:00:00.000Z')
    // Saturday after its cutoff (19:00 local) -> Wednesday.
    expect(iso(drawFor(wedSat, new Date('2026-11-29T00:00:00Z'), NY))).toBe('2026-12-03T01:00:00.000Z')
  })

  it('goes a whole week ahead when the only draw day has just closed', () => {
    const weekly = { draw_days: [6], draw_time: '20:00', sales_cutoff_minutes: 60 }
    expect(iso(drawFor(weekly, new Date('2026-11-29T00:30:00Z'), NY))).toBe('2026-12-06T01:00:00.000Z')
  })

  it('uses the store day, not the UTC day, around midnight', () => {
    const late = { draw_days: [1, 2, 3, 4, 5, 6, 7], draw_time: '23:59', sales_cutoff_minutes: 0 }
    // 23:58 local on Sat = 04:58Z Sunday: still Saturday's draw.
    expect(iso(drawFor(late, new Date('2026-11-22T04:58:00Z'), NY))).toBe('2026-11-22T04:59:00.000Z')
    // Exactly 23:59 local: closed, so Sunday's.
    expect(iso(drawFor(late, new Date('2026-11-22T04:59:00Z'), NY))).toBe('2026-11-23T04:59:00.000Z')
    const early = { draw_days: [1], draw_time: '00:10', sales_cutoff_minutes: 15 }
    // Cutoff of a Monday 00:10 draw is Sunday 23:55 local.
    expect(iso(drawFor(early, new Date('2026-11-23T04:54:00Z'), NY))).toBe('2026-11-23T05:10:00.000Z')
    expect(iso(drawFor(early, new Date('2026-11-23T04:55:00Z'), NY))).toBe('2026-11-30T05:10:00.000Z')
  })

  it('keeps the local draw time across a daylight-saving change', () => {
    // DST ends 2026-11-01 in New York: 13:00 local is 17:00Z before, 18:00Z after.
    expect(iso(drawFor(daily, new Date('2026-10-31T12:00:00Z'), NY))).toBe('2026-10-31T17:00:00.000Z')
    expect(iso(drawFor(daily, new Date('2026-10-31T17:30:00Z'), NY))).toBe('2026-11-01T18:00:00.000Z')
  })

  it('has no draw for a game without draw days', () => {
    expect(drawFor({ ...daily, draw_days: [] }, new Date(), NY)).toBeNull()
  })
})

describe('the remembered draw', () => {
  it('gives the same answers as computing afresh, across a cutoff and a schedule change', async () => {
    const { cachedDrawFor } = await import('./schedule')
    const times = [
      '2026-11-21T17:00:00Z',
      '2026-11-21T17:54:59Z',
      '2026-11-21T17:55:00Z',
      '2026-11-21T12:00:00Z',
      '2026-11-22T17:55:00Z',
    ]
    for (const t of times) {
      const now = new Date(t)
      expect(iso(cachedDrawFor('g1', daily, now, NY)), t).toBe(iso(drawFor(daily, now, NY)))
    }
    const moved = { ...daily, draw_time: '15:00' }
    const now = new Date('2026-11-21T17:00:00Z')
    expect(iso(cachedDrawFor('g1', moved, now, NY))).toBe('2026-11-21T20:00:00.000Z')
  })
})
