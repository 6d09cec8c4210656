import type { ArgsOf, HandlerName } from '../../shared/contract'

/**
 * A read's cache key: the handler's name, then its arguments. Invalidating `[name]` reaches every
 * cached read of that handler, whatever its arguments.
 */
export type BackendKey<K extends HandlerName> = readonly [K, ArgsOf<K> | Record<string, never>]

export const backendKey = <K extends HandlerName>(name: K, args?: ArgsOf<K>): BackendKey<K> => [name, args ?? {}]
