import { describe, expect, it } from 'vitest'
import { perform, resolveKey, type KeyContext, type KeyLike, type Resolved } from './actions'
import { emptyCart, type CartState } from './cart'
import { daily, lotto, retired } from './fixtures'

const ctx: KeyContext = { games: [lotto, daily, retired], errorShown: false, overlayOpen: false, backOffice: true }
const body = { tagName: 'BODY' }
const input = { tagName: 'INPUT' }

/** Presses keys on the sale screen the way the app does: resolve, then perform cart actions. */
function press(cart: CartState, keys: (string | KeyLike)[], context = ctx) {
  const commands: string[] = []
  for (const k of keys) {
    const e = typeof k === 'string' ? { key: k, target: body } : k
    const r = resolveKey(e, cart, context)
    if (r?.kind === 'cart') cart = perform(cart, r.name, r.payload as never)
    else if (r?.kind === 'command') commands.push(r.name)
  }
  return { cart, commands }
}

describe('game hotkeys and the quantity multiplier', () => {
  it('F1 adds one ticket of the game mapped to F1', () => {
    const { cart } = press(emptyCart, ['F1'])
    expect(cart.lines.map((l) => [l.code, l.quantity])).toEqual([['L649', 1]])
  })

  it('3 then F2 adds three tickets, and the multiplier is used up', () => {
    const { cart } = press(emptyCart, ['3', 'F2', 'F2'])
    expect(cart.lines[0].quantity).toBe(4)
    expect(cart.multiplier).toBe('')
  })

  it('a touch on a game button uses the typed multiplier too', () => {
    const typed = press(emptyCart, ['1', '2']).cart
    const cart = perform(typed, 'addGame', { game: daily })
    expect(cart.lines[0].quantity).toBe(12)
  })

  it('Backspace corrects the multiplier and Escape drops it without touching the cart', () => {
    let { cart } = press(emptyCart, ['F1', '2', '5', 'Backspace'])
    expect(cart.multiplier).toBe('2')
    cart = press(cart, ['Escape']).cart
    expect(cart.multiplier).toBe('')
    expect(cart.lines).toHaveLength(1)
  })

  it('ignores a leading zero and more than three digits, and says so of the fourth', () => {
    const { cart } = press(emptyCart, ['0', '1', '2', '3', '4'])
    expect(cart.multiplier).toBe('123')
    expect(cart.notice).toBe('At most 3 digits before a key: 123 is kept.')
  })

  it('Enter with digits waiting never sells: it says what the digits wait for, and they stay', () => {
    const ready = press(emptyCart, ['F1']).cart
    expect(press(ready, ['Enter']).commands).toEqual(['sell'])
    const { cart, commands } = press(ready, ['1', '0', 'Enter'])
    expect(commands).toEqual([])
    expect(cart.multiplier).toBe('10')
    expect(cart.notice).toMatch(/^10 is typed and waits for its key: .* Nothing was sold\.$/)
    expect(cart.lines[0].quantity).toBe(1)
    // F6 then takes it as the cash handed over, and Enter sells.
    const paid = press(cart, ['F6', 'Enter'])
    expect(paid.cart.tendered).toBe('10')
    expect(paid.commands).toEqual(['sell'])
  })

  it('a point or a comma in a count clears it: "1.5 F2" is never 15 tickets', () => {
    for (const sep of ['.', ',']) {
      const { cart } = press(emptyCart, ['1', sep, '5', 'F2'])
      expect(cart.notice === null || !cart.notice.includes('15'), sep).toBe(true)
      expect(
        cart.lines.map((l) => l.quantity),
        sep,
      ).toEqual([5])
    }
    expect(press(emptyCart, ['1', '.']).cart).toMatchObject({
      multiplier: '',
      notice: 'A count is a whole number: 1.… was cleared.',
    })
  })

  it('does not sell an inactive game from its hotkey', () => {
    expect(press(emptyCart, ['F3']).cart.lines).toHaveLength(0)
  })

  it('a held-down game key adds one ticket, not one per key repeat', () => {
    const { cart } = press(emptyCart, ['F1', { key: 'F1', repeat: true, target: body }])
    expect(cart.lines[0].quantity).toBe(1)
  })

  it('leaves browser shortcuts alone', () => {
    expect(resolveKey({ key: 'F1', ctrlKey: true, target: body }, emptyCart, ctx)).toBeNull()
    expect(resolveKey({ key: '5', altKey: true, target: body }, emptyCart, ctx)).toBeNull()
  })
})

