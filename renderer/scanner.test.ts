import { describe, expect, it } from 'vitest'
import { perform, type KeyContext } from './actions'
import { emptyCart, type CartState } from './cart'
import { daily, lotto } from './fixtures'
import {
  createScanDetector,
  resolveSaleKey,
  SCAN_MAX_GAP_MS,
  type SaleKeyStep,
  type ScanDetector,
  type ScanStep,
} from './scanner'

const ctx: KeyContext = { games: [lotto, daily], errorShown: false, overlayOpen: false, backOffice: true }
const body = { tagName: 'BODY' }
const PAYLOAD = '00010070000000001512345678'

/** Feeds [key, time] pairs to a detector and collects its answers. */
function feed(d: ScanDetector, keys: [string, number][], multiplier = ''): ScanStep[] {
  return keys.map(([key, time]) => d.feed({ key, time }, multiplier))
}

/** Keys at a fixed interval from `start`, the way a scanner (or a person) would type them. */
const timed = (keys: string[], every: number, start = 1000): [string, number][] =>
  keys.map((k, i) => [k, start + i * every])

/** The sale screen's key path end to end: scanner, then actions, applied to the cart. */
function press(cart: CartState, keys: [string, number][], d = createScanDetector(), context = ctx) {
  const out: { cart: CartState; steps: SaleKeyStep[]; scans: string[]; commands: string[] } = {
    cart,
    steps: [],
    scans: [],
    commands: [],
  }
  for (const [key, timeStamp] of keys) {
    const r = resolveSaleKey(d, { key, timeStamp, target: body }, out.cart, context)
    out.steps.push(r)
    if (r?.kind === 'cart') out.cart = perform(out.cart, r.name, r.payload as never)
    else if (r?.kind === 'command') out.commands.push(r.name)
    else if (r?.kind === 'scan') {
      out.scans.push(r.digits)
      out.cart = perform(out.cart, 'setMultiplier', { multiplier: r.multiplier })
    }
  }
  return out
}

