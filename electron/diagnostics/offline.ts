import fs from 'node:fs'
import path from 'node:path'
import type { DiagnosticsBundleView } from '../../shared/contract'
import pkg from '../../package.json'
import { currentStore } from '../catalog/repo'
import { openKeystore } from '../device/keystore'
import { getSelfDevice } from '../device/repo'
import { openDatabase, type ReadDB } from '../store/db'
import { configSecrets, loadSyncConfig, syncConfigSummary, unencryptedBox } from '../sync/credentials'
import { getSyncState, syncCounts } from '../sync/repo'
import { countUnprinted } from '../ticket/repo'
import {
  audit,
  backups,
  bundleView,
  checksOf,
  files,
  integrity,
  section,
  terminalFile,
  versions,
  writeBundle,
  problemsOf,
} from './bundle'

/**
 * The bundle from outside the app (`npm run diagnostics`), for a terminal whose app will not start or cannot
 * be reached: the database opened read-only beside a running app, nothing written but the bundle. The print
 * queue's live state is the app's alone; the tickets waiting to print are in the database.
 */
export function diagnosticsFromFolder(
  dataDir: string,
  opts: { configPath: string | null; now?: Date },
): DiagnosticsBundleView {
  if (!fs.existsSync(dataDir)) throw new Error(`no data folder at ${dataDir}`)
  const dbFile = path.join(dataDir, 'pos.sqlite')
  let db: ReadDB | null = null
  const opened = section(() => {
    if (!fs.existsSync(dbFile)) throw new Error(`no database at ${dbFile}`)
    db = openDatabase(dbFile, { readonly: true })
    return true
  })
  const need = (): ReadDB => {
    if (!db) throw new Error(`database not opened: ${(opened as { error: string }).error}`)
    return db
  }
  try {
    let fileSecrets: string[] = []
    const config = section(() => {
      const { secrets, ...shown } = terminalFile(opts.configPath, (f) => problemsOf(f, dataDir))
      fileSecrets = secrets
      return shown
    })
    // The saved connection's secrets, where this computer can read them (not sealed by the OS keystore).
    const saved = section(() => {
      const c = loadSyncConfig(need(), unencryptedBox)
      return c ? configSecrets(c) : []
    })
    const device = section(() => getSelfDevice(need()))
    const report = {
      source: 'command',
      versions: section(() => versions(pkg.version, db)),
      terminal: section(() => {
        const d = getSelfDevice(need())
        const s = currentStore(need())
        return {
          device_id: d?.device_id ?? null,
          terminal_number: d?.terminal_number ?? null,
          // The version the app last ran with, beside the one this command came with.
          pos_version_recorded: d?.pos_version ?? null,
          store_number: s?.store_number ?? null,
          store_name: s?.name ?? null,
          store_status: s?.status ?? null,
          timezone: s?.timezone ?? null,
        }
      }),
      files: section(() => files(dataDir)),
      config,
      integrity: section(() => integrity(need())),
      audit: section(() => audit(need(), auditKey(dataDir))),
      sync: section(() => {
        const d = need()
        const c = syncCounts(d)
        const s = getSyncState(d)
        return {
          pending: c.pending,
          dead: c.dead,
          conflicts: c.conflicts,
          rejected: c.rejects,
          last_success: s.last_success_at,
          last_attempt_at: s.last_attempt_at,
          last_error: s.last_error,
          last_error_at: s.last_error_at,
          config: syncConfigSummary(d),
        }
      }),
      // The print queue's live state is the running app's alone (its own bundle: Settings, Diagnostics).
      printer: section(() => ({ state: 'not_asked', message: null, pending_prints: countUnprinted(need()) })),
      backups: section(() => backups(dataDir)),
    }
    const deviceId = device && !('error' in device) ? device.device_id : 'unknown-terminal'
    const written = writeBundle({
      dataDir,
      now: opts.now ?? new Date(),
      deviceId,
      report,
      secrets: [...fileSecrets, ...(Array.isArray(saved) ? saved : [])],
    })
    return bundleView(written, checksOf(report))
  } finally {
    ;(db as ReadDB | null)?.close()
  }
}

/** The audit key as the app keeps it; one sealed by the OS keystore cannot be read from here. */
function auditKey(dataDir: string): Buffer {
  const file = path.join(dataDir, 'keys', 'audit.key')
  if (!fs.existsSync(file)) throw new Error(`no audit key in ${path.dirname(file)}`)
  if ((JSON.parse(fs.readFileSync(file, 'utf8')) as { sealed?: boolean }).sealed)
    throw new Error(
      "the audit key is sealed by this computer's keystore: the app's own bundle (Settings, Diagnostics) verifies the chain",
    )
  return openKeystore(dataDir, unencryptedBox).get('audit')
}
