import { describe, expect, it } from 'vitest'
import type { ProductView, ScanResult } from '../shared/contract'
import {
  addGame,
  addScanned,
  emptyCart,
  itemCount,
  MAX_CART_LINES,
  parsePicks,
  removeLine,
  setPayment,
  setPicks,
  setQuantity,
  ticketCount,
  toSaleLines,
  totalsOf,
  validatePicks,
} from './cart'
import { daily, game, lotto } from './fixtures'

describe('cart lines', () => {
  it('adding the same game twice makes one line with the tickets added up', () => {
    let cart = addGame(emptyCart, lotto, 1)
    cart = addGame(cart, lotto, 2)
    expect(cart.lines).toHaveLength(1)
    expect(cart.lines[0].quantity).toBe(3)
    expect(cart.lines[0].picks).toEqual([null, null, null])
    expect(cart.selected).toBe(lotto._id)
  })

  it('caps a line at the game limit per sale and says so', () => {
    const cart = addGame(emptyCart, lotto, 25)
    expect(cart.lines[0].quantity).toBe(10)
    expect(cart.notice).toMatch(/at most 10 tickets/)
  })

  it('never goes below one ticket or above the contract maximum of 100', () => {
    const many = addGame(emptyCart, game({ max_tickets_per_sale: 0 }), 500)
    expect(many.lines[0].quantity).toBe(100)
    const one = setQuantity(many, lotto._id, 0)
    expect(one.lines[0].quantity).toBe(1)
  })

  it('shrinking a line drops the numbers of the tickets taken away', () => {
    let cart = addGame(emptyCart, daily, 3)
    cart = setPicks(cart, daily._id, [[1, 2, 3], null, [7, 8, 9]])
    cart = setQuantity(cart, daily._id, 2)
    expect(cart.lines[0].picks).toEqual([[1, 2, 3], null])
  })

  it('removing a line moves the cursor to the next one', () => {
    let cart = addGame(addGame(emptyCart, lotto, 1), daily, 1)
    cart = removeLine(cart, daily._id)
    expect(cart.lines.map((l) => l.code)).toEqual(['L649'])
    expect(cart.selected).toBe(lotto._id)
    expect(removeLine(cart, lotto._id).selected).toBeNull()
  })

  it('refuses a line beyond the 20 games one sale may hold', () => {
    let cart = emptyCart
    for (let i = 0; i < MAX_CART_LINES; i++) cart = addGame(cart, game({ _id: `b${String(i).padStart(23, '0')}` }), 1)
    const more = addGame(cart, daily, 1)
    expect(more.lines).toHaveLength(MAX_CART_LINES)
    expect(more.notice).toMatch(/20 games/)
  })
})

const cola: ProductView = {
  _id: 'c'.repeat(24),
  product_name: 'Cola 330ml',
  sku: 'COLA-330',
  barcode: '5000112637922',
  category: '',
  description: '',
  quantity: 3,
  price: 150,
  supplier_id: null,
  location: '',
  received_date: null,
  last_updated: '2026-12-01T00:00:00.000Z',
  status: 'in_stock',
  tags: [],
  image_url: null,
  age_check: false,
}
const codeOf = (ticket_no: number) => `0457100001${String(ticket_no).padStart(3, '0')}0`
const instant = (ticket_no: number): ScanResult => ({
  kind: 'instant',
  code: codeOf(ticket_no),
  lottery_id: 'i'.repeat(24),
  game_name: 'Cash Blast',
  game_code: 'BLAST',
  game_number: '0457',
  pack_number: '100001',
  ticket_no,
  price: 500,
  age_check: false,
})

describe('one cart: instant tickets and products', () => {
  it('adds each instant ticket once, products by quantity up to their stock, and sends each as its line', () => {
    let cart = addGame(emptyCart, lotto, 2)
    cart = addScanned(cart, instant(7), 1)
    cart = addScanned(cart, instant(7), 1)
    expect(cart.notice).toMatch(/Cash Blast 100001-007 is already in the cart/)
    cart = addScanned(cart, instant(8), 5)
    cart = addScanned(cart, { kind: 'product', product: cola }, 2)
    cart = addScanned(cart, { kind: 'product', product: cola }, 2)
    expect(cart.notice).toBe('Only 3 Cola 330ml left.')
    expect(cart.lines.map((l) => [l.kind, l.name, l.quantity])).toEqual([
      ['draw', lotto.name, 2],
      ['instant', 'Cash Blast 100001-007', 1],
      ['instant', 'Cash Blast 100001-008', 1],
      ['product', 'Cola 330ml', 3],
    ])
    expect(ticketCount(cart)).toBe(4)
    expect(itemCount(cart)).toBe(3)
    expect(totalsOf(cart, 0).price).toBe(2 * lotto.ticket_price + 1000 + 450)
    expect(toSaleLines(cart)).toEqual([
      { lotteryId: lotto._id, quantity: 2 },
      { instant: codeOf(7) },
      { instant: codeOf(8) },
      { productId: cola._id, quantity: 3 },
    ])
    // An instant ticket is one ticket: its quantity never changes.
    expect(setQuantity(cart, codeOf(7), 4).lines[1].quantity).toBe(1)
    expect(addScanned(emptyCart, { kind: 'product', product: { ...cola, quantity: 0 } }, 1).notice).toBe(
      'Cola 330ml is out of stock.',
    )
  })
})

