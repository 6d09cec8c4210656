import { none, spec } from './core'

export interface AuditVerifyResult {
  ok: boolean
  entries: number
  first_broken_seq: number | null
  reason: string | null
  /** Every entry that does not hold (the first 1,000), so one break cannot hide a later one. */
  broken: { seq: number; reason: string }[]
  broken_count: number
  /** Entries from before the chain was keyed (plain SHA-256); they may only start the chain. */
  unkeyed_entries: number
  head: { seq: number; hash: string } | null
  /** Against central's copy, when it was checked. */
  central?: {
    ok: boolean
    central_head: number
    local_head: number
    missing: number
    differ: number
    problems: string[]
  }
}

export const auditPermissions = ['audit.verify'] as const
export const auditErrors = {} as const

export const auditContract = {
  'audit-verify': spec<AuditVerifyResult>()(none, 'audit.verify'),
} as const