describe('the scan detector', () => {
  it('recognises a fast burst of digits ending in Enter', () => {
    const steps = feed(createScanDetector(), timed([...PAYLOAD, 'Enter'], 5))
    expect(steps.slice(0, 3)).toEqual([{ kind: 'pass' }, { kind: 'pass' }, { kind: 'pass' }])
    expect(steps.slice(3, -1).every((s) => s.kind === 'hold')).toBe(true)
    expect(steps.at(-1)).toEqual({ kind: 'scan', digits: PAYLOAD, restore: '' })
  })

  it('passes slow typing through untouched', () => {
    const steps = feed(createScanDetector(), timed([...'123456', 'Enter'], 120))
    expect(steps.every((s) => s.kind === 'pass')).toBe(true)
  })

  it('a long pause starts a new run', () => {
    const d = createScanDetector()
    const keys: [string, number][] = [
      ['1', 0],
      ['2', 10],
      ['3', 20],
      ['4', 21 + SCAN_MAX_GAP_MS],
      ['Enter', 25 + SCAN_MAX_GAP_MS],
    ]
    expect(feed(d, keys).map((s) => s.kind)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass'])
  })

  it('a stall in the middle of a scan does not split the code', () => {
    const keys = timed([...PAYLOAD, 'Enter'], 8).map(([k, t], i): [string, number] => [k, i >= 10 ? t + 85 : t])
    keys[keys.length - 1][1] += 85
    expect(feed(createScanDetector(), keys).at(-1)).toEqual({ kind: 'scan', digits: PAYLOAD, restore: '' })
  })

  it('a quick typist is not a scanner: four digits 100 ms apart pass, and Enter sells', () => {
    const steps = feed(createScanDetector(), timed([...'1234', 'Enter'], 100))
    expect(steps.every((s) => s.kind === 'pass')).toBe(true)
  })

  it('a burst that ends without a quick Enter is no scan, and the detector starts afresh', () => {
    const d = createScanDetector()
    const steps = feed(d, [...timed([...'12345'], 5), ['Enter', 2000]])
    expect(steps.at(-1)).toEqual({ kind: 'pass' })
    expect(feed(d, timed([...'98765', 'Enter'], 5, 3000)).at(-1)).toEqual({
      kind: 'scan',
      digits: '98765',
      restore: '',
    })
  })

  it('another key inside a burst breaks it', () => {
    const steps = feed(createScanDetector(), timed([...'1234', 'F1', '5', 'Enter'], 5))
    expect(steps.map((s) => s.kind)).toEqual(['pass', 'pass', 'pass', 'hold', 'pass', 'pass', 'pass'])
  })

  it('ignores key repeats of a held digit', () => {
    const d = createScanDetector()
    const steps = [...'11111'].map((key, i) => d.feed({ key, time: i * 30, repeat: i > 0 }, ''))
    expect(steps.every((s) => s.kind === 'pass')).toBe(true)
  })

  it('remembers the multiplier from before the burst', () => {
    const d = createScanDetector()
    d.feed({ key: '1', time: 0 }, '2')
    for (const [i, key] of [...'23456'].entries()) d.feed({ key, time: 5 + i * 5 }, '21')
    expect(d.feed({ key: 'Enter', time: 40 }, '212')).toEqual({ kind: 'scan', digits: '123456', restore: '2' })
  })
})

describe('a scan on the sale screen', () => {
  it('validates instead of touching the cart: no multiplier, no tickets, no sale', () => {
    const cart = press(emptyCart, [['F1', 0]]).cart
    const r = press(cart, timed([...PAYLOAD, 'Enter'], 5))
    expect(r.scans).toEqual([PAYLOAD])
    expect(r.commands).toEqual([])
    expect(r.cart).toEqual(cart)
  })

  it('puts back a multiplier the cashier had typed before scanning', () => {
    const typed = press(emptyCart, [['3', 0]])
    const r = press(typed.cart, timed([...'1234567890', 'Enter'], 5, 500))
    expect(r.cart.multiplier).toBe('3')
    expect(r.cart.lines).toHaveLength(0)
  })

  it('slow typing still sets the multiplier and sells as before', () => {
    const r = press(emptyCart, [
      ['3', 0],
      ['F1', 300],
      ['Enter', 900],
    ])
    expect(r.cart.lines[0].quantity).toBe(3)
    expect(r.commands).toEqual(['sell'])
  })

  it('a person typing fast still gets their multiplier', () => {
    const r = press(emptyCart, [
      ['1', 0],
      ['2', 30],
      ['F2', 60],
    ])
    expect(r.cart.lines[0].quantity).toBe(12)
  })

  it('a scan with the focus on a button is still a scan: its Enter neither presses the button nor sells', () => {
    const cart = press(emptyCart, [['F1', 0]]).cart
    const d = createScanDetector()
    const button = { tagName: 'BUTTON' }
    const steps = timed([...PAYLOAD, 'Enter'], 5).map(([key, timeStamp]) =>
      resolveSaleKey(d, { key, timeStamp, target: button }, cart, ctx),
    )
    expect(steps.at(-1)).toEqual({ kind: 'scan', digits: PAYLOAD, multiplier: '' })
    // A cashier's Enter on the same button is the button's.
    expect(resolveSaleKey(d, { key: 'Enter', timeStamp: 5000, target: button }, cart, ctx)).toBeNull()
  })

  it('leaves fields and dialogs alone', () => {
    const d = createScanDetector()
    const steps = timed([...PAYLOAD, 'Enter'], 5).map(([key, timeStamp]) =>
      resolveSaleKey(d, { key, timeStamp, target: { tagName: 'INPUT' } }, emptyCart, ctx),
    )
    expect(steps.every((s) => s === null)).toBe(true)
    const inDialog = press(emptyCart, timed([...PAYLOAD, 'Enter'], 5), d, { ...ctx, overlayOpen: true })
    expect(inDialog.scans).toEqual([])
  })
})
