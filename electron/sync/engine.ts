import type { WriteDB } from '../store/db'
import { backoffDelay, DEFAULT_BACKOFF, interruptibleSleep, type BackoffPolicy } from './backoff'
import { classifyError, redact, type ClassifiedError, type ErrorKind } from './errors'
import { pullCatalog, type PullResult } from './pull'
import { emptyPushResult, pushOutbox, type PushResult } from './push'
import { getSyncState, markError, markSuccess, syncCounts } from './repo'
import type { Connect, TargetConnection, TargetDb } from './target'
import { recordCentralTime } from '../clock/trusted'
import { setSelfStatus } from '../device/repo'
import {
  centralStatus,
  heartbeatDoc,
  HEARTBEAT_EVERY_MS,
  sendHeartbeat,
  type DeviceStatus,
  type HeartbeatIdentity,
  type HostFigures,
} from './heartbeat'

export type SyncState = 'not_configured' | 'online' | 'offline' | 'error'

export interface SyncStatus {
  state: SyncState
  pending: number
  last_success: string | null
  /** Plain words, credentials removed. */
  last_error: string | null
  last_error_kind: ErrorKind | null
  conflicts: number
  dead: number
  /** Catalogue documents from central that were skipped as malformed. */
  rejected: number
  next_attempt_at: string | null
}

export interface SyncReport {
  ok: boolean
  pushed: PushResult
  pulled: PullResult | null
  error: ClassifiedError | null
  duration_ms: number
}

export interface SyncEngineOptions {
  db: WriteDB
  clock: () => Date
  log: (msg: string, err?: unknown) => void
  /** null while no central connection is configured. */
  connect: Connect | null
  storeId: string
  /** This local database's identity (the self pos_devices _id): keys the stock markers on central. */
  streamId: string
  deviceId: string
  /** Every secret that must never appear in a message (the password). */
  secrets?: () => (string | null | undefined)[]
  /** Where collections are read back from; `storeViewReader(storeId)` for a least-privilege user. Default: the collections. */
  readName?: (collection: string) => string
  intervalMs?: number
  backoff?: BackoffPolicy
  random?: () => number
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
  batchSize?: number
  onChange?: (status: SyncStatus) => void
  /**
   * Record central's clock as a time the terminal trusts (default true). Only tests that pair a
   * frozen clock in the past with a real server, whose clock is today's, turn it off.
   */
  trustServerTime?: boolean
  /** After each pull: the catalogue may have changed (games, users, this store's row, results). */
  onPulled?: (result: PullResult) => void
  /** The fleet heartbeat (pos_devices): who this terminal is and its figures outside the database. */
  heartbeat?: { identity: HeartbeatIdentity; host: () => HostFigures }
  /** Central enabled or disabled this terminal (pulled every round). */
  onDeviceStatus?: (status: DeviceStatus) => void
}

const OFFLINE_KINDS = new Set<ErrorKind>(['unreachable', 'transient'])

/**
 * Background push-then-pull rounds against central. Everything it does to
 * SQLite is short synchronous transactions between awaits, so a sale never
 * waits for the network; it only ever competes for one batch's commit.
 */
export class SyncEngine {
  private conn: TargetConnection | null = null
  private state: SyncState
  private errorKind: ErrorKind | null = null
  private failures = 0
  private nextAttempt: Date | null = null
  private running = false
  private wake = new AbortController()
  private loop: Promise<void> | null = null
  private chain: Promise<unknown> = Promise.resolve()
  /** When the last heartbeat reached central (the injected clock's ms), or null. */
  private lastBeat: number | null = null

  constructor(private readonly o: SyncEngineOptions) {
    this.state = o.connect ? 'offline' : 'not_configured'
  }

  /** Starts the background loop; returns at once. */
  start(): void {
    if (this.running || !this.o.connect) return
    this.running = true
    this.loop = this.run()
  }

  async stop(): Promise<void> {
    this.running = false
    this.wake.abort()
    await this.loop?.catch(() => {})
    await this.chain.catch(() => {})
    await this.disconnect()
  }

  /** One round now, after any round in progress; resolves with what happened. */
  syncNow(): Promise<SyncReport> {
    const next = this.chain.then(() => this.round())
    this.chain = next.catch(() => {})
    this.wake.abort()
    return next
  }

  /** Replaces the connection (new settings); null returns to not_configured. */
  async reconfigure(connect: Connect | null): Promise<void> {
    await this.chain.catch(() => {})
    await this.disconnect()
    this.o.connect = connect
    this.failures = 0
    this.setState(connect ? 'offline' : 'not_configured', null)
    if (connect && !this.running) this.start()
  }

