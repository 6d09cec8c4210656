import type { SaleResult } from '../../shared/contract'
import { listActiveGames } from '../catalog/repo'
import { checkClock } from '../clock/trusted'
import type { Ctx } from '../core/context'
import type { HandlerTable } from '../core/dispatcher'
import { scanForSale } from './scan'
import { createSale } from './service'

export function saleHandlers(
  ctx: Ctx,
  onCommitted: (r: SaleResult) => void,
): Pick<HandlerTable, 'game-list' | 'sale-create' | 'sale-scan'> {
  return {
    // The draw shown is the one a sale would go to: by the latest trusted time, as sale-create decides it.
    'game-list': () => listActiveGames(ctx.read, ctx.store._id, checkClock(ctx).effective, ctx.store.timezone),
    'sale-scan': (call, { code }) => scanForSale(ctx, call.session!.userId, code),
    'sale-create': (call, args) => {
      const result = createSale(ctx, call.session!.userId, args)
      // Printing starts only after the commit; a replay never prints twice.
      if (!result.replayed) onCommitted(result)
      return result
    },
  }
}
