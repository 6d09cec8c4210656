import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { BUSY_RECHECK_MS, watchIdle } from './idleLock'

// The idle lock on fake timers: no waiting, and the clock is the test's.
describe('idle auto-lock', () => {
  let target: EventTarget
  beforeEach(() => {
    vi.useFakeTimers()
    target = new EventTarget()
  })
  afterEach(() => vi.useRealTimers())

  it('locks after the minutes without input, and each key or tap starts the count again', () => {
    const onIdle = vi.fn()
    watchIdle(target as never, 5, () => false, onIdle)
    vi.advanceTimersByTime(4 * 60_000)
    target.dispatchEvent(new Event('keydown'))
    vi.advanceTimersByTime(4 * 60_000)
    target.dispatchEvent(new Event('pointerdown'))
    vi.advanceTimersByTime(5 * 60_000 - 1)
    expect(onIdle).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(onIdle).toHaveBeenCalledTimes(1)
  })

  it('never locks while a sale is under way; locks once it is done', () => {
    const onIdle = vi.fn()
    let selling = true
    watchIdle(target as never, 1, () => selling, onIdle)
    vi.advanceTimersByTime(60_000 + 10 * BUSY_RECHECK_MS)
    expect(onIdle).not.toHaveBeenCalled()
    selling = false
    vi.advanceTimersByTime(BUSY_RECHECK_MS)
    expect(onIdle).toHaveBeenCalledTimes(1)
  })

  it('does nothing when set to 0 (never), and stops when told', () => {
    const onIdle = vi.fn()
    watchIdle(target as never, 0, () => false, onIdle)
    const stop = watchIdle(target as never, 2, () => false, onIdle)
    stop()
    vi.advanceTimersByTime(60 * 60_000)
    expect(onIdle).not.toHaveBeenCalled()
  })
})
