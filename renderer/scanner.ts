import { isTyping, resolveKey, type KeyContext, type KeyLike, type Resolved } from './actions'
import type { CartState } from './cart'

/**
 * Tells a barcode scanner from a cashier. A scanner is a keyboard that types a whole code in a
 * burst, each key within a few milliseconds of the last, and ends it with Enter. A person cannot
 * type four digits 40 ms apart, and the quantity multiplier holds three digits at most, so:
 * - the first digits of any run pass through as usual (a slow "3 then F1" must keep working);
 * - once a run has four digits at 40 ms or less apart on average, it is a scan and its further
 *   digits are held back from the cart;
 * - a quick Enter completes the scan instead of selling, and the multiplier the run began with is
 *   handed back so the digits that slipped through can be undone.
 * The average, not every single gap, decides: a busy machine stalls now and then for 50-90 ms in
 * the middle of a scan (measured under the end-to-end tests), and a stall must not split a code.
 */

/** Longest average gap between the keys of one scan. */
export const SCAN_GAP_MS = 40
/** Longest single gap inside a run, stalls included; also the longest wait for the Enter suffix. */
export const SCAN_MAX_GAP_MS = 150
/** Fast digits it takes to be sure a scanner, not a person, is typing. */
export const SCAN_MIN_DIGITS = 4

export interface ScanKey {
  key: string
  /** Milliseconds, from any monotonic clock (KeyboardEvent.timeStamp). */
  time: number
  repeat?: boolean
}

export type ScanStep =
  | { kind: 'pass' }
  | { kind: 'hold' }
  /** `restore`: the multiplier as it was before the run's first digit. */
  | { kind: 'scan'; digits: string; restore: string }

export interface ScanDetector {
  /** `multiplier` is the cart's multiplier before this key takes effect. */
  feed(key: ScanKey, multiplier: string): ScanStep
  reset(): void
}

export function createScanDetector(): ScanDetector {
  let digits = ''
  let first = 0
  let last = -Infinity
  let restore = ''
  let scanning = false

  const reset = () => {
    digits = ''
    last = -Infinity
    restore = ''
    scanning = false
  }

  return {
    reset,
    feed({ key, time, repeat }, multiplier) {
      const gap = time - last
      if (/^\d$/.test(key) && !repeat) {
        if (digits === '' || gap > SCAN_MAX_GAP_MS) {
          reset()
          // A new run: remember what the cart looked like before its first digit lands.
          digits = key
          first = time
          restore = multiplier
        } else {
          digits += key
        }
        last = time
        const fast = (time - first) / (digits.length - 1) <= SCAN_GAP_MS
        scanning ||= digits.length >= SCAN_MIN_DIGITS && fast
        return scanning ? { kind: 'hold' } : { kind: 'pass' }
      }
      const scan = key === 'Enter' && !repeat && scanning && gap <= SCAN_MAX_GAP_MS
      const step: ScanStep = scan ? { kind: 'scan', digits, restore } : { kind: 'pass' }
      reset()
      return step
    },
  }
}

export type SaleKeyStep = Resolved | { kind: 'hold' } | null

/**
 * The sale screen's whole key path: the scanner looks first, then the cashier actions. Pure apart
 * from the detector's memory, so tests press keys exactly as the screen does.
 */
export function resolveSaleKey(
  detector: ScanDetector,
  e: KeyLike & { timeStamp: number },
  cart: CartState,
  ctx: KeyContext,
): SaleKeyStep {
  // Fields and dialogs own their keys; a scan into a field is that field's business.
  if (ctx.overlayOpen || isTyping(e) || e.ctrlKey || e.altKey || e.metaKey) {
    detector.reset()
  } else {
    const step = detector.feed({ key: e.key, time: e.timeStamp, repeat: e.repeat }, cart.multiplier)
    if (step.kind === 'hold') return step
    if (step.kind === 'scan') return { kind: 'scan', digits: step.digits, multiplier: step.restore }
  }
  return resolveKey(e, cart, ctx)
}
