import path from 'node:path'
import { PrinterConfigInput, type PrinterConfig } from '../../shared/contract'
import { PosError } from '../../shared/errors'
import { audited } from '../audit/audited'
import type { Ctx } from '../core/context'
import type { CallContext } from '../core/dispatcher'
import type { Module } from '../core/module'
import { getSetting, setSetting } from '../settings/repo'
import { needsSaleReceipt, saleReceiptLayout } from './receipts'
import type { PrintService } from './service'
import { checkPrinterAddress } from './transport'

export function printerConfig(ctx: Ctx, fromFile: PrinterConfig | null): PrinterConfig | null {
  return getSetting(ctx.db, 'printer') ?? fromFile
}

/** The folder holding the database (and the keys beside it): no printer address may point into it. */
function dataDirOf(ctx: Ctx): string | null {
  const file = ctx.db.name
  return file && file !== ':memory:' ? path.dirname(path.resolve(file)) : null
}

/**
 * The printer: its settings and test page, and the print queue that prints every committed sale's tickets
 * (a reaction after the commit: a printer fault never touches the sale).
 */
export function printingModule(
  ctx: Ctx,
  printer: PrintService,
  fileConfig: { printer: PrinterConfig | null },
): Module<'printer-get' | 'printer-set' | 'printer-test'> {
  const audit = (call: CallContext, action: string, description: string, write?: () => void) =>
    audited(ctx, call.session?.userId ?? null, { action, entity_type: 'settings', description }, write)
  return {
    name: 'printing',
    handlers: {
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
    },
    reactions: {
      'sale.committed': ({ result }) => {
        const cash = result.payment_method === 'cash'
        // Instant tickets and merchandise are on a receipt; a cash sale opens the drawer with its first paper.
        const receipt = needsSaleReceipt(result)
        if (receipt) {
          const h = {
            store_name: ctx.store.name,
            timezone: ctx.store.timezone,
            currency: ctx.store.currency,
            device_id: ctx.device.device_id,
          }
          void printer.printDocument((width) => saleReceiptLayout(result, h, { width, drawer: cash }))
        }
        if (result.tickets.length)
          printer.enqueue(
            result.tickets.map((t) => t._id),
            { drawer: cash && !receipt },
          )
      },
    },
    services: [{ stop: () => printer.idle() }],
  }
}
