import fs from 'node:fs'
import { audited } from '../audit/audited'
import { clockView } from '../clock/trusted'
import type { Ctx } from '../core/context'
import type { Logger } from '../core/log'
import type { Module } from '../core/module'
import type { PrintService } from '../printing/service'
import { getSyncState } from '../sync/repo'
import { syncStatusView, type SyncWiring } from '../sync/status'
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

export interface DiagnosticsOptions {
  dataDir: string
  /** The terminal file the backend read (null: none, the demo). */
  configPath: string | null
  posVersion: string
  logger: Logger
  /** The central connection's secrets as the backend holds them now. */
  secrets: () => readonly string[]
}

/**
 * The diagnostics bundle IT asks a store for: versions, the terminal file without its secrets, the newest log
 * lines, the database's integrity, the audit chain, the outbox and sync state, and the printer as the print
 * queue last saw it; written into the data folder's diagnostics/, and on record.
 */
export function diagnosticsModule(
  ctx: Ctx,
  printer: PrintService,
  sync: SyncWiring,
  o: DiagnosticsOptions,
): Module<'diagnostics-export'> {
  return {
    name: 'diagnostics',
    handlers: {
      'diagnostics-export': async (call) => {
        // The lines logged until now are in the file before it is read.
        await o.logger.flush()
        let fileSecrets: string[] = []
        const config = section(() => {
          const { secrets, ...shown } = terminalFile(o.configPath, (f) => problemsOf(f, o.dataDir))
          fileSecrets = secrets
          return shown
        })
        const report = {
          source: 'app',
          versions: section(() => versions(o.posVersion, ctx.read)),
          terminal: section(() => ({
            device_id: ctx.device.device_id,
            terminal_number: ctx.device.terminal_number,
            store_number: ctx.store.store_number,
            store_name: ctx.store.name,
            store_status: ctx.store.status,
            timezone: ctx.store.timezone,
            demo: ctx.demo,
          })),
          files: section(() => files(o.dataDir)),
          config,
          integrity: section(() => integrity(ctx.read)),
          audit: section(() => audit(ctx.db)),
          sync: section(() => {
            const { last_attempt_at, last_error_at } = getSyncState(ctx.read)
            return { ...syncStatusView(ctx, sync), last_attempt_at, last_error_at }
          }),
          printer: section(() => ({
            ...printer.status(),
            pending_prints: countUnprinted(ctx.read),
            jobs_waiting: printer.pending(),
          })),
          clock: section(() => clockView(ctx)),
          backups: section(() => backups(o.dataDir)),
          log: { dir: o.logger.dir, files: logFiles(o.logger.dir) },
        }
        const written = writeBundle({
          dataDir: o.dataDir,
          now: ctx.clock(),
          deviceId: ctx.device.device_id,
          report,
          secrets: [...o.secrets(), ...fileSecrets],
        })
        const checks = checksOf(report)
        audited(ctx, call.session?.userId ?? null, {
          action: 'diagnostics.export',
          entity_type: 'settings',
          description: `diagnostics bundle ${written.name} (${checks.map((c) => `${c.label.toLowerCase()} ${c.ok ? 'ok' : 'NOT ok'}`).join(', ')})`,
        })
        o.logger.info(`diagnostics bundle written: ${written.file}`)
        return bundleView(written, checks)
      },
    },
  }
}

function logFiles(dir: string | null) {
  if (!dir || !fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir)
    .sort()
    .map((name) => ({ name, size: fs.statSync(`${dir}/${name}`).size }))
}
