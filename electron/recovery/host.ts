import { SessionStore } from '../auth/sessions'
import path from 'node:path'
import { contract, isHandlerName } from '../../shared/contract'
import type { RecoveryStatus } from '../../shared/contract'
import { PosError, type Result } from '../../shared/errors'
import { createBackend, type Backend, type BackendOptions } from '../backend'
import { systemClock } from '../core/deps'
import { describeZodError, type Dispatcher } from '../core/dispatcher'
import { EventBus } from '../core/events'
import { openLog } from '../core/log'
import { ConfigProblems, type ConfigCheck } from '../device/config'
import { openKeystore } from '../device/keystore'
import { readIdentity } from '../device/identity'
import { listBackups } from '../store/backup'
import { acquireDataLock, StoreProblem, type DataLock } from '../store/guard'
import { unencryptedBox } from '../sync/credentials'
import { managersOf, restoreBackup } from './restore'

/** What a transport (Electron IPC, the web host) talks to: the backend, or the recovery screen's stand-in for it. */
export interface AppHost {
  readonly dispatcher: Pick<Dispatcher, 'dispatch' | 'sessions' | 'permissionsOf' | 'stateOf'>
  readonly events: EventBus
  /** The running backend; null while the terminal waits for a restore. */
  readonly backend: Backend | null
  readonly problem: StoreProblem | null
  close(): Promise<void>
}

/**
 * Opens the app on its data folder. A database that is missing, empty, damaged
 * or not this terminal's does not stop the process and never starts a new
 * terminal: the host answers only the recovery calls (what is wrong, which
 * backups exist, restore one with a manager's PIN) and, once restored, swaps in
 * the real backend without a restart.
 */
export function openApp(opts: Omit<BackendOptions, 'lock' | 'events'>): AppHost {
  const lock: DataLock = acquireDataLock(opts.dataDir)
  const events = new EventBus()
  const clock = opts.clock ?? systemClock
  let backend: Backend | null = null
  let problem: StoreProblem | null = null
  let configCheck: ConfigCheck | null = null
  // One log for the host and every backend it opens: a database problem and the restore are on it too.
  const logger = opts.logger ?? openLog(opts.dataDir, { echo: opts.log })
  const log = logger.error

  const start = () => {
    try {
      backend = createBackend({ ...opts, lock, events, logger })
      problem = null
      configCheck = null
    } catch (err) {
      // A terminal file with problems: its report on the screen, until IT fixes it and checks again.
      if (err instanceof ConfigProblems) {
        backend = null
        configCheck = err.check
        problem = new StoreProblem('config', err.message)
        log(err.message)
        return
      }
      if (!(err instanceof StoreProblem)) {
        log('the backend did not start', err)
        lock.release()
        if (!opts.logger) void logger.close()
        throw err
      }
      backend = null
      problem = err
      log(`database problem (${err.kind}): ${err.message}`)
    }
  }
  start()

  const status = (): RecoveryStatus => {
    const backups = listBackups(opts.dataDir)
    let managers: RecoveryStatus['managers'] = []
    try {
      managers = backups[0] ? managersOf(backups[0]).map(({ _id, name, username }) => ({ _id, name, username })) : []
    } catch (err) {
      log('newest backup unreadable', err)
    }
    return {
      needed: problem !== null,
      kind: problem?.kind ?? null,
      message: problem?.message ?? null,
      backups: backups.map(({ name, created_at, reason, size }) => ({ name, created_at, reason, size })),
      managers,
      data_dir: path.resolve(opts.dataDir),
      config: configCheck ? { file: configCheck.file, problems: configCheck.problems } : null,
    }
  }

  const recovery: Pick<Dispatcher, 'dispatch' | 'sessions' | 'permissionsOf' | 'stateOf'> = {
    sessions: new SessionStore(),
    // No one is logged in to the recovery calls.
    permissionsOf: () => [],
    stateOf: () => 'none',
    async dispatch(_sid, name, rawArgs): Promise<Result<unknown>> {
      try {
        if (name === 'recovery-status') return { ok: true, value: status() }
        if (name === 'recovery-retry') {
          if (problem?.kind === 'config') start()
          return { ok: true, value: status() }
        }
        if (name === 'recovery-restore') {
          const parsed = contract['recovery-restore'].args.safeParse(rawArgs ?? {})
          if (!parsed.success) throw new PosError('VALIDATION', describeZodError(parsed.error))
          if (problem?.kind === 'in_use' || problem?.kind === 'config')
            throw new PosError('NOT_ALLOWED', problem.message)
          const identity = readIdentity(opts.dataDir)
          const result = restoreBackup({
            dataDir: opts.dataDir,
            backupName: parsed.data.backup,
            approver: { userId: parsed.data.userId, pin: parsed.data.pin },
            keys: openKeystore(opts.dataDir, opts.secretBox ?? unencryptedBox),
            deviceId: identity?.device_id ?? 'unknown',
            now: clock(),
          })
          logger.warn(
            `backup ${result.backup} restored (approved by user ${parsed.data.userId}); ${result.set_aside ? `the damaged database set aside in ${result.set_aside}` : 'nothing set aside'}`,
          )
          start()
          if (problem) throw new PosError('RECOVERY_REQUIRED', (problem as StoreProblem).message)
          return { ok: true, value: result }
        }
        throw new PosError(
          isHandlerName(name) ? 'RECOVERY_REQUIRED' : 'UNKNOWN_HANDLER',
          problem?.message ?? 'The terminal is starting.',
        )
      } catch (err) {
        if (err instanceof PosError) return { ok: false, error: err.toJSON() }
        log('recovery call failed', err)
        return {
          ok: false,
          error: { code: 'INTERNAL', message: `The restore did not complete: ${(err as Error).message}` },
        }
      }
    },
  }

  return {
    get dispatcher() {
      return backend ? backend.dispatcher : recovery
    },
    events,
    get backend() {
      return backend
    },
    get problem() {
      return problem
    },
    async close() {
      await backend?.close()
      lock.release()
      if (!opts.logger) await logger.close()
    },
  }
}
