import { spawn } from 'node:child_process'
import { autoUpdater } from 'electron-updater'
import { keepInstaller } from './health'
import { installDecision, withinRollout, type InstallFacts } from './policy'

/**
 * Thin glue over electron-updater (generic provider at the terminal file's updates.url). It downloads in the
 * background; installDecision says when it may install; withinRollout replaces the library's own staging
 * check with one keyed on the device id. Not unit tested (needs Electron): every rule it applies is in
 * policy.ts and health.ts, which are.
 */
export interface UpdaterOptions {
  url: string
  deviceId: string
  dataDir: string
  /** The running terminal's facts (facts.ts), or null while it is not running (recovery, config report). */
  facts: (downloaded: string | null) => InstallFacts | null
  log: (msg: string, err?: unknown) => void
  /** Before the app quits to install: close the backend (the database, the lock). */
  beforeInstall: () => Promise<void>
}

const CHECK_EVERY_MS = 4 * 3600_000
const DECIDE_EVERY_MS = 60_000

export function startUpdates(o: UpdaterOptions): () => void {
  autoUpdater.setFeedURL({ provider: 'generic', url: o.url })
  autoUpdater.autoDownload = true
  autoUpdater.autoInstallOnAppQuit = false
  autoUpdater.isUserWithinRollout = (info) => withinRollout(o.deviceId, info.stagingPercentage)
  let downloaded: string | null = null
  let installing = false
  autoUpdater.on('error', (err) => o.log('update check failed', err))
  autoUpdater.on('update-downloaded', (info) => {
    downloaded = info.version
    try {
      // Kept so the version after this one can be rolled back to it (health.ts).
      keepInstaller(o.dataDir, info.version, info.downloadedFile)
    } catch (err) {
      o.log('could not keep the downloaded installer for a rollback', err)
    }
    o.log(`update ${info.version} downloaded; it installs at the shift's close or outside opening hours`)
  })
  const decide = () => {
    const facts = o.facts(downloaded)
    if (!facts || installing) return
    const d = installDecision(facts)
    if (!d.install) return
    installing = true
    o.log(d.reason)
    void o.beforeInstall().finally(() => autoUpdater.quitAndInstall(true, true))
  }
  const check = () => void autoUpdater.checkForUpdates().catch((err: unknown) => o.log('update check failed', err))
  check()
  const timers = [setInterval(check, CHECK_EVERY_MS), setInterval(decide, DECIDE_EVERY_MS)]
  return () => timers.forEach(clearInterval)
}

/** Runs a kept installer of the previous version silently (NSIS /S), detached, before the app quits. */
export function runRollback(installer: string, log: (msg: string, err?: unknown) => void): void {
  const args = process.platform === 'win32' ? ['/S', '--force-run'] : []
  try {
    spawn(installer, args, { detached: true, stdio: 'ignore' }).unref()
  } catch (err) {
    log(`rollback installer ${installer} could not start`, err)
  }
}
