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
import { lockoutMs, MAX_PIN_ATTEMPTS, spanText } from '../auth/lockout'
import { writeFileAtomic } from '../device/keystore'
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

interface Attempts {
  failed: number
  lockouts: number
  locked_until: string | null
  /** Every wrong PIN since the last restore: written into the chain once the restore succeeds. */
  log: { at: string; user_id: string }[]
}

/**
 * Wrong restore PINs, counted in a file beside the database (the live database may be unreadable), with the
 * same escalating lockout as logins: guessing a manager's PIN here is as slow as at the login screen.
 */
function attemptsFile(dataDir: string) {
  const file = path.join(dataDir, 'recovery-attempts.json')
  const read = (): Attempts => {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as Attempts
    } catch {
      return { failed: 0, lockouts: 0, locked_until: null, log: [] }
    }
  }
  return {
    read,
    write: (a: Attempts) => writeFileAtomic(file, JSON.stringify(a)),
    clear: () => fs.rmSync(file, { force: true }),
  }
}

function checkManager(backup: BackupInfo, userId: string, pin: string, pepper: Buffer): ManagerOfBackup {
  const db = new Database(backup.file, { readonly: true, fileMustExist: true })
  try {
    const u = db
      .prepare("SELECT * FROM users WHERE _id = ? AND status = 'active' AND role IN ('manager', 'admin')")
      .get(userId) as (ManagerOfBackup & { password_hash: string; must_change_pin?: number }) | undefined
    // A one-time PIN (a reset; older backups have no such column) restores nothing: whoever reset it knows it.
    if (!u || u.must_change_pin === 1 || !verifyPin(pin, u.password_hash, pepper))
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
  const tries = attemptsFile(opts.dataDir)
  const state = tries.read()
  const lockedFor = state.locked_until ? Date.parse(state.locked_until) - opts.now.getTime() : 0
  if (lockedFor > 0)
    throw new PosError('LOCKED_OUT', `Too many wrong PINs. Try the restore again in ${spanText(lockedFor)}.`, {
      retry_after_s: Math.ceil(lockedFor / 1000),
    })
  let manager: ManagerOfBackup
  try {
    manager = checkManager(backup, opts.approver.userId, opts.approver.pin, opts.keys.get('pin-pepper'))
  } catch (err) {
    const failed = state.failed + 1
    const lock = failed >= MAX_PIN_ATTEMPTS
    const span = lockoutMs(state.lockouts + 1)
    tries.write({
      failed: lock ? 0 : failed,
      lockouts: lock ? state.lockouts + 1 : state.lockouts,
      locked_until: lock ? new Date(opts.now.getTime() + span).toISOString() : null,
      log: [...state.log, { at: opts.now.toISOString(), user_id: opts.approver.userId }].slice(-1000),
    })
    if (lock) throw new PosError('LOCKED_OUT', `Too many wrong PINs. Locked for ${spanText(span)}.`)
    throw err
  }
  const dbFile = path.join(opts.dataDir, 'pos.sqlite')
  const identity = readIdentity(opts.dataDir)
  const damaged = readDamaged(dbFile)
  // Everything is prepared in a copy beside the database: counters raised and the restore audited there, so a
  // crash at any point leaves either the damaged file in place or the finished restore, never a bare backup.
  const tmp = `${dbFile}.restoring`
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true })
  fs.copyFileSync(backup.file, tmp)
  const { db } = openStore(tmp, { hasIdentity: true, unclean: false, now: opts.now, dataDir: opts.dataDir })
  let floors: Record<string, number> = {}
  try {
    useAuditKey(db, opts.keys.get('audit'))
    const restored = counterValues(db)
    floors = {}
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
    const asideDir = path.join(opts.dataDir, 'damaged', opts.now.toISOString().replace(/[:.]/g, '-'))
    inTransaction(db, () => {
      raiseCounters(db, floors)
      db.prepare("INSERT OR IGNORE INTO sqlite_sequence (name, seq) VALUES ('outbox', 0)").run()
      db.prepare("UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = 'outbox'").run(outboxFloor)
      appendAudit(db, objectIdFor(opts.now), opts.deviceId, opts.now.toISOString(), {
        user_id: manager._id,
        action: 'store.restored',
        entity_type: 'terminal',
        entity_id: null,
        description: `restored backup ${backup.name} (${backup.created_at}) approved by ${manager.username} after ${state.log.length} wrong PINs${state.log.length ? ` (first ${state.log[0].at})` : ''}; damaged copy kept in ${asideDir}; ticket numbers resume after ${floors.ticket_seq ?? 0}${damaged ? '' : ' (damaged file unreadable: identity reservation used)'}; audit entries after ${damaged?.audit ?? '?'} on central only`,
      })
    })
    // One file, no WAL: the rename below moves the whole restored database.
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.pragma('journal_mode = DELETE')
  } finally {
    db.close()
  }
  const fd = fs.openSync(tmp, 'r+')
  fs.fsyncSync(fd)
  fs.closeSync(fd)
  const aside = fs.existsSync(dbFile) || fs.existsSync(`${dbFile}-wal`) ? setAside(dbFile, opts.now) : null
  fs.renameSync(tmp, dbFile)
  tries.clear()
  return { backup: backup.name, set_aside: aside, ticket_seq: floors.ticket_seq ?? 0 }
}

/** Restoring runs without the backend's id generator: an ObjectId from the time and randomness. */
function objectIdFor(now: Date): string {
  const t = Math.floor(now.getTime() / 1000)
    .toString(16)
    .padStart(8, '0')
  return t + [...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, '0')).join('')
}

export { RESERVE_AHEAD }
