import type { Backend } from '../backend'
import { lastSaleAt } from '../sale/repo'
import type { TerminalConfig } from '../device/config'
import { unclosedShift } from '../shift/repo'
import type { InstallFacts } from './policy'

/** What installDecision needs to know of the running terminal, read from its backend. */
export function installFacts(
  backend: Pick<Backend, 'ctx' | 'printer'>,
  config: Pick<TerminalConfig, 'opening_hours'> | null,
  downloaded: string | null,
  now: Date,
): InstallFacts {
  const { ctx } = backend
  return {
    downloaded,
    shiftOpen: unclosedShift(ctx.read, ctx.device.device_id) !== null,
    printing: backend.printer.pending() > 0,
    lastSaleAt: lastSaleAt(ctx.read),
    now,
    timezone: ctx.store.timezone,
    ...(config?.opening_hours ? { openingHours: config.opening_hours } : {}),
  }
}
