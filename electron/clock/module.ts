import type { Ctx } from '../core/context'
import type { Module, Service } from '../core/module'
import { acknowledgeClock, vouchTime } from './trusted'

/** The trusted clock: a manager's acknowledgement, and the heartbeat that vouches for the time once a minute. */
export function clockModule(ctx: Ctx, log: (msg: string, err?: unknown) => void): Module<'clock-acknowledge'> {
  let timer: NodeJS.Timeout | null = null
  const heartbeat: Service = {
    start() {
      timer = setInterval(() => {
        try {
          vouchTime(ctx)
        } catch (err) {
          log('clock heartbeat failed', err)
        }
      }, 60_000)
      timer.unref()
    },
    async stop() {
      if (timer) clearInterval(timer)
    },
  }
  return {
    name: 'clock',
    handlers: { 'clock-acknowledge': (call, { note }) => acknowledgeClock(ctx, call.session!.userId, note) },
    reactions: {},
    services: [heartbeat],
  }
}
