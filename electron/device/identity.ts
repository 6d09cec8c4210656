import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { writeFileAtomic } from './keystore'

/**
 * Who this terminal is, kept OUTSIDE the database file: a terminal that has
 * ever sold must never silently become a new one (a new secret and ticket
 * numbers from 1 would reissue numbers already on paper). The file also holds
 * reservations of the per-terminal counters: numbers up to `reserved` may have
 * been issued, so a terminal restored from an older backup resumes above them.
 */
export const Identity = z
  .object({
    v: z.literal(1),
    device_oid: z.string(),
    device_id: z.string(),
    store_id: z.string(),
    store_number: z.number().int(),
    terminal_number: z.number().int(),
    created_at: z.string(),
    /** Counter name -> the highest value that may have been handed out. */
    reserved: z.record(z.string(), z.number().int()),
    /** Counter values at the last clean close: a database whose counters are lower is older than this file. */
    closed_counters: z.record(z.string(), z.number().int()).optional(),
    /**
     * The latest time the running terminal vouched for (its heartbeat, once a minute, and at close): a floor
     * for the trusted clock that a database swapped for an older copy cannot roll back.
     */
    trusted_at: z.string().optional(),
  })
  .strict()
export type Identity = z.infer<typeof Identity>

/** Counters are reserved this far ahead: one small file write per this many numbers. */
export const RESERVE_AHEAD = 10_000

export const identityFile = (dataDir: string) => path.join(dataDir, 'terminal-identity.json')

export function readIdentity(dataDir: string): Identity | null {
  const file = identityFile(dataDir)
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
  return Identity.parse(JSON.parse(text))
}

export function writeIdentity(dataDir: string, identity: Identity): void {
  writeFileAtomic(identityFile(dataDir), JSON.stringify(identity, null, 2), 0o644)
}

/**
 * Keeps the reservations ahead of the database's counters. Called inside the
 * transaction that takes a number; writing the file first means a number is
 * never issued unreserved (a rolled-back sale only leaves a gap, which is harmless).
 */
export class TerminalIdentity {
  constructor(
    private readonly dataDir: string,
    private identity: Identity,
  ) {}

  get current(): Identity {
    return this.identity
  }

  private write(next: Identity) {
    this.identity = next
    writeIdentity(this.dataDir, next)
  }

  ensure(name: string, value: number): void {
    if (value <= (this.identity.reserved[name] ?? 0)) return
    this.write({ ...this.identity, reserved: { ...this.identity.reserved, [name]: value + RESERVE_AHEAD } })
  }

  /** The trusted clock's floor, outside the database; never moved backwards except by a manager's acknowledgement. */
  vouch(at: Date, opts: { reset?: boolean } = {}): void {
    const iso = at.toISOString()
    if (!opts.reset && this.identity.trusted_at && this.identity.trusted_at >= iso) return
    this.write({ ...this.identity, trusted_at: iso })
  }

  closed(counters: Record<string, number>, at: Date | null): void {
    this.write({
      ...this.identity,
      closed_counters: counters,
      ...(at && (!this.identity.trusted_at || this.identity.trusted_at < at.toISOString())
        ? { trusted_at: at.toISOString() }
        : {}),
    })
  }
}
