import type { PackView } from '../../shared/contract'
import { PosError } from '../../shared/errors'
import { moveRefusal, parseInstant, type PackStatus } from '../../shared/instant'
import { auditEntry } from '../audit/audited'
import type { Ctx } from '../core/context'
import { insertNotification } from '../notify/repo'
import { enqueue } from '../outbox/repo'
import { inTransaction } from '../store/db'
import {
  insertPack,
  insertPackEvent,
  instantGame,
  packStatusOf,
  packView,
  setPackStatus,
  type PackRow,
} from './pack-repo'

export { listPacks } from './pack-repo'

function packEvent(ctx: Ctx, userId: string, packId: string, event: PackStatus, note: string | null, now: string) {
  const e = { _id: ctx.newId(), pack_id: packId, event, user_id: userId, note, created_at: now }
  insertPackEvent(ctx.db, e)
  enqueue(ctx.db, 'pack_events', e._id, 'insert', { ...e, store_id: ctx.store._id }, now)
}

/**
 * A delivered pack, confirmed by its label (shared/instant.ts): the game by its number, the pack received with
 * the game's tickets per pack and price, its event on record and for central. A label scanned twice is one pack.
 */
export function receivePack(ctx: Ctx, userId: string, label: string): PackView {
  const parsed = parseInstant(label)
  if (!parsed.ok) throw new PosError('BARCODE_INVALID', parsed.reason)
  if (parsed.code.kind !== 'pack')
    throw new PosError('BARCODE_INVALID', "That is a ticket's barcode: scan the pack's label to receive the pack.")
  const { game: number, pack } = parsed.code
  const now = ctx.clock().toISOString()
  return inTransaction(ctx.db, () => {
    const game = instantGame(ctx.db, number)
    if (!game) throw new PosError('NOT_FOUND', `No instant game number ${number} on this terminal.`)
    if (!game.pack_size) throw new PosError('NOT_FOUND', `${game.name} has no pack size set: it cannot be received.`)
    const dup = packStatusOf(ctx.db, game._id, pack)
    if (dup) throw new PosError('PACK_EXISTS', `Pack ${pack} of ${game.name} was already received (it is ${dup}).`)
    const row: PackRow = {
      _id: ctx.newId(),
      store_id: ctx.store._id,
      lottery_id: game._id,
      pack_number: pack,
      tickets_per_pack: game.pack_size,
      ticket_price: game.ticket_price,
      status: 'received',
      sold: 0,
      received_at: now,
      received_by: userId,
      activated_at: null,
      activated_by: null,
      ended_at: null,
      ended_by: null,
      updated_at: now,
    }
    insertPack(ctx.db, row)
    enqueue(ctx.db, 'packs', row._id, 'insert', row, now)
    packEvent(ctx, userId, row._id, 'received', null, now)
    auditEntry(
      ctx,
      userId,
      {
        action: 'pack.receive',
        entity_type: 'pack',
        entity_id: row._id,
        description: `received ${game.name} pack ${pack}`,
      },
      now,
    )
    return packView(ctx.db, row._id)!
  })
}

/**
 * A manager moves a pack on (shared/instant.ts says which moves exist). A stolen pack can never be sold and
 * the managers are told at once (compliance).
 */
export function movePack(
  ctx: Ctx,
  userId: string,
  packId: string,
  to: Exclude<PackStatus, 'received'>,
  note: string | undefined,
): PackView {
  const now = ctx.clock().toISOString()
  return inTransaction(ctx.db, () => {
    const p = packView(ctx.db, packId, ctx.store._id)
    if (!p) throw new PosError('NOT_FOUND', 'No such pack in this store.')
    const refusal = moveRefusal(p.status, to)
    if (refusal) throw new PosError('PACK_STATE', refusal)
    if ((to === 'stolen' || to === 'returned') && !note?.trim())
      throw new PosError('VALIDATION', `Say why the pack is ${to}: the lottery will ask.`)
    setPackStatus(ctx.db, packId, to, userId, now)
    enqueue(
      ctx.db,
      'packs',
      packId,
      'update',
      to === 'activated'
        ? { _id: packId, status: to, activated_at: now, activated_by: userId, updated_at: now }
        : { _id: packId, status: to, ended_at: now, ended_by: userId, updated_at: now },
      now,
    )
    packEvent(ctx, userId, packId, to, note?.trim() || null, now)
    auditEntry(
      ctx,
      userId,
      {
        action: `pack.${to}`,
        entity_type: 'pack',
        entity_id: packId,
        description: `${p.game_name} pack ${p.pack_number} ${to}${note ? `: ${note}` : ''}`,
      },
      now,
    )
    if (to === 'stolen')
      insertNotification(ctx.db, {
        _id: ctx.newId(),
        user_id: null,
        title: `Pack reported stolen: ${p.game_name} ${p.pack_number}`,
        message:
          `${p.game_name} pack ${p.pack_number} (${p.tickets_per_pack - p.sold} tickets unsold) was reported stolen on ${ctx.device.device_id}: it can no longer be sold. Tell the lottery. ${note ?? ''}`.trim(),
        type: 'compliance',
        created_at: now,
      })
    return packView(ctx.db, packId)!
  })
}
