import type { PacksStolen } from '../../../shared/contract'
import { formatMoney } from '../../../shared/money'

/**
 * The packs (received on this terminal) reported stolen in a day or a week: what the tickets left in them are
 * worth and whether the lottery bills them. Not in the amount due and not a difference of the day: the lottery
 * decides on the credit.
 */
export function StolenPacks({ stolen, currency, when }: { stolen?: PacksStolen; currency: string; when: string }) {
  if (!stolen?.packs.length) return null
  const m = (n: number) => formatMoney(n, currency)
  const tickets = (k: number) => `${k} ticket${k === 1 ? '' : 's'}`
  const n = stolen.packs.length
  return (
    <div className="banner warn" role="status" data-testid="packs-stolen">
      <span className="banner-text">
        {n} pack{n === 1 ? '' : 's'} reported stolen {when}: {tickets(stolen.tickets)} unsold ({m(stolen.value)}), not
        in the figures above.{' '}
        {stolen.packs
          .map(
            (p) =>
              `${p.game_name} pack ${p.pack_number}, ${tickets(p.tickets)} (${m(p.value)}): ${
                p.activated
                  ? 'it was on sale, so the lottery bills it unless it credits it'
                  : 'it was not activated yet; the lottery may credit it (it asks for the police report)'
              }${p.note ? ` (${p.note})` : ''}`,
          )
          .join('; ')}
        .
      </span>
    </div>
  )
}
