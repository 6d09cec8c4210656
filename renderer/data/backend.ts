import {
  skipToken,
  useMutation,
  useQuery,
  type UseMutationOptions,
  type UseQueryOptions,
  type UseQueryResult,
} from '@tanstack/react-query'
import type { ArgsOf, HandlerName, ResultOf, SaleResult } from '../../shared/contract'
import { ErrorCodes, PosError } from '../../shared/errors'
import { invoke } from '../api'
import { backendReachable, onReachability } from '../transport'
import { useSyncExternalStore } from 'react'
import { refreshAfterCall } from './invalidation'
import { backendKey, type BackendKey } from './keys'
import { queryClient } from './queryClient'

/**
 * The UI's one way to the backend: reads through useBackend (cached, refreshed by the tables in
 * invalidation.ts), changes through useBackendMutation, and `call` for the cashier's commands that
 * run outside React (Sell, Pay). All three go through api.ts's invoke, which handles a lock or a
 * lost session the same way whoever found out.
 */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type NoArgs<K extends HandlerName> = {} extends ArgsOf<K> ? true : false
type WithArgs<K extends HandlerName, O> =
  NoArgs<K> extends true ? [args?: ArgsOf<K>, options?: O] : [args: ArgsOf<K>, options?: O]

export type ReadOptions<K extends HandlerName> = Omit<
  UseQueryOptions<ResultOf<K>, PosError, ResultOf<K>, ReadKey<K>>,
  'queryKey' | 'queryFn'
> & {
  /** Something the answer changes with that is not an argument (a ticket's print count, for its preview). */
  dependsOn?: string | number
}
type ReadKey<K extends HandlerName> = BackendKey<K> | readonly [...BackendKey<K>, string | number]

const asPosError = (e: unknown): PosError =>
  e instanceof PosError
    ? e
    : new PosError(ErrorCodes.INTERNAL, e instanceof Error ? e.message : 'Something went wrong.')

/** Calls a handler; on success, refreshes what the call changed (invalidation.ts). */
export async function call<K extends HandlerName>(name: K, args?: ArgsOf<K>): Promise<ResultOf<K>> {
  let value: ResultOf<K>
  try {
    value = (await (invoke as (n: K, a?: ArgsOf<K>) => Promise<ResultOf<K>>)(name, args)) as ResultOf<K>
  } catch (e) {
    throw asPosError(e)
  }
  refreshAfterCall(queryClient, name)
  return value
}

/** A read, cached under [name, args]: `useBackend('game-list')`, `useBackend('draw-results', { limit: 50 })`. */
export function useBackend<K extends HandlerName>(
  name: K,
  ...[args, options]: WithArgs<K, ReadOptions<K>>
): UseQueryResult<ResultOf<K>, PosError> {
  const { dependsOn, ...rest } = options ?? {}
  const key = backendKey(name, args)
  return useQuery({
    ...rest,
    queryKey: dependsOn === undefined ? key : [...key, dependsOn],
    queryFn: () => call(name, args),
  })
}

/** A change: `useBackendMutation('printer-set').mutate(args)`; what it changed is refreshed on success. */
export function useBackendMutation<K extends HandlerName>(
  name: K,
  options?: Omit<UseMutationOptions<ResultOf<K>, PosError, ArgsOf<K>>, 'mutationFn' | 'mutationKey'>,
) {
  return useMutation<ResultOf<K>, PosError, ArgsOf<K>>({
    ...options,
    mutationKey: [name],
    mutationFn: (args) => call(name, args),
  })
}

/** The store and terminal (public; re-read when limits are saved or a sync round lands). */
export const useAppInfo = () => useBackend('app-info').data ?? null
/** Who is logged in, and whether the screen is locked. */
export const useSessionInfo = () => useBackend('auth-session').data ?? null

// ---- the sale just made at this counter ----

const saleKey = (transactionId: string) => ['sale-result', transactionId] as const

// Nothing re-reads a sale's answer, and the panel may be off screen for a while (checking a ticket).
queryClient.setQueryDefaults(['sale-result'], { staleTime: Infinity, gcTime: Infinity })

/** The answer to this counter's last sale-create, kept in the cache beside the reads it refreshed. */
export function rememberSale(sale: SaleResult): void {
  // Only the last sale is shown; the one before goes, so a day of sales does not pile up.
  queryClient.removeQueries({ queryKey: ['sale-result'] })
  queryClient.setQueryData(saleKey(sale.transaction_id), sale)
}

export const rememberedSale = (transactionId: string | null): SaleResult | null =>
  transactionId ? (queryClient.getQueryData<SaleResult>(saleKey(transactionId)) ?? null) : null

export function useRememberedSale(transactionId: string | null): SaleResult | null {
  const q = useQuery<SaleResult>({ queryKey: saleKey(transactionId ?? ''), queryFn: skipToken })
  return transactionId ? (q.data ?? null) : null
}

// ---- whether the backend answers ----

/** What the status bar and Sell say while it does not. */
export const BACKEND_GONE = 'Backend not reachable: selling is stopped'

/** True while the backend answers; false from the moment a call or the event stream finds it gone. */
export function useBackendReachable(): boolean {
  return useSyncExternalStore(onReachability, backendReachable)
}

// Back again: everything on screen may be stale (the status above all), so it is read afresh.
onReachability(() => {
  if (backendReachable()) void queryClient.invalidateQueries()
})
