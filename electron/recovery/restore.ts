import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { appendAudit, useAuditKey } from '../audit/chain'
import { verifyPin } from '../auth/pin'
import type { Keystore } from '../device/keystore'
import { readIdentity, RESERVE_AHEAD } from '../device/identity'
import { counterValues, raiseCounters } from '../device/repo'
import { listBackups, type BackupInfo } from '../store/backup'
import { inTransaction } from '../store/db'
import { setAside } from '../store/guard'
import { openStore } from '../store/open'
import { PosError } from '../../shared/errors'
import type { RestoreResult } from '../../shared/contract'

/** Outbox numbers are skipped by this much after a restore: a gap is harmless, a reused number is not. */
export const OUTBOX_GAP = 1_000_000

interface Known {
  counters: Record<string, number>
  outbox: number
  audit: number
}

/** What a damaged file still tells, if SQLite can read that much of it. */
function readDamaged(file: string): Known | null {
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) return null
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true })
    try {
      const counters = counterValues(db as never)
      const outbox = (db.prepare('SELECT MAX(seq) AS n FROM outbox').get() as { n: number | null }).n ?? 0
      const audit = (db.prepare('SELECT MAX(seq) AS n FROM audit_logs').get() as { n: number | null }).n ?? 0
      return { counters, outbox, audit }
    } finally {
      db.close()
    }
  } catch {
    return null
  }
}

export interface ManagerOfBackup {
  _id: string
  name: string
  username: string
  role: string
}

/** The managers of a backup: with the live database unreadable, the backup's users are who may restore it. */
export function managersOf(backup: BackupInfo): ManagerOfBackup[] {
  const db = new Database(backup.file, { readonly: true, fileMustExist: true })
  try {
    return db
      .prepare(
        "SELECT _id, name, username, role FROM users WHERE status = 'active' AND role IN ('manager', 'admin') ORDER BY name",
      )
      .all() as ManagerOfBackup[]
  } finally {
    db.close()
  }
}

function checkManager(backup: BackupInfo, userId: string, pin: string, pepper: Buffer): ManagerOfBackup {
  const db = new Database(backup.file, { readonly: true, fileMustExist: true })
  try {
    const u = db
      .prepare(
        "SELECT _id, name, username, role, password_hash FROM users WHERE _id = ? AND status = 'active' AND role IN ('manager', 'admin')",
      )
      .get(userId) as (ManagerOfBackup & { password_hash: string }) | undefined
    if (!u || !verifyPin(pin, u.password_hash, pepper))
      throw new PosError('PIN_WRONG', 'That manager PIN is not right. Nothing was restored.')
    return { _id: u._id, name: u.name, username: u.username, role: u.role }
  } finally {
    db.close()
  }
}

/**
 * Restores a backup in place of the live database: the damaged file is moved
 * aside (never deleted), the backup copied in, and every counter resumes above
 * the highest number the identity file reserved or the damaged file still
 * shows, so no ticket number that may be on paper is ever issued again.
 */
export function restoreBackup(opts: {
  dataDir: string
  backupName: string
  approver: { userId: string; pin: string }
  keys: Keystore
  deviceId: string
  now: Date
}): RestoreResult {
  const backup = listBackups(opts.dataDir).find((b) => b.name === opts.backupName)
  if (!backup) throw new PosError('NOT_FOUND', 'That backup is not there any more.')
  const manager = checkManager(backup, opts.approver.userId, opts.approver.pin, opts.keys.get('pin-pepper'))
  const dbFile = path.join(opts.dataDir, 'pos.sqlite')
  const identity = readIdentity(opts.dataDir)
  const damaged = readDamaged(dbFile)
  const aside = fs.existsSync(dbFile) || fs.existsSync(`${dbFile}-wal`) ? setAside(dbFile, opts.now) : null

  const tmp = `${dbFile}.restoring`
  fs.copyFileSync(backup.file, tmp)
  const fd = fs.openSync(tmp, 'r+')
  fs.fsyncSync(fd)
  fs.closeSync(fd)
  fs.renameSync(tmp, dbFile)

  const { db } = openStore(dbFile, { hasIdentity: true, unclean: false, now: opts.now, dataDir: opts.dataDir })
  try {
    useAuditKey(db, opts.keys.get('audit'))
    const restored = counterValues(db)
    const floors: Record<string, number> = {}
    for (const name of new Set([
      ...Object.keys(restored),
      ...Object.keys(identity?.reserved ?? {}),
      ...Object.keys(damaged?.counters ?? {}),
    ])) {
      floors[name] = Math.max(restored[name] ?? 0, identity?.reserved[name] ?? 0, damaged?.counters[name] ?? 0)
    }
    const outboxFloor =
      Math.max(damaged?.outbox ?? 0, (db.prepare('SELECT MAX(seq) AS n FROM outbox').get() as { n: number }).n ?? 0) +
      OUTBOX_GAP
    inTransaction(db, () => {
      raiseCounters(db, floors)
      db.prepare("INSERT OR IGNORE INTO sqlite_sequence (name, seq) VALUES ('outbox', 0)").run()
      db.prepare("UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = 'outbox'").run(outboxFloor)
      appendAudit(db, objectIdFor(opts.now), opts.deviceId, opts.now.toISOString(), {
        user_id: manager._id,
        action: 'store.restored',
        entity_type: 'terminal',
        entity_id: null,
        description: `restored backup ${backup.name} (${backup.created_at}) approved by ${manager.username}; damaged copy kept in ${aside ?? 'none'}; ticket numbers resume after ${floors.ticket_seq ?? 0}${damaged ? '' : ' (damaged file unreadable: identity reservation used)'}; audit entries after ${damaged?.audit ?? '?'} on central only`,
      })
    })
    return { backup: backup.name, set_aside: aside, ticket_seq: floors.ticket_seq ?? 0 }
  } finally {
    db.close()
  }
}

/** Restoring runs without the backend's id generator: an ObjectId from the time and randomness. */
function objectIdFor(now: Date): string {
  const t = Math.floor(now.getTime() / 1000)
    .toString(16)
    .padStart(8, '0')
  return t + [...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, '0')).join('')
}

export { RESERVE_AHEAD }
