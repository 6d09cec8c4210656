import type { EventName, Events } from '../../shared/contract'

type Listener = <E extends EventName>(event: E, payload: Events[E]) => void

/** Backend to UI pushes; each transport subscribes once and fans out to its windows. */
export class EventBus {
  private listeners = new Set<Listener>()
  subscribe(fn: Listener): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }
  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const fn of this.listeners) {
      try {
        fn(event, payload)
      } catch {
        // A broken window must not break a sale.
      }
    }
  }
}
