import type { ReportHandler } from '../../shared/contract'
import type { Ctx } from '../core/context'
import type { Module } from '../core/module'
import { salesReport } from './service'

/** Reports over any period (issue 14): read on the read-only connection, never in a sale's way. */
export function reportModule(ctx: Ctx): Module<ReportHandler> {
  return {
    name: 'report',
    handlers: {
      'report-sales': (_call, { period }) => salesReport(ctx, period),
    },
  }
}