  status(): SyncStatus {
    const counts = syncCounts(this.o.db)
    const saved = getSyncState(this.o.db)
    return {
      state: this.state,
      pending: counts.pending,
      last_success: saved.last_success_at,
      last_error: saved.last_error,
      last_error_kind: this.errorKind,
      conflicts: counts.conflicts,
      dead: counts.dead,
      rejected: counts.rejects,
      next_attempt_at: this.nextAttempt?.toISOString() ?? null,
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      const report = await this.syncNow()
      if (!this.running) break
      const random = this.o.random ?? Math.random
      const wait = report.ok
        ? (this.o.intervalMs ?? 30_000)
        : backoffDelay(this.failures, random, this.o.backoff ?? DEFAULT_BACKOFF)
      this.nextAttempt = new Date(this.o.clock().getTime() + wait)
      this.wake = new AbortController()
      await (this.o.sleep ?? interruptibleSleep)(wait, this.wake.signal)
    }
  }

  private async round(): Promise<SyncReport> {
    const started = Date.now()
    const pushed = emptyPushResult()
    let pulled: PullResult | null = null
    if (!this.o.connect) return { ok: false, pushed, pulled, error: null, duration_ms: 0 }
    try {
      this.conn ??= await this.o.connect()
      const deps = {
        db: this.o.db,
        target: this.conn.db,
        clock: this.o.clock,
        batchSize: this.o.batchSize,
        readName: this.o.readName,
      }
      await this.recordServerTime(this.conn.db)
      await pushOutbox({ ...deps, streamId: this.o.streamId }, pushed)
      pulled = await pullCatalog({ ...deps, storeId: this.o.storeId })
      if (pulled.applied > 0) this.o.onPulled?.(pulled)
      for (const r of pulled.rejected) this.log(`central ${r.collection} ${r.doc_id} skipped: ${r.reason}`)
      markSuccess(this.o.db, this.o.clock().toISOString())
      // The fleet's line is not the sync's: a heartbeat refused (roles not reprovisioned yet) never fails the round.
      await this.fleet(this.conn.db).catch((err: unknown) => this.log('fleet heartbeat failed', err))
      this.failures = 0
      this.setState('online', null)
      return { ok: true, pushed, pulled, error: null, duration_ms: Date.now() - started }
    } catch (err) {
      const c = classifyError(err, this.o.secrets?.() ?? [])
      const error = { ...c, message: this.redact(c.message) }
      this.failures++
      this.log(`sync round failed (${c.kind}): ${error.message}`, err)
      try {
        markError(this.o.db, error.message, this.o.clock().toISOString())
      } catch {
        // The status row is best effort: a busy database must not hide the sync error itself.
      }
      // A broken connection is not reused: the next round reconnects from scratch.
      await this.disconnect()
      this.setState(OFFLINE_KINDS.has(c.kind) ? 'offline' : 'error', c.kind)
      return { ok: false, pushed, pulled, error, duration_ms: Date.now() - started }
    }
  }

  private setState(state: SyncState, kind: ErrorKind | null) {
    this.state = state
    this.errorKind = kind
    if (!this.o.onChange) return
    try {
      this.o.onChange(this.status())
    } catch (err) {
      this.log('sync status listener failed', err)
    }
  }

  private redact(text: string): string {
    return redact(text, this.o.secrets?.() ?? [])
  }

  /** Only redacted text reaches the log: a raw driver error can carry the connection string. */
  private log(msg: string, detail?: unknown) {
    const text =
      detail === undefined ? undefined : this.redact(detail instanceof Error ? detail.message : String(detail))
    this.o.log(this.redact(msg), text)
  }

  /** Central's word on this terminal, every round; the heartbeat at most once a minute, after a success. */
  private async fleet(target: TargetDb) {
    const status = await centralStatus(target, this.o.readName ?? ((c) => c), this.o.deviceId)
    if (setSelfStatus(this.o.db, status)) {
      this.log(`central set this terminal ${status}`)
      this.o.onDeviceStatus?.(status)
    }
    const hb = this.o.heartbeat
    const now = this.o.clock()
    if (!hb || (this.lastBeat !== null && now.getTime() - this.lastBeat < HEARTBEAT_EVERY_MS)) return
    await sendHeartbeat(target, hb.identity._id, heartbeatDoc(this.o.db, hb.identity, hb.host(), now))
    this.lastBeat = now.getTime()
  }

  /** Central's clock is a floor the local clock cannot argue with: a terminal set back is caught when online. */
  private async recordServerTime(target: TargetDb) {
    if (this.o.trustServerTime === false) return
    const hello = await target.command?.({ hello: 1 })
    const at = hello?.localTime
    if (at instanceof Date && !Number.isNaN(at.getTime())) recordCentralTime(this.o.db, at, this.o.clock())
  }

  private async disconnect() {
    const c = this.conn
    this.conn = null
    await c?.close().catch(() => {})
  }
}
