import { audited } from '../audit/audited'
import path from 'node:path'
import { PrinterConfigInput } from '../../shared/contract'
import { PosError } from '../../shared/errors'
import type { PrinterConfig, StatusInfo } from '../../shared/contract'
import { verifyChain } from '../audit/chain'
import { acknowledgeClock, clockView } from '../clock/trusted'
import { type Ctx } from '../core/context'
import type { CallContext, HandlerTable } from '../core/dispatcher'
import { syncStatusView, type SyncWiring } from '../sync/status'
import type { PrintService } from '../printing/service'
import { checkPrinterAddress } from '../printing/transport'
import { countUnprinted } from '../ticket/repo'
import { getSetting, setSetting } from './repo'

export function printerConfig(ctx: Ctx, fromFile: PrinterConfig | null): PrinterConfig | null {
  return getSetting(ctx.db, 'printer') ?? fromFile
}

/** The folder holding the database (and the keys beside it): no printer address may point into it. */
function dataDirOf(ctx: Ctx): string | null {
  const file = ctx.db.name
  return file && file !== ':memory:' ? path.dirname(path.resolve(file)) : null
}

export function statusOf(ctx: Ctx, printer: PrintService, sync: SyncWiring): StatusInfo {
  const p = printer.status()
  const { state, pending, last_success, last_error } = syncStatusView(ctx, sync)
  return {
    sync: { state, pending, last_success, last_error },
    printer: { ...p, pending_prints: countUnprinted(ctx.db) },
    clock: clockView(ctx),
  }
}

export function settingsHandlers(
  ctx: Ctx,
  printer: PrintService,
  sync: SyncWiring,
  fileConfig: { printer: PrinterConfig | null },
): Pick<
  HandlerTable,
  | 'app-info'
  | 'printer-get'
  | 'printer-set'
  | 'printer-test'
  | 'status-get'
  | 'settings-set'
  | 'audit-verify'
  | 'clock-acknowledge'
> {
  // The change and its audit entry commit together.
  const audit = (call: CallContext, action: string, description: string, write?: () => void) =>
    audited(ctx, call.session?.userId ?? null, { action, entity_type: 'settings', description }, write)
  return {
    'app-info': () => ({
      store: {
        _id: ctx.store._id,
        name: ctx.store.name,
        store_number: ctx.store.store_number,
        currency: ctx.store.currency,
        tax_rate_bps: ctx.store.tax_rate_bps,
        timezone: ctx.store.timezone,
      },
      device: {
        device_id: ctx.device.device_id,
        pos_version: ctx.device.pos_version,
        terminal_number: ctx.device.terminal_number,
      },
      confirm_threshold: getSetting(ctx.db, 'confirm_threshold'),
      demo: ctx.demo,
      payout_limit: ctx.store.payout_limit,
      payout_confirm_threshold: getSetting(ctx.db, 'payout_confirm_threshold'),
      cancel_approval_threshold: getSetting(ctx.db, 'cancel_approval_threshold'),
      max_sale_amount: getSetting(ctx.db, 'max_sale_amount'),
    }),
    'printer-get': () => printerConfig(ctx, fileConfig.printer),
    'printer-set': (call, args) => {
      const config: PrinterConfig = PrinterConfigInput.parse(args)
      // A device path must be a printer: never the database, a file, a folder, or anything in the data folder.
      checkPrinterAddress(config.uri, { dataDir: dataDirOf(ctx) })
      audit(call, 'printer.configure', `printer set to ${config.uri} (${config.type}, ${config.width} columns)`, () =>
        setSetting(ctx.db, 'printer', config),
      )
      printer.configChanged()
      return config
    },
    'printer-test': async (call) => {
      let r: Awaited<ReturnType<typeof printer.printTest>>
      try {
        r = await printer.printTest()
      } catch (err) {
        // A failed test print is on record too: who tried, and what the printer answered.
        const why = err instanceof PosError ? `${err.code}: ${err.message}` : String(err)
        audit(call, 'printer.test_failed', `test page failed (${why.slice(0, 200)})`)
        throw err
      }
      audit(call, 'printer.test', `test page printed (${r.bytes} bytes)`)
      return r
    },
    'status-get': () => statusOf(ctx, printer, sync),
    'settings-set': (call, changes) => {
      const entries = Object.entries(changes).filter((e): e is [keyof typeof changes, number] => e[1] !== undefined)
      audit(call, 'settings.change', entries.map(([k, v]) => `${k} = ${v}`).join(', '), () => {
        for (const [k, v] of entries) setSetting(ctx.db, k, v)
      })
      return Object.fromEntries(entries)
    },
    'audit-verify': (call) => {
      const result = verifyChain(ctx.db)
      audit(
        call,
        'audit.verify',
        result.ok
          ? `chain verified (${result.entries} entries)`
          : `chain BROKEN: ${result.broken_count} entries, first ${result.first_broken_seq}`,
      )
      return result
    },
    'clock-acknowledge': (call, { note }) => acknowledgeClock(ctx, call.session!.userId, note),
  }
}
