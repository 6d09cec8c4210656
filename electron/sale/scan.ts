import type { ScanResult } from '../../shared/contract'
import { PosError } from '../../shared/errors'
import { classifyScan } from '../../shared/scan'
import { audited } from '../audit/audited'
import type { Ctx } from '../core/context'
import { instantForSale } from '../inventory/packs'
import { insertNotification } from '../notify/repo'
import { productByCode, productView } from '../product/repo'

/**
 * The counter's scanner path for the cart (shared/scan.ts tells the kind by the code's shape): an instant
 * ticket that may be sold now, or a product in stock. The sale checks everything again in its transaction.
 */
export function scanForSale(ctx: Ctx, userId: string, input: string): ScanResult {
  const scan = classifyScan(input)
  switch (scan.kind) {
    case 'invalid':
      throw new PosError('BARCODE_INVALID', scan.reason)
    case 'ticket':
      throw new PosError('BARCODE_INVALID', 'That is a draw ticket: check it with V, or cancel it with C.')
    case 'pack':
      throw new PosError(
        'BARCODE_INVALID',
        "That is an instant pack's label: packs are received and activated in the back office (Packs).",
      )
    case 'instant':
      return instantScan(ctx, userId, scan.code)
    case 'gtin':
    case 'sku': {
      const row = productByCode(ctx.read, scan.code)
      if (!row)
        throw new PosError(
          'NOT_FOUND',
          scan.kind === 'gtin' ? `No product has the barcode ${scan.code}.` : `No product has the SKU ${scan.code}.`,
        )
      if (row.status === 'discontinued')
        throw new PosError('PRODUCT_REFUSED', `${row.product_name} is discontinued: it is no longer sold.`)
      if (row.quantity <= 0) throw new PosError('OUT_OF_STOCK', `${row.product_name} is out of stock.`)
      return { kind: 'product', product: productView(row) }
    }
  }
}

function instantScan(ctx: Ctx, userId: string, code: string): ScanResult {
  try {
    const t = instantForSale(ctx.read, code)
    return {
      kind: 'instant',
      code: t.code,
      lottery_id: t.game._id,
      game_name: t.game.name,
      game_code: t.game.code,
      game_number: t.game_number,
      pack_number: t.pack.pack_number,
      ticket_no: t.ticket_no,
      price: t.pack.ticket_price,
      age_check: t.game.age_check === 1,
    }
  } catch (err) {
    // A ticket of a stolen pack at the counter is evidence: on record, and the managers are told at once.
    if (err instanceof PosError && err.details?.status === 'stolen') {
      audited(
        ctx,
        userId,
        { action: 'pack.stolen_ticket', entity_type: 'pack', description: `${code}: ${err.message}` },
        () =>
          insertNotification(ctx.db, {
            _id: ctx.newId(),
            user_id: null,
            title: 'A ticket of a stolen pack was presented',
            message: `Instant ticket ${code} was scanned at ${ctx.device.device_id}: its pack was reported stolen. It was not sold.`,
            type: 'compliance',
            created_at: ctx.clock().toISOString(),
          }),
      )
    }
    throw err
  }
}
