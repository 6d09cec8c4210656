import type { HandlerName, ReportHandler } from '../../shared/contract'
import { PosError } from '../../shared/errors'
import { getUser, permissionsOf } from '../auth/repo'
import type { Ctx } from '../core/context'
import type { DomainBus, Module } from '../core/module'
import {
  dayReportLayout,
  movementSlipLayout,
  settlementLayout,
  shiftReportLayout,
  type OfficeHeader,
} from '../printing/cash-office'
import type { LayoutOp } from '../printing/layout'
import type { PrintService } from '../printing/service'
import {
  closeDay,
  closeShift,
  dayReport,
  listShifts,
  moveCash,
  openShift,
  saveCountDraft,
  settlement,
  shiftCurrent,
  signOffShift,
  storedZ,
  today,
  xReport,
} from './service'

type ShiftHandler = Exclude<Extract<HandlerName, `shift-${string}` | `report-${string}`>, ReportHandler>

/**
 * The cash office: shifts and their drawer, the blind close and its Z report, the day report and the lottery
 * week. Paper goes through the print queue after each commit; a printer fault never undoes a close.
 */
export function shiftModule(ctx: Ctx, printer: PrintService, bus: DomainBus): Module<ShiftHandler> {
  const header = (copy = false): OfficeHeader => ({
    store_name: ctx.store.name,
    timezone: ctx.store.timezone,
    currency: ctx.store.currency,
    device_id: ctx.device.device_id,
    printed_at: ctx.clock().toISOString(),
    copy,
  })
  const can = (userId: string, permission: 'report.shift' | 'report.day') => {
    const u = getUser(ctx.db, userId)
    if (!u || !permissionsOf(u).includes(permission))
      throw new PosError('FORBIDDEN', 'You do not have permission to print that report.')
  }
  const changed = () => bus.emit('status.changed', {})
  const withSvg = <T>(value: T, build: (width: number) => LayoutOp[]) => ({
    ...value,
    svg: printer.documentPreview(build),
  })

  return {
    name: 'shift',
    handlers: {
      'shift-current': (call) => shiftCurrent(ctx, call.session!.userId),
      'shift-open': (call, { float }) => {
        const view = openShift(ctx, call.session!.userId, float)
        changed()
        return view
      },
      'shift-move': async (call, { kind, amount, reason }) => {
        const m = moveCash(ctx, call.session!.userId, kind, amount, reason)
        const receipt = await printer.printDocument((width) => movementSlipLayout(m, header(), { width }))
        return { movement: m, receipt }
      },
      'shift-no-sale': async (call, { reason }) => {
        const m = moveCash(ctx, call.session!.userId, 'no_sale', 0, reason)
        const receipt = await printer.printDocument((width) => movementSlipLayout(m, header(), { width }))
        return { movement: m, receipt }
      },
      'shift-count-save': (call, { shiftId, count }) => {
        saveCountDraft(ctx, call.session!.userId, shiftId, count)
        return null
      },
      'shift-close': async (call, { shiftId, count, books }) => {
        const r = closeShift(ctx, call.session!.userId, shiftId, count, books)
        changed()
        if (r.status !== 'closed') return r
        const receipt = await printer.printDocument((width) => shiftReportLayout(r.report, header(), { width }))
        return { ...r, receipt }
      },
      'shift-sign-off': async (call, { shiftId, approver, note }) => {
        const r = signOffShift(ctx, call.session!.userId, shiftId, approver, note)
        changed()
        if (r.status !== 'closed') return r
        const receipt = await printer.printDocument((width) => shiftReportLayout(r.report, header(), { width }))
        return { ...r, receipt }
      },
      'shift-x-report': () => {
        const r = xReport(ctx)
        return withSvg(r, (width) => shiftReportLayout(r, header(), { width }))
      },
      'shift-list': (_call, { day }) => listShifts(ctx, day ?? today(ctx)),
      'report-z': (call, { shiftId }) => {
        const r = storedZ(ctx, call.session!.userId, shiftId)
        return withSvg(r, (width) => shiftReportLayout(r, header(true), { width }))
      },
      'report-day': (_call, { day }) => {
        const r = dayReport(ctx, day ?? today(ctx))
        return withSvg(r, (width) => dayReportLayout(r, header(), { width }))
      },
      'report-day-close': async (call, { day }) => {
        const r = closeDay(ctx, call.session!.userId, day)
        bus.emit('day.closed', { report_id: r.stored!.report_id, business_day: day, user_id: call.session!.userId })
        return r
      },
      'report-settlement': (_call, { weekOf }) => {
        const s = settlement(ctx, weekOf ?? today(ctx))
        return withSvg(s, (width) => settlementLayout(s, header(), { width }))
      },
      'report-print': async (call, what) => {
        const userId = call.session!.userId
        let build: (width: number) => LayoutOp[]
        if (what.kind === 'x') {
          can(userId, 'report.shift')
          const r = xReport(ctx)
          build = (width) => shiftReportLayout(r, header(), { width })
        } else if (what.kind === 'z') {
          const r = storedZ(ctx, userId, what.shiftId)
          build = (width) => shiftReportLayout(r, header(true), { width })
        } else if (what.kind === 'day') {
          can(userId, 'report.day')
          const r = dayReport(ctx, what.day ?? today(ctx))
          build = (width) => dayReportLayout(r, header(), { width })
        } else {
          can(userId, 'report.day')
          const s = settlement(ctx, what.weekOf ?? today(ctx))
          build = (width) => settlementLayout(s, header(), { width })
        }
        return printer.printDocument(build)
      },
    },
  }
}
