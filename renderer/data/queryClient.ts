import { QueryClient } from '@tanstack/react-query'
import { applyFreshness } from './invalidation'

/**
 * One cache of backend data for the whole UI. A failed read shows its message at once (the backend
 * answers locally; retrying would only delay the truth), and focus changes refetch nothing: pushed
 * events and the poll table in invalidation.ts decide when data is re-read.
 */
export function createQueryClient(): QueryClient {
  const client = new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false },
    },
  })
  applyFreshness(client)
  return client
}

export const queryClient = createQueryClient()
