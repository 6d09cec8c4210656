import type { BookCountView, PackView } from '../../shared/contract'
import { PosError } from '../../shared/errors'
import { instantCode, moveRefusal, PACK_STATUS_WORDS, parseInstant, type PackStatus } from '../../shared/instant'
import { instantSaleGame, type SaleGameRow } from '../catalog/repo'
import { auditEntry } from '../audit/audited'
import type { Ctx } from '../core/context'
import { insertNotification } from '../notify/repo'
import { enqueue } from '../outbox/repo'
import { inTransaction, type ReadDB } from '../store/db'
import {
  insertPack,
  insertBookCount,
  insertInstantSale,
  insertPackEvent,
  instantGame,
  salePack,
  type SalePack,
  packStatusOf,
  packsToCount,
  packView,
  setPackStatus,
  type PackRow,
} from './pack-repo'

export { bookCountsOf, instantMissingOf, listPacks, packsStolenBetween } from './pack-repo'

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

/** An instant ticket that may be sold now: its game, its pack (activated) and its number in the pack. */
export interface InstantForSale {
  code: string
  game: SaleGameRow
  game_number: string
  pack: SalePack
  ticket_no: number
}

/**
 * Whether the ticket a barcode names may be sold, read only (the sale checks again in its transaction, and
 * the counter asks when the ticket is scanned): a ticket sells once, from an activated pack, within its size.
 */
export function instantForSale(db: ReadDB, input: string): InstantForSale {
  const parsed = parseInstant(input)
  if (!parsed.ok) throw new PosError('BARCODE_INVALID', parsed.reason)
  if (parsed.code.kind !== 'ticket')
    throw new PosError(
      'BARCODE_INVALID',
      "That is a pack's label, not a ticket: packs are received in the back office (Packs).",
    )
  const { game: number, pack: packNumber, ticket } = parsed.code
  const game = instantSaleGame(db, number)
  if (!game) throw new PosError('GAME_UNKNOWN', `No instant game number ${number} on this terminal.`)
  if (game.status !== 'active') throw new PosError('GAME_INACTIVE', `${game.name} is not on sale.`)
  const pack = salePack(db, game._id, packNumber, ticket)
  if (!pack)
    throw new PosError(
      'INSTANT_REFUSED',
      `${game.name} pack ${packNumber} was never received here: a manager receives and activates it first.`,
    )
  if (pack.status !== 'activated') {
    const why =
      pack.status === 'received'
        ? 'is not activated yet: a manager activates it in Packs'
        : pack.status === 'stolen'
          ? 'was reported stolen: its tickets can never be sold. Keep the ticket and call a manager'
          : `is ${PACK_STATUS_WORDS[pack.status]}`
    throw new PosError('INSTANT_REFUSED', `${game.name} pack ${packNumber} ${why}. Nothing was sold.`, {
      status: pack.status,
    })
  }
  if (ticket >= pack.tickets_per_pack)
    throw new PosError(
      'INSTANT_REFUSED',
      `${game.name} pack ${packNumber} has ${pack.tickets_per_pack} tickets (000 to ${String(pack.tickets_per_pack - 1).padStart(3, '0')}): there is no ticket ${String(ticket).padStart(3, '0')}.`,
    )
  if (pack.sold_in)
    throw new PosError(
      'INSTANT_REFUSED',
      `${game.name} pack ${packNumber} ticket ${String(ticket).padStart(3, '0')} was already sold (${pack.sold_in}). Nothing was sold.`,
      { transaction_id: pack.sold_in },
    )
  return { code: instantCode(number, packNumber, ticket), game, game_number: number, pack, ticket_no: ticket }
}

/**
 * Records an instant ticket sold in the sale's transaction: the ticket taken from its pack, the pack's count
 * for central, and the pack settled (sold out) with its last ticket.
 */
