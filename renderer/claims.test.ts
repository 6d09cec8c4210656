import { describe, expect, it } from 'vitest'
import type { PublicUser, ValidationResult } from '../shared/contract'
import { perform } from './actions'
import { ageCheckedGames, emptyCart } from './cart'
import { sell } from './checkout'
import { matchedNumbers, nextAction, outcomeLook, typedDigits } from './claims'
import { approvers } from './components/ManagerApproval'
import { daily, game } from './fixtures'
import { useCart, useUi } from './store'

const keno = game({ _id: 'a00000000000000000000009', name: 'Keno Express', code: 'KENO', age_check: true })

const answer = (over: Partial<ValidationResult>): ValidationResult => ({
  outcome: 'winner',
  message: '',
  ticket: null,
  prize: { prize_level: 'Match 3', amount: 50_000 },
  winning_numbers: [3, 14, 27],
  payable: true,
  needs_cash_confirmation: false,
  ...over,
})
const ticket = { _id: 'b'.repeat(24) } as ValidationResult['ticket']

describe('showing a validation answer', () => {
  it('colours winners, losers, pending draws and refusals differently', () => {
    expect(outcomeLook('winner').tone).toBe('win')
    expect(outcomeLook('not_winner').tone).toBe('lose')
    expect(outcomeLook('draw_pending').tone).toBe('warn')
    for (const o of ['already_paid', 'cancelled', 'expired', 'code_wrong', 'invalid_number'] as const) {
      expect(outcomeLook(o).tone).toBe('bad')
    }
  })

  it('highlights only the numbers that were drawn', () => {
    expect([...matchedNumbers([3, 5, 14], [3, 14, 27])]).toEqual([3, 14])
    expect(matchedNumbers([1, 2], null).size).toBe(0)
  })

  it('counts digits whatever separators were typed', () => {
    expect(typedDigits('0001-007-0000000001-5 1234 5678')).toBe(26)
    expect(typedDigits('')).toBe(0)
  })

  it('offers to pay a payable winner, a claim receipt above the limit, and nothing otherwise', () => {
    expect(nextAction(answer({ ticket }))).toBe('pay')
    expect(nextAction(answer({ ticket, payable: false }))).toBe('refer')
    expect(nextAction(answer({ ticket, outcome: 'already_paid' }))).toBeNull()
    expect(nextAction(answer({ ticket: null }))).toBeNull()
    expect(nextAction(null)).toBeNull()
  })
})

describe('cancellation approvers', () => {
  it('are the managers and admins', () => {
    const users = [
      { username: 'maria', role: 'manager' },
      { username: 'carlos', role: 'staff' },
      { username: 'ada', role: 'admin' },
    ] as PublicUser[]
    expect(approvers(users).map((u) => u.username)).toEqual(['maria', 'ada'])
  })
})

describe('the age check', () => {
  it('knows which games in the cart ask for it', () => {
    const cart = perform(perform(emptyCart, 'addGame', { game: daily }), 'addGame', { game: keno })
    expect(ageCheckedGames(cart)).toEqual(['Keno Express'])
    expect(ageCheckedGames(perform(emptyCart, 'addGame', { game: daily }))).toEqual([])
  })

  it('a confirmation holds for this cart only: any change asks again', () => {
    const cart = { ...perform(emptyCart, 'addGame', { game: keno }), ageConfirmed: true }
    expect(perform(cart, 'increment', {}).ageConfirmed).toBe(false)
    expect(perform(cart, 'selectNext', undefined).ageConfirmed).toBe(true)
  })

  it('Sell asks for the age before anything reaches the backend', async () => {
    useCart.setState({ cart: perform(emptyCart, 'addGame', { game: keno }) })
    await sell()
    expect(useUi.getState().overlay).toEqual({ kind: 'age', games: ['Keno Express'] })
    expect(useUi.getState().selling).toBe(false)
    expect(useCart.getState().cart.requestId).toBeNull()
  })
})
