import type { ReportHandler } from '../../shared/contract'
import { reportDocument } from '../../shared/report-doc'
import type { Ctx } from '../core/context'
import type { DomainBus, Module } from '../core/module'
import { reportSummaryLayout } from '../printing/cash-office'
import type { PrintService } from '../printing/service'
import { getSetting } from '../settings/repo'
import { ReportExports, type ExportOptions } from './export'
import { recentReports } from './records'
import { reportOf, scopeOf } from './service'

/**
 * Reports over any period (issue 14): sales, inventory and performance, read on the read-only connection;
 * their exports (export.ts) and the printed summary. The day close's report is written here once the close
 * committed ('day.closed').
 */
export function reportModule(
  ctx: Ctx,
  printer: PrintService,
  bus: DomainBus,
  opts: ExportOptions,
): Module<ReportHandler> & { exports: ReportExports } {
  const exports = new ReportExports(ctx, opts)
  bus.on('day.closed', ({ report_id, business_day, user_id }) => exports.dayReport(report_id, business_day, user_id))
  const scope = (call: { session: { userId: string } | null; permissions: readonly string[] }) =>
    scopeOf(ctx, call.session!.userId, call.permissions as never)
  return {
    name: 'report',
    exports,
    services: [exports],
    handlers: {
      'report-sales': (call, { period }) => reportOf(ctx, 'sales', period, scope(call)),
      'report-inventory': (call, { period }) => reportOf(ctx, 'inventory', period, scope(call)),
      'report-performance': (call, { period }) => reportOf(ctx, 'performance', period, scope(call)),
      'report-export': (call, args) => exports.begin(call.session!.userId, scope(call), args),
      'report-export-cancel': (call, { reportId }) => exports.cancel(call.session!.userId, reportId),
      'report-list': (_call, { limit }) => exports.withProgress(recentReports(ctx.read, limit ?? 30)),
      'report-summary-print': (call, { report, period }) => {
        const doc = reportDocument(report, reportOf(ctx, report, period, scope(call)))
        const format = { currency: ctx.store.currency, locale: getSetting(ctx.read, 'locale') }
        return printer.printDocument((width) =>
          reportSummaryLayout(
            doc,
            {
              store_name: ctx.store.name,
              timezone: ctx.store.timezone,
              currency: ctx.store.currency,
              device_id: ctx.device.device_id,
              printed_at: ctx.clock().toISOString(),
            },
            { width, format },
          ),
        )
      },
    },
  }
}
