import type Database from 'better-sqlite3'
import type { Service } from '../core/module'
import { backupDue, backupOnline, type BackupInfo } from './backup'

/**
 * The daily backup as a background service: checked a minute after start and then hourly, taken when the
 * newest is a day old, through the online backup API (in steps, between sales). One at a time.
 */
export function backupService(
  db: Database.Database,
  dataDir: string,
  clock: () => Date,
  log: (msg: string, err?: unknown) => void,
  enabled: boolean,
): Service & { backupIfDue(): Promise<BackupInfo | null> } {
  let running: Promise<BackupInfo | null> | null = null
  const timers: NodeJS.Timeout[] = []
  const backupIfDue = () => {
    if (running) return running
    const run = (async () => {
      try {
        if (!backupDue(dataDir, clock())) return null
        return await backupOnline(db, dataDir, clock())
      } catch (err) {
        log('daily backup failed', err)
        return null
      }
    })()
    running = run
    void run.finally(() => {
      if (running === run) running = null
    })
    return run
  }
  return {
    backupIfDue,
    start() {
      if (!enabled) return
      timers.push(
        setTimeout(() => void backupIfDue(), 60_000),
        setInterval(() => void backupIfDue(), 3_600_000),
      )
      for (const t of timers) t.unref()
    },
    async stop() {
      for (const t of timers) clearTimeout(t)
      await running
    },
  }
}
