import { MAX_CHANGE } from '../../../shared/contract'
import { formatMoney } from '../../../shared/money'
import { parseMoney } from '../../format'

/** The quick amounts for cash: exact, then the next $5, $10 and $20 at or above the total, each once. */
export function quickTenders(total: number): { label: string; amount: number }[] {
  const out = [{ label: 'Exact', amount: total }]
  for (const step of [500, 1000, 2000]) {
    const amount = Math.max(step, Math.ceil(total / step) * step)
    if (!out.some((q) => q.amount === amount)) out.push({ label: '', amount })
  }
  return out
}

export interface Tender {
  /** Minor units to send as `tendered`; null: nothing typed, the exact total. */
  amount: number | null
  /** The change to hand back (0 when exact). */
  change: number
  /** Why Sell cannot go ahead with what was typed, in the cashier's words. */
  error: string | null
}

/** What the typed tender means for a cash sale of `total`. */
export function readTender(text: string, total: number, currency: string): Tender {
  if (text.trim() === '') return { amount: null, change: 0, error: null }
  const amount = parseMoney(text, currency)
  if (amount === null || amount < 0)
    return { amount: null, change: 0, error: `"${text}" is not an amount of money. Type it like 20 or 20.50.` }
  if (amount < total)
    return {
      amount,
      change: 0,
      error: `${formatMoney(amount, currency)} does not cover the total of ${formatMoney(total, currency)}: ${formatMoney(total - amount, currency)} more is needed.`,
    }
  if (amount - total > MAX_CHANGE)
    return {
      amount,
      change: 0,
      error: `${formatMoney(amount - total, currency)} in change: check the amount typed.`,
    }
  return { amount, change: amount - total, error: null }
}
