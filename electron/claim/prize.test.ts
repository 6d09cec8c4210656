import { describe, expect, it } from 'vitest'
import { DEMO_GAMES } from '../demo/seed'
import { evaluatePrize } from './prize'

const lotto = DEMO_GAMES.find((g) => g.code === 'LOTTO')!.prize_structure
const pick3 = DEMO_GAMES.find((g) => g.code === 'PICK3')!.prize_structure
const drawn = [5, 12, 19, 28, 36, 44]

describe('prize evaluation against a game prize_structure', () => {
  it('pays each tier on its exact number of matches', () => {
    expect(evaluatePrize([5, 12, 19, 28, 36, 44], drawn, lotto)).toEqual({
      prize_level: 'Jackpot',
      amount: 100_000_000,
      matches: 6,
    })
    expect(evaluatePrize([5, 12, 19, 28, 36, 1], drawn, lotto)).toMatchObject({
      prize_level: 'Match 5',
      amount: 250_000,
    })
    expect(evaluatePrize([5, 12, 19, 28, 2, 1], drawn, lotto)).toMatchObject({ prize_level: 'Match 4', amount: 5_000 })
    expect(evaluatePrize([5, 12, 19, 3, 2, 1], drawn, lotto)).toMatchObject({ prize_level: 'Match 3', amount: 1_000 })
  })

  it('pays nothing below the lowest tier, and ignores order', () => {
    expect(evaluatePrize([5, 12, 4, 3, 2, 1], drawn, lotto)).toBeNull()
    expect(evaluatePrize([1, 2, 3, 4, 6, 7], drawn, lotto)).toBeNull()
    expect(evaluatePrize([27, 3, 14], [3, 14, 27], pick3)).toMatchObject({ prize_level: 'Match 3' })
  })

  it('takes the larger amount where two levels share a match count, and skips zero-amount levels', () => {
    const odd = [
      { prize_level: 'A', matches: 2, amount: 100 },
      { prize_level: 'B', matches: 2, amount: 300 },
      { prize_level: 'Free play', matches: 1, amount: 0 },
    ]
    expect(evaluatePrize([1, 2, 9], [1, 2, 3], odd)).toMatchObject({ prize_level: 'B', amount: 300 })
    expect(evaluatePrize([1, 8, 9], [1, 2, 3], odd)).toBeNull()
  })
})
