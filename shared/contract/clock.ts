import { z } from 'zod'
import { isPlainText, PLAIN_TEXT_MESSAGE, spec } from './core'

/** The computer's clock against the latest time the terminal trusts. */
export interface ClockView {
  now: string
  trusted: string | null
  source: 'audit' | 'central' | 'running' | null
  /** Behind by more than the tolerance: sales, payouts and cancellations are refused. */
  behind: boolean
  behind_ms: number
}

export const clockPermissions = ['clock.acknowledge'] as const

export const clockErrors = {
  CLOCK_BEHIND: 'CLOCK_BEHIND',
} as const

export const clockContract = {
  /** A manager declares the computer's clock right after it was corrected backwards (audited). */
  'clock-acknowledge': spec<ClockView>()(
    z
      .object({
        note: z.string().trim().min(3, 'say what was corrected').max(200).refine(isPlainText, PLAIN_TEXT_MESSAGE),
      })
      .strict(),
    'clock.acknowledge',
  ),
} as const
