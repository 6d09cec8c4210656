import type { ArgsOf, EventName, Events, HandlerName, ResultOf } from './contract'
import { PosError, type Result } from './errors'

/** What a transport (Electron preload, or the web host) provides. */
export interface Transport {
  invoke(name: string, args: unknown): Promise<Result<unknown>>
  on(event: string, cb: (payload: unknown) => void): () => void
}

export interface Client {
  invoke<K extends HandlerName>(
    name: K,
    // Handlers without arguments may be called without them ({} satisfies their input type).
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    ...args: {} extends ArgsOf<K> ? [ArgsOf<K>?] : [ArgsOf<K>]
  ): Promise<ResultOf<K>>
  on<E extends EventName>(event: E, cb: (payload: Events[E]) => void): () => void
}

export function createClient(transport: Transport): Client {
  return {
    async invoke(name, ...rest) {
      const res = await transport.invoke(name, rest[0] ?? {})
      if (res.ok) return res.value as never
      throw new PosError(res.error.code, res.error.message, res.error.details)
    },
    on(event, cb) {
      return transport.on(event, cb as (p: unknown) => void)
    },
  }
}
