import { createHash } from 'node:crypto'
import type { AuditVerifyResult } from '../../shared/domain'
import { stmt } from '../core/deps'
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

export interface AuditRow extends Required<AuditInput> {
  _id: string
  seq: number
  device_info: string
  timestamp: string
  prev_hash: string
  hash: string
}

/** The fields a hash covers, in a fixed order, so the chain is independent of column order. */
export function hashEntry(e: Omit<AuditRow, 'hash'>): string {
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
  return createHash('sha256').update(canonical).digest('hex')
}

/**
 * Appends one entry to this terminal's hash chain and queues it for central.
 * Must run inside the caller's transaction, so the entry commits with the
 * action it records, or not at all.
 */
export function appendAudit(db: WriteDB, id: string, deviceId: string, now: string, input: AuditInput): AuditRow {
  const last = stmt(db, 'SELECT seq, hash FROM audit_logs ORDER BY seq DESC LIMIT 1').get() as
    { seq: number; hash: string } | undefined
  const entry: Omit<AuditRow, 'hash'> = {
    _id: id,
    seq: (last?.seq ?? 0) + 1,
    user_id: input.user_id,
    action: input.action,
    entity_type: input.entity_type,
    entity_id: input.entity_id,
    description: input.description,
    ip_address: input.ip_address ?? null,
    device_info: deviceId,
    timestamp: now,
    prev_hash: last?.hash ?? GENESIS_HASH,
  }
  const row: AuditRow = { ...entry, hash: hashEntry(entry) }
  stmt(
    db,
    `INSERT INTO audit_logs (_id, seq, user_id, action, entity_type, entity_id, description, ip_address, device_info, timestamp, prev_hash, hash)
     VALUES (@_id, @seq, @user_id, @action, @entity_type, @entity_id, @description, @ip_address, @device_info, @timestamp, @prev_hash, @hash)`,
  ).run(row)
  enqueue(db, 'audit_logs', row._id, 'insert', row, now)
  return row
}

/** Walks the chain in sequence order and reports the first entry that does not hold. */
export function verifyChain(db: ReadDB): AuditVerifyResult {
  let prev = GENESIS_HASH
  let expectedSeq = 1
  let entries = 0
  for (const row of stmt<import('better-sqlite3').Statement<[], AuditRow>>(
    db,
    'SELECT * FROM audit_logs ORDER BY seq',
  ).iterate()) {
    entries++
    const broken = (reason: string): AuditVerifyResult => ({ ok: false, entries, first_broken_seq: row.seq, reason })
    if (row.seq !== expectedSeq) return broken(`entry ${expectedSeq} is missing`)
    if (row.prev_hash !== prev) return broken(`entry ${row.seq} does not follow entry ${row.seq - 1}`)
    const { hash, ...rest } = row
    if (hashEntry(rest) !== hash) return broken(`entry ${row.seq} was changed after it was written`)
    prev = hash
    expectedSeq++
  }
  return { ok: true, entries, first_broken_seq: null, reason: null }
}
