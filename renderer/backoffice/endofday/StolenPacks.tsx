import type { PacksStolen } from '../../../shared/contract'
import { formatMoney } from '../../../shared/money'

/**
 * The packs reported stolen in a day or a week, store-wide: what their unsold tickets are worth and whether the
 * lottery bills them. Not in the amount due and not a difference of the day: the lottery decides on the credit.
 */
export function StolenPacks({ stolen, currency, when }: { stolen?: PacksStolen; currency: string; when: string }) {
  if (!stolen?.packs.length) return null
  const m = (n: number) => formatMoney(n, currency)
  const n = stolen.packs.length
  return (
    <div className="banner warn" role="status" data-testid="packs-stolen">
      <span className="banner-text">
        {n} pack{n === 1 ? '' : 's'} reported stolen {when}: {stolen.tickets} tickets unsold ({m(stolen.value)}), not in
        the figures above.{' '}
        {stolen.packs
          .map(
            (p) =>
              `${p.game_name} pack ${p.pack_number}, ${p.tickets} unsold (${m(p.value)}): ${
                p.activated
                  ? 'it was on sale, so the lottery bills it unless it credits it'
                  : 'it was not activated yet; the lottery credits it once told'
              }${p.note ? ` (${p.note})` : ''}`,
          )
          .join('; ')}
        .
      </span>
    </div>
  )
}
