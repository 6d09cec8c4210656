import { zodResolver } from '@hookform/resolvers/zod'
import { useForm, type FieldValues, type Resolver, type UseFormProps } from 'react-hook-form'
import type { z } from 'zod'

/**
 * Forms are validated by the contract's own zod schema for the call they make (or a part of it),
 * so a field shows the very message the backend would answer, before any round trip.
 */
export function contractResolver<S extends z.ZodType<FieldValues, FieldValues>>(
  schema: S,
): Resolver<z.input<S>, unknown, z.output<S>> {
  return zodResolver(schema as never) as unknown as Resolver<z.input<S>, unknown, z.output<S>>
}

export function useContractForm<S extends z.ZodType<FieldValues, FieldValues>>(
  schema: S,
  options: Omit<UseFormProps<z.input<S>, unknown, z.output<S>>, 'resolver'> = {},
) {
  return useForm<z.input<S>, unknown, z.output<S>>({ ...options, resolver: contractResolver(schema) })
}

/** Every field message of a failed submit, for the banner that sums them up. */
export function messagesOf(errors: Record<string, { message?: unknown } | undefined>): string[] {
  return Object.values(errors).flatMap((e) => (typeof e?.message === 'string' ? [e.message] : []))
}