export function sellInstant(
  ctx: Ctx,
  userId: string,
  ids: { sale: string; instant: string },
  t: InstantForSale,
  now: string,
): void {
  const sold = insertInstantSale(ctx.db, {
    _id: ids.instant,
    sale_id: ids.sale,
    pack_id: t.pack._id,
    ticket_no: t.ticket_no,
    created_at: now,
  })
  const soldOut = sold === t.pack.tickets_per_pack
  if (soldOut) setPackStatus(ctx.db, t.pack._id, 'settled', userId, now)
  enqueue(
    ctx.db,
    'packs',
    t.pack._id,
    'update',
    soldOut
      ? { _id: t.pack._id, sold, status: 'settled', ended_at: now, ended_by: userId, updated_at: now }
      : { _id: t.pack._id, sold, updated_at: now },
    now,
  )
  if (soldOut) packEvent(ctx, userId, t.pack._id, 'settled', 'sold out', now)
}

/**
 * The closing cashier's book count, in the close's transaction: every activated pack's next ticket number. The
 * tickets before it have left the pack; those the terminal did not sell since the last count are missing, shown
 * on the Z report and audited. A count below the last one, or past the pack's end, is a miscount and refused.
 */
export function recordBookCounts(
  ctx: Ctx,
  userId: string,
  shiftId: string,
  books: { packId: string; nextTicket: number }[],
  now: string,
): BookCountView[] {
  const packs = packsToCount(ctx.db, ctx.store._id)
  const given = new Map<string, number>()
  for (const b of books) {
    if (given.has(b.packId)) throw new PosError('COUNT_INVALID', 'A pack was counted twice: count each pack once.')
    given.set(b.packId, b.nextTicket)
  }
  const known = new Set(packs.map((p) => p._id))
  if (books.some((b) => !known.has(b.packId)))
    throw new PosError('COUNT_INVALID', 'A counted pack is not on sale in this store: look at the packs again.')
  const uncounted = packs.filter((p) => !given.has(p._id))
  if (uncounted.length)
    throw new PosError(
      'COUNT_INVALID',
      `Count every instant pack on sale: ${uncounted.map((p) => `${p.game_name} ${p.pack_number}`).join(', ')} has no next ticket number.`,
      { packs: uncounted.map((p) => p._id) },
    )
  const out: BookCountView[] = []
  for (const p of packs) {
    const next = given.get(p._id)!
    const label = `${p.game_name} pack ${p.pack_number}`
    if (next > p.tickets_per_pack)
      throw new PosError(
        'COUNT_INVALID',
        `${label} has ${p.tickets_per_pack} tickets: the next ticket is at most ${p.tickets_per_pack} (all gone).`,
      )
    // A ticket sold is gone from the pack: a count at or below it would hide the tickets between.
    if (p.highest_sold !== null && next <= p.highest_sold)
      throw new PosError(
        'COUNT_INVALID',
        `${label}: ticket ${String(p.highest_sold).padStart(3, '0')} was sold, so the next ticket is at least ${String(p.highest_sold + 1).padStart(3, '0')}. Count it again.`,
      )
    if (p.last_next !== null && next < p.last_next)
      throw new PosError(
        'COUNT_INVALID',
        `${label} was at ticket ${p.last_next} at the last count: tickets never go back into a pack. Count it again.`,
      )
    // What left the pack without a sale, less what was already missing at the last count.
    const missing = next - p.sold - (p.last_next === null ? 0 : p.last_next - (p.last_sold ?? 0))
    const row = {
      _id: ctx.newId(),
      shift_id: shiftId,
      pack_id: p._id,
      next_ticket: next,
      sold: p.sold,
      missing,
      user_id: userId,
      created_at: now,
    }
    insertBookCount(ctx.db, row)
    out.push({
      pack_id: p._id,
      game_name: p.game_name,
      pack_number: p.pack_number,
      tickets_per_pack: p.tickets_per_pack,
      ticket_price: p.ticket_price,
      next_ticket: next,
      sold: p.sold,
      missing,
    })
  }
  const off = out.filter((b) => b.missing !== 0)
  if (out.length)
    auditEntry(
      ctx,
      userId,
      {
        action: 'pack.book_count',
        entity_type: 'shift',
        entity_id: shiftId,
        description: off.length
          ? `book count: ${off.map((b) => `${b.game_name} ${b.pack_number} ${b.missing > 0 ? `${b.missing} missing` : `${-b.missing} sold after being counted missing`}`).join(', ')}`
          : `book count: ${out.length} packs, none missing`,
      },
      now,
    )
  return out
}
