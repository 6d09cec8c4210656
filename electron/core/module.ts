import type { HandlerName, SaleResult } from '../../shared/contract'
import type { HandlerFn, HandlerTable } from './dispatcher'

/**
 * What domains tell each other, after their transaction committed. A reaction never runs inside the
 * transaction that caused it and can never undo it: a failing reaction is logged, the sale stands.
 */
export interface DomainEvents {
  /** A sale committed (not a replay): print its tickets, push the status. */
  'sale.committed': { result: SaleResult }
  /** Something the status bar counts changed (records queued, a print status, the sync state). */
  'status.changed': Record<string, never>
  /** A pull applied central's catalogue (games, users, this store's row, results). */
  'catalog.pulled': { applied: number }
  /** A business day was ended: its day report (scheduled) is to be written as a file. */
  'day.closed': { report_id: string; business_day: string; user_id: string }
  /** Stock came in and was paid for (a purchase received, a restock): budgets post what it cost. */
  'stock.received': Record<string, never>
}
export type DomainEventName = keyof DomainEvents

export type Reactions = { [E in DomainEventName]?: (payload: DomainEvents[E]) => void }

/** A background service a module starts with the backend and stops with it (the sync loop, the print queue). */
export interface Service {
  start?(): void
  stop(): Promise<void>
}

/**
 * One domain, after Actual Budget's per-domain apps: its handlers, its reactions to other domains' events
 * and its background services. The composition root (electron/backend.ts) combines them.
 */
export interface Module<H extends HandlerName = HandlerName> {
  name: string
  handlers: { [K in H]: HandlerFn<K> }
  reactions?: Reactions
  services?: Service[]
}

/** Any module, whatever handlers it brings (what combine accepts). */
export interface AnyModule {
  name: string
  handlers: Partial<HandlerTable>
  reactions?: Reactions
  services?: Service[]
}
type HandlersOf<M> = M extends { handlers: infer T } ? keyof T & HandlerName : never
type Duplicates<L extends readonly unknown[], Seen extends PropertyKey = never> = L extends readonly [
  infer Head,
  ...infer Rest,
]
  ? Extract<HandlersOf<Head>, Seen> | Duplicates<Rest, Seen | HandlersOf<Head>>
  : never

/**
 * Compile-time: every contract handler is implemented by exactly one module. Passing modules that leave a
 * handler out, or define one twice, does not type-check (the names are in the error).
 */
export type Complete<M extends readonly AnyModule[]> = [Exclude<HandlerName, HandlersOf<M[number]>>] extends [never]
  ? [Duplicates<M>] extends [never]
    ? M
    : { error: 'a handler is defined by two modules'; handlers: Duplicates<M> }
  : { error: 'contract handlers no module implements'; handlers: Exclude<HandlerName, HandlersOf<M[number]>> }

export class DomainBus {
  private readonly reactions = new Map<DomainEventName, ((p: never) => void)[]>()
  constructor(private readonly log: (msg: string, err?: unknown) => void) {}

  on<E extends DomainEventName>(event: E, fn: (payload: DomainEvents[E]) => void): void {
    const list = this.reactions.get(event) ?? []
    list.push(fn as (p: never) => void)
    this.reactions.set(event, list)
  }

  /** Call after the commit. Every reaction runs; one that throws is logged and the rest still run. */
  emit<E extends DomainEventName>(event: E, payload: DomainEvents[E]): void {
    for (const fn of this.reactions.get(event) ?? []) {
      try {
        ;(fn as (p: DomainEvents[E]) => void)(payload)
      } catch (err) {
        this.log(`reaction to ${event} failed`, err)
      }
    }
  }
}

export interface CombinedApp {
  handlers: HandlerTable
  start(): void
  stop(): Promise<void>
}

/** The composition root's one step: handlers merged (a name defined twice is refused), reactions subscribed. */
export function combine<const M extends readonly AnyModule[]>(bus: DomainBus, modules: M & Complete<M>): CombinedApp {
  const list = modules as readonly AnyModule[]
  const handlers: Record<string, unknown> = {}
  for (const m of list) {
    for (const [name, fn] of Object.entries(m.handlers)) {
      if (Object.hasOwn(handlers, name)) throw new Error(`handler ${name} is defined by two modules (${m.name})`)
      handlers[name] = fn
    }
    for (const [event, fn] of Object.entries(m.reactions ?? {}))
      bus.on(event as DomainEventName, fn as (p: unknown) => void)
  }
  const services = list.flatMap((m) => m.services ?? [])
  return {
    handlers: handlers as HandlerTable,
    start: () => services.forEach((s) => s.start?.()),
    stop: async () => {
      for (const s of [...services].reverse()) await s.stop()
    },
  }
}
