import { createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto'
import type { AuditVerifyResult } from '../../shared/contract'
import { entriesInOrder, entryHash, insertEntry, keyCounts, lastEntry, lastEntryOf, newestTimestampAfter } from './repo'
import type { ReadDB, WriteDB } from '../store/db'
import { enqueue } from '../outbox/repo'

export const GENESIS_HASH = '0'.repeat(64)

export interface AuditInput {
  user_id: string | null
  action: string
  entity_type: string
  entity_id: string | null
  description: string
  ip_address?: string | null
}

export type AuditAlg = 'sha256' | 'hmac-sha256'

export interface AuditRow extends Required<AuditInput> {
  _id: string
  seq: number
  device_info: string
  timestamp: string
  prev_hash: string
  hash: string
  alg: AuditAlg
}

/**
 * The chain's key lives outside the database file (see device/keystore.ts), so
 * whoever can edit pos.sqlite still cannot recompute the hashes after an edit.
 * Registered once per handle when the backend opens.
 */
const keys = new WeakMap<object, KeyObject>()
export function useAuditKey(db: object, key: Buffer): void {
  keys.set(db, createSecretKey(key))
}

// Lone UTF-16 surrogates cannot be stored as UTF-8: SQLite would keep U+FFFD
// instead, and the stored row would no longer match its hash. The contract
// refuses them; this makes sure anything that slips past is hashed exactly as stored.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
const ANY_SURROGATE = /[\uD800-\uDFFF]/
export const asStored = (s: string): string => (ANY_SURROGATE.test(s) ? s.replace(LONE_SURROGATE, '\uFFFD') : s)
const stored = <T extends string | null>(s: T): T => (typeof s === 'string' ? (asStored(s) as T) : s)

/** The fields a hash covers, in a fixed order, so the chain is independent of column order. */
export function hashEntry(e: Omit<AuditRow, 'hash' | 'alg'>, key: Buffer | KeyObject | null = null): string {
  const canonical = JSON.stringify([
    e.seq,
    e._id,
    e.user_id,
    e.action,
    e.entity_type,
    e.entity_id,
    e.description,
    e.ip_address,
    e.device_info,
    e.timestamp,
    e.prev_hash,
  ])
  return (key ? createHmac('sha256', key) : createHash('sha256')).update(canonical).digest('hex')
}

/**
 * Appends one entry to this terminal's hash chain and queues it for central.
 * Must run inside the caller's transaction, so the entry commits with the
 * action it records, or not at all.
 */
export function appendAudit(db: WriteDB, id: string, deviceId: string, now: string, input: AuditInput): AuditRow {
  const last = lastEntry(db)
  const key = keys.get(db) ?? null
  // One object, its fields in the order the outbox record has always had; the hash covers all but the last two.
  const row: AuditRow = {
    _id: id,
    seq: (last?.seq ?? 0) + 1,
    user_id: stored(input.user_id),
    action: stored(input.action),
    entity_type: stored(input.entity_type),
    entity_id: stored(input.entity_id),
    description: stored(input.description),
    ip_address: stored(input.ip_address ?? null),
    device_info: stored(deviceId),
    timestamp: now,
    prev_hash: last?.hash ?? GENESIS_HASH,
    hash: '',
    alg: key ? 'hmac-sha256' : 'sha256',
  }
  row.hash = hashEntry(row, key)
  insertEntry(db, row)
  enqueue(db, 'audit_logs', row._id, 'insert', row, now)
  const hw = highWater.get(db)
  if (hw && (hw.at === null || now > hw.at)) hw.at = now
  return row
}

/**
 * The newest timestamp among entries after `afterSeq`: the trusted clock's floor, asked before every sale.
 * Kept in memory per handle once read (one process owns the folder), and moved forward by every append.
 */
const highWater = new WeakMap<object, { afterSeq: number; at: string | null }>()
export function auditTimeHighWater(db: ReadDB, afterSeq: number): string | null {
  const cached = highWater.get(db)
  if (cached && cached.afterSeq === afterSeq) return cached.at
  const at = newestTimestampAfter(db, afterSeq)
  highWater.set(db, { afterSeq, at })
  return at
}

/**
 * Walks the whole chain in sequence order and reports every entry that does
 * not hold, not only the first: one broken entry must not hide later tampering.
 * Entries written before the chain was keyed (plain SHA-256) may only form its
 * start; an unkeyed entry after a keyed one is a forgery.
 */
export function verifyChain(db: ReadDB, key: Buffer | KeyObject | null = keys.get(db) ?? null): AuditVerifyResult {
  let prev = GENESIS_HASH
  let expectedSeq = 1
  let entries = 0
  let unkeyed = 0
  let unkeyedHead = GENESIS_HASH
  let keyedSeen = false
  let head: { seq: number; hash: string } | null = null
  const broken: { seq: number; reason: string }[] = []
  // Keyed entries before the last (verified) key replacement were made with a key that is gone.
  const replacedAt = lastKeyReplacement(db, key)
  for (const row of entriesInOrder(db)) {
    entries++
    const gap = row.seq !== expectedSeq
    if (gap)
      broken.push({
        seq: row.seq,
        reason:
          expectedSeq === row.seq - 1
            ? `entry ${expectedSeq} is missing`
            : `entries ${expectedSeq} to ${row.seq - 1} are missing`,
      })
    else if (row.prev_hash !== prev)
      broken.push({ seq: row.seq, reason: `entry ${row.seq} does not follow entry ${row.seq - 1}` })
    const { hash, alg, ...rest } = row
    const keyed = alg === 'hmac-sha256'
    if (keyed && !keyedSeen && unkeyed > 0 && !vouchesFor(row, unkeyed, unkeyedHead))
      broken.push({
        seq: row.seq,
        reason: `entries 1 to ${unkeyed} are not keyed and no keyed entry vouches for them`,
      })
    if (keyed) keyedSeen = true
    else {
      unkeyed++
      unkeyedHead = hash
    }
    if (!keyed && keyedSeen)
      broken.push({ seq: row.seq, reason: `entry ${row.seq} is not keyed although earlier entries are` })
    else if (keyed && replacedAt !== null && row.seq < replacedAt) {
      // Not checkable here: reported once, at the replacement.
    } else if (keyed && !key)
      broken.push({ seq: row.seq, reason: `entry ${row.seq} is keyed and the audit key is not available here` })
    else if (hashEntry(rest, keyed ? key : null) !== hash)
      broken.push({ seq: row.seq, reason: `entry ${row.seq} was changed after it was written` })
    prev = hash
    expectedSeq = row.seq + 1
    head = { seq: row.seq, hash }
  }
  if (!keyedSeen && unkeyed > 0)
    broken.push({ seq: 1, reason: `entries 1 to ${unkeyed} are not keyed and no keyed entry vouches for them` })
  if (replacedAt !== null)
    broken.push({
      seq: replacedAt,
      reason: `the audit key was replaced at entry ${replacedAt}: the entries before it cannot be checked on this terminal (central's copy can)`,
    })
  broken.sort((a, b) => a.seq - b.seq)
  const first = broken[0] ?? null
  return {
    ok: broken.length === 0,
    entries,
    first_broken_seq: first?.seq ?? null,
    reason: first?.reason ?? null,
    broken: broken.slice(0, 1000),
    broken_count: broken.length,
    unkeyed_entries: unkeyed,
    head,
  }
}

const vouchText = (count: number, head: string) => `${count} unkeyed entries ending at ${head}`

function vouchesFor(row: AuditRow, count: number, head: string): boolean {
  return (
    row.action === 'audit.keyed' && row.description === `chain keyed from here; vouches for ${vouchText(count, head)}`
  )
}

function lastKeyReplacement(db: ReadDB, key: Buffer | KeyObject | null): number | null {
  if (!key) return null
  const row = lastEntryOf(db, 'audit.key_replaced')
  if (!row) return null
  const { hash, alg: _alg, ...rest } = row
  return hashEntry(rest, key) === hash ? row.seq : null
}

/**
 * At start, with the key registered: a chain begun before it was keyed gets one keyed entry that names its
 * unkeyed entries (count and last hash), so they cannot later be rewritten or extended unkeyed unnoticed.
 * A key file that had to be made anew while keyed entries exist is recorded too: the verifier then says
 * which entries can no longer be checked here, instead of calling them all changed.
 */
export function sealChain(db: WriteDB, deviceId: string, now: string, newId: () => string, keyIsNew: boolean): void {
  const counts = keyCounts(db)
  const entry = (action: string, description: string) =>
    appendAudit(db, newId(), deviceId, now, {
      user_id: null,
      action,
      entity_type: 'audit',
      entity_id: null,
      description,
    })
  if (counts.unkeyed > 0 && !counts.keyed) {
    entry('audit.keyed', `chain keyed from here; vouches for ${vouchText(counts.unkeyed, lastEntry(db)!.hash)}`)
  } else if (keyIsNew && counts.keyed > 0) {
    entry(
      'audit.key_replaced',
      'the audit key file was missing and a new key was made: earlier entries cannot be checked here',
    )
  }
}

export interface CentralAuditEntry {
  seq: number
  hash: string
}

/**
 * The chain's anchor: central holds every entry pushed so far. Entries central
 * has that this terminal lacks mean the local log was truncated or rolled
 * back; a differing hash means an entry was rewritten after it left.
 */
export function compareWithCentral(db: ReadDB, central: CentralAuditEntry[]): AuditVerifyResult['central'] {
  const localHead = lastEntry(db)?.seq ?? 0
  let centralHead = 0
  const missing: number[] = []
  const differ: number[] = []
  for (const c of central) {
    centralHead = Math.max(centralHead, c.seq)
    const row = entryHash(db, c.seq)
    if (!row) missing.push(c.seq)
    else if (row.hash !== c.hash) differ.push(c.seq)
  }
  const problems: string[] = []
  if (centralHead > localHead)
    problems.push(`truncated: central has entries up to ${centralHead}, this terminal only up to ${localHead}`)
  if (missing.length)
    problems.push(`${missing.length} entries central holds are missing here (first ${Math.min(...missing)})`)
  if (differ.length) problems.push(`${differ.length} entries differ from central's copy (first ${Math.min(...differ)})`)
  return {
    ok: problems.length === 0,
    central_head: centralHead,
    local_head: localHead,
    missing: missing.length,
    differ: differ.length,
    problems,
  }
}
