import { PosError } from '../../shared/errors'

export interface PickRules {
  name: string
  pick_count: number
  pick_min: number
  pick_max: number
}

/** The player's own numbers must be exactly pick_count distinct whole numbers in range. */
export function checkPick(rules: PickRules, numbers: number[]): number[] {
  const { name, pick_count, pick_min, pick_max } = rules
  const bad = (why: string) =>
    new PosError(
      'NUMBERS_INVALID',
      `${name}: ${why}. Pick ${pick_count} different numbers from ${pick_min} to ${pick_max}.`,
      {
        numbers,
      },
    )
  if (numbers.length !== pick_count) throw bad(`${numbers.length} numbers given`)
  for (const n of numbers) {
    if (!Number.isInteger(n) || n < pick_min || n > pick_max) throw bad(`${n} is out of range`)
  }
  if (new Set(numbers).size !== numbers.length) throw bad('a number is repeated')
  return [...numbers].sort((a, b) => a - b)
}

/** Quick pick: a partial Fisher-Yates shuffle of the range, so every combination is equally likely. */
export function quickPick(rules: PickRules, randomInt: (min: number, maxExclusive: number) => number): number[] {
  const size = rules.pick_max - rules.pick_min + 1
  const pool = new Array<number>(size)
  for (let i = 0; i < size; i++) pool[i] = rules.pick_min + i
  for (let i = 0; i < rules.pick_count; i++) {
    const j = randomInt(i, size)
    const t = pool[i]
    pool[i] = pool[j]
    pool[j] = t
  }
  // The first pick_count of the pool, ascending: an insertion sort of a handful of numbers, without truncating
  // the pool or calling a comparator (both showed up per ticket in the sale's profile).
  const out = new Array<number>(rules.pick_count)
  for (let i = 0; i < rules.pick_count; i++) {
    const v = pool[i]
    let k = i
    while (k > 0 && out[k - 1] > v) {
      out[k] = out[k - 1]
      k--
    }
    out[k] = v
  }
  return out
}