describe('typing in a field', () => {
  it('digits, Enter and Escape typed in a field are not cashier commands', () => {
    const cart = press(emptyCart, ['F1']).cart
    for (const key of ['4', 'Enter', 'Escape', 'Delete', '+']) {
      expect(resolveKey({ key, target: input }, cart, ctx)).toBeNull()
    }
  })

  it('function keys still work from a field, so a game key never needs a click first', () => {
    expect(resolveKey({ key: 'F2', target: input }, emptyCart, ctx)).toMatchObject({ kind: 'cart', name: 'addGame' })
    expect(resolveKey({ key: 'F7', target: input }, emptyCart, ctx)).toMatchObject({ name: 'setPayment' })
  })

  it('nothing on the sale screen reacts while a dialog is open', () => {
    expect(resolveKey({ key: 'F1', target: body }, emptyCart, { ...ctx, overlayOpen: true })).toBeNull()
  })
})

describe('editing the cart from the keyboard', () => {
  it('+ and - change the selected line, Delete removes it, arrows move between lines', () => {
    let { cart } = press(emptyCart, ['F1', 'F2', '+', '+'])
    expect(cart.lines.map((l) => l.quantity)).toEqual([1, 3])
    cart = press(cart, ['ArrowUp', '+', '-', '-', '-']).cart
    expect(cart.lines.map((l) => l.quantity)).toEqual([1, 3])
    cart = press(cart, ['ArrowDown', 'Delete']).cart
    expect(cart.lines.map((l) => l.code)).toEqual(['L649'])
  })

  it('F6, F7 and F8 choose cash, card and wallet', () => {
    expect(press(emptyCart, ['F7']).cart.payment).toBe('card')
    expect(press(emptyCart, ['F8']).cart.payment).toBe('wallet')
    expect(press(emptyCart, ['F8', 'F6']).cart.payment).toBe('cash')
  })

  it('Escape with a cart asks before clearing it (the question clears it, back to cash payment)', () => {
    const { cart, commands } = press(emptyCart, ['F1', 'F7', 'Escape'])
    expect(commands).toEqual(['askClear'])
    expect(cart.lines).toHaveLength(1)
    expect(perform(cart, 'clear', undefined)).toEqual(emptyCart)
    // An empty cart has nothing to ask about.
    expect(press(emptyCart, ['Escape']).commands).toEqual([])
  })

  it('C opens the cancel flow whether or not a cart is in progress, and leaves the cart alone', () => {
    const cart = press(emptyCart, ['F1']).cart
    const result = press(cart, ['c'])
    expect(result.commands).toEqual(['cancelTicket'])
    expect(result.cart).toEqual(cart)
    expect(press(emptyCart, ['C']).commands).toEqual(['cancelTicket'])
  })

  it('with an error showing, Escape dismisses the error and keeps the cart', () => {
    const cart = press(emptyCart, ['F1']).cart
    const result = press(cart, ['Escape'], { ...ctx, errorShown: true })
    expect(result.commands).toEqual(['dismissError'])
    expect(result.cart.lines).toHaveLength(1)
  })
})

describe('commands', () => {
  const resolved = (key: string, cart = emptyCart, context = ctx): Resolved | null =>
    resolveKey({ key, target: body }, cart, context)

  it('Enter sells only when there is something to sell', () => {
    expect(resolved('Enter')).toBeNull()
    expect(resolved('Enter', press(emptyCart, ['F1']).cart)).toEqual({ kind: 'command', name: 'sell' })
  })

  it('Enter or Space on a focused button, link or field presses that control and never sells', () => {
    const cart = press(emptyCart, ['F1']).cart
    for (const target of [
      { tagName: 'BUTTON' },
      { tagName: 'A' },
      input,
      { tagName: 'DIV', getAttribute: () => 'radio' },
    ]) {
      expect(resolveKey({ key: 'Enter', target }, cart, ctx)).toBeNull()
      expect(resolveKey({ key: ' ', target }, cart, ctx)).toBeNull()
    }
    // The cashier's other keys still work with the focus on a button.
    expect(resolveKey({ key: 'F2', target: { tagName: 'BUTTON' } }, cart, ctx)).toMatchObject({ name: 'addGame' })
    expect(resolveKey({ key: 'Enter', target: body }, cart, ctx)).toEqual({ kind: 'command', name: 'sell' })
  })

  it('a held Enter does not send a second sale', () => {
    const cart = press(emptyCart, ['F1']).cart
    expect(resolveKey({ key: 'Enter', repeat: true, target: body }, cart, ctx)).toBeNull()
  })

  it('V checks a ticket and R shows results, but not while typing in a field', () => {
    expect(resolved('v')).toEqual({ kind: 'command', name: 'validate' })
    expect(resolved('R')).toEqual({ kind: 'command', name: 'results' })
    expect(resolveKey({ key: 'v', target: input }, emptyCart, ctx)).toBeNull()
  })

  it('F5 reprints, F10 locks, F9 opens the back office only for those allowed', () => {
    expect(resolved('F5')).toEqual({ kind: 'command', name: 'reprintLast' })
    expect(resolved('F10')).toEqual({ kind: 'command', name: 'lock' })
    expect(resolved('F9')).toEqual({ kind: 'command', name: 'backOffice' })
    expect(resolved('F9', emptyCart, { ...ctx, backOffice: false })).toBeNull()
  })
})
