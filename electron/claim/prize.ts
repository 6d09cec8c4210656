import type { PrizeLevel } from '../../shared/contract'

export interface Prize {
  prize_level: string
  amount: number
  matches: number
}

/**
 * A ticket wins the prize level whose `matches` equals how many of its numbers
 * are among the winning numbers (pari-mutuel tiers are exact-match, not
 * "at least"). Where two levels share a match count, the larger amount wins.
 */
export function evaluatePrize(numbers: number[], winning: number[], structure: PrizeLevel[]): Prize | null {
  const drawn = new Set(winning)
  const matches = numbers.filter((n) => drawn.has(n)).length
  let best: Prize | null = null
  for (const level of structure) {
    if (level.matches !== matches || level.amount <= 0) continue
    if (!best || level.amount > best.amount) best = { prize_level: level.prize_level, amount: level.amount, matches }
  }
  return best
}
