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
export class CounterReservations {
  constructor(
    private readonly dataDir: string,
    private identity: Identity,
  ) {}

  get current(): Identity {
    return this.identity
  }

  ensure(name: string, value: number): void {
    if (value <= (this.identity.reserved[name] ?? 0)) return
    this.identity = { ...this.identity, reserved: { ...this.identity.reserved, [name]: value + RESERVE_AHEAD } }
    writeIdentity(this.dataDir, this.identity)
  }
}