describe('checkout identity', () => {
  it('survives a retry of the same cart but not a change to it', () => {
    const cart = { ...addGame(emptyCart, lotto, 2), requestId: 'req-1' }
    expect(setQuantity(cart, lotto._id, 2).requestId).toBe('req-1')
    expect(setQuantity(cart, lotto._id, 3).requestId).toBeNull()
    expect(setPayment(cart, 'cash').requestId).toBe('req-1')
    expect(setPayment(cart, 'card').requestId).toBeNull()
    expect(addGame(cart, daily, 1).requestId).toBeNull()
  })
})

describe('totals and sale lines', () => {
  it('totals price and tax per line in minor units', () => {
    const cart = addGame(addGame(emptyCart, lotto, 3), daily, 1)
    const totals = totalsOf(cart, 825)
    expect(totals.price).toBe(1000)
    // 900 * 8.25% = 74.25 -> 74; 100 * 8.25% = 8.25 -> 8
    expect(totals.tax).toBe(82)
    expect(totals.total_amount).toBe(1082)
    expect(ticketCount(cart)).toBe(4)
  })

  it('sends picks only when the player chose numbers', () => {
    let cart = addGame(addGame(emptyCart, lotto, 2), daily, 2)
    cart = setPicks(cart, daily._id, [null, [4, 5, 6]])
    expect(toSaleLines(cart)).toEqual([
      { lotteryId: lotto._id, quantity: 2 },
      { lotteryId: daily._id, quantity: 2, picks: [null, [4, 5, 6]] },
    ])
  })
})

describe('player numbers', () => {
  const rule = { count: 6, min: 1, max: 49 }

  it('accepts six distinct numbers in range, whatever separates them', () => {
    expect(parsePicks('3 12,19;27-33 41', rule)).toEqual({ numbers: [3, 12, 19, 27, 33, 41], error: null })
  })

  it('treats a blank entry as a quick pick', () => {
    expect(parsePicks('   ', rule)).toEqual({ numbers: null, error: null })
  })

  it('explains what is wrong in words a cashier can repeat to the player', () => {
    expect(parsePicks('1 2 3', rule).error).toBe('Enter 6 numbers (you entered 3).')
    expect(parsePicks('1 2 3 4 5 50', rule).error).toBe('50 is not between 1 and 49.')
    expect(parsePicks('1 2 3 4 5 5', rule).error).toBe('5 is entered twice; numbers must be different.')
    expect(parsePicks('1 2 x', rule).error).toMatch(/digits only/)
    expect(validatePicks([0, 1, 2], { count: 3, min: 0, max: 9 })).toBeNull()
  })
})

describe('stock', () => {
  const keno = game({ _id: 'k'.padStart(24, '0'), name: 'Keno Express', remaining_stock: 5, max_tickets_per_sale: 20 })

  it('refuses a quantity the stock cannot cover as it is added, keeping what it can', () => {
    let cart = addGame(emptyCart, keno, 8)
    expect(cart.lines[0].quantity).toBe(5)
    expect(cart.notice).toBe('Only 5 Keno Express left.')
    cart = addGame(addGame(emptyCart, keno, 3), keno, 3)
    expect(cart.lines[0].quantity).toBe(5)
    expect(cart.notice).toBe('Only 5 Keno Express left.')
    cart = setQuantity(addGame(emptyCart, keno, 2), keno._id, 9)
    expect(cart.lines[0].quantity).toBe(5)
    expect(cart.notice).toBe('Only 5 Keno Express left.')
  })

  it('a sold-out game adds nothing, and the latest stock figure is the one used', () => {
    const none = addGame(emptyCart, { ...keno, remaining_stock: 0 }, 1)
    expect(none.lines).toEqual([])
    expect(none.notice).toBe('Keno Express is sold out.')
    const cart = addGame(addGame(emptyCart, keno, 1), { ...keno, remaining_stock: 2 }, 3)
    expect(cart.lines[0].quantity).toBe(2)
    expect(cart.notice).toBe('Only 2 Keno Express left.')
  })

  it('the per-sale limit still speaks when stock is plentiful', () => {
    const cart = addGame(emptyCart, { ...keno, remaining_stock: 500 }, 30)
    expect(cart.lines[0].quantity).toBe(20)
    expect(cart.notice).toBe('Keno Express: at most 20 tickets in one sale.')
  })
})

describe('cash tendered from the keyboard', () => {
  it('digits then the cash key are the cash handed over, not a quantity', () => {
    let cart = addGame(emptyCart, lotto, 2)
    cart = { ...cart, requestId: 'req-1', multiplier: '20' }
    cart = setPayment(cart, 'cash')
    expect(cart).toMatchObject({ tendered: '20', multiplier: '', requestId: 'req-1', payment: 'cash' })
    expect(cart.lines[0].quantity).toBe(2)
  })
})
