import { useEffect } from 'react'
import { useAppInfo, useSessionInfo } from '../data/backend'
import { lock } from '../checkout'
import { useUi } from '../store'

const INPUT_EVENTS = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const
/** How soon to look again when the time is up but a sale is under way. */
export const BUSY_RECHECK_MS = 5_000

/**
 * Locks the screen after `minutes` without a key, tap or scan. Never while `busy()` (a sale being committed or
 * printed): it looks again shortly after and locks once the sale is done and the idle time is still up.
 * Returns the function that stops it. Plain timers, so a test drives it with fake ones.
 */
export function watchIdle(
  target: Pick<Window, 'addEventListener' | 'removeEventListener'>,
  minutes: number,
  busy: () => boolean,
  onIdle: () => void,
): () => void {
  if (!(minutes > 0)) return () => {}
  const span = minutes * 60_000
  let timer: ReturnType<typeof setTimeout> | undefined
  const arm = (ms: number) => {
    clearTimeout(timer)
    timer = setTimeout(fire, ms)
  }
  const fire = () => {
    if (busy()) return arm(BUSY_RECHECK_MS)
    onIdle()
  }
  const input = () => arm(span)
  for (const e of INPUT_EVENTS) target.addEventListener(e, input, { capture: true, passive: true })
  arm(span)
  return () => {
    clearTimeout(timer)
    for (const e of INPUT_EVENTS) target.removeEventListener(e, input, { capture: true })
  }
}

/** The store's idle lock for the logged-in, unlocked session (settings: idle_lock_minutes). */
export function useIdleLock(): void {
  const minutes = useAppInfo()?.idle_lock_minutes ?? 0
  const session = useSessionInfo()
  const active = !!session && !session.locked && !session.mustChangePin
  useEffect(() => {
    if (!active) return
    return watchIdle(
      window,
      minutes,
      () => useUi.getState().selling,
      () => void lock(),
    )
  }, [active, minutes])
}
