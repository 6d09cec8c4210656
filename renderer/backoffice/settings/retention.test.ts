import { describe, expect, it } from 'vitest'
import { contract } from '../../../shared/contract'
import { parseDays } from './RetentionForm'

describe('the retention field', () => {
  it('reads whole days only', () => {
    expect(parseDays(' 30 ')).toBe(30)
    expect(parseDays('1')).toBe(1)
    expect(parseDays('1.5')).toBeNull()
    expect(parseDays('-3')).toBeNull()
    expect(parseDays('thirty')).toBeNull()
  })

  it("shows the contract's own words for a retention out of bounds", () => {
    const says = (n: number) => {
      const r = contract['settings-set'].args.safeParse({ outbox_retention_days: n })
      return r.success ? null : r.error.issues[0].message
    }
    expect(says(0)).toBe('keep records central has for at least 1 day')
    expect(says(366)).toBe('keep records central has for at most 365 days')
    expect(says(30)).toBeNull()
  })
})
