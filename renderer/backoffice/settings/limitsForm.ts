import type { FieldErrors, Resolver } from 'react-hook-form'
import { contract, type AppInfo, type ArgsOf } from '../../../shared/contract'
import { contractResolver } from '../../forms/contractForm'
import { formatMoney } from '../../../shared/money'
import { minorToInput, parseMoney } from '../../format'

export type LimitKey =
  'confirm_threshold' | 'payout_confirm_threshold' | 'cancel_approval_threshold' | 'max_sale_amount'

/** The store's money limits; the backend enforces each one, the UI only asks first. */
export const LIMITS: { key: LimitKey; testid: string; label: string }[] = [
  { key: 'confirm_threshold', testid: 'threshold-input', label: 'Ask the cashier to confirm sales above' },
  { key: 'max_sale_amount', testid: 'max-sale-input', label: 'Refuse a single sale above' },
  {
    key: 'payout_confirm_threshold',
    testid: 'payout-confirm-input',
    label: 'Ask the cashier to confirm the cash for prizes above',
  },
  { key: 'cancel_approval_threshold', testid: 'cancel-approval-input', label: "Need a manager's PIN to cancel above" },
]

/** The amounts as typed, in the store's currency. */
export type LimitTexts = Record<LimitKey, string>
export type LimitChanges = ArgsOf<'settings-set'>

export const limitTexts = (values: Partial<Record<LimitKey, number>>, currency: string): LimitTexts =>
  Object.fromEntries(LIMITS.map(({ key }) => [key, minorToInput(values[key] ?? 0, currency)])) as LimitTexts

const settingsResolver = contractResolver(contract['settings-set'].args)

/**
 * Typed amounts become minor units, only the changed ones are sent, and those are checked by
 * settings-set's own schema (so an absurd limit gets the backend's words). No change at all is
 * valid here and answered on screen, without a call.
 */
export function limitsResolver(app: AppInfo | null, currency: string): Resolver<LimitTexts, unknown, LimitChanges> {
  return async (texts, context, options) => {
    const errors: FieldErrors<LimitTexts> = {}
    const changes: Partial<Record<LimitKey, number>> = {}
    for (const { key, label } of LIMITS) {
      const minor = parseMoney(texts[key], currency)
      if (minor === null)
        errors[key] = { type: 'format', message: `${label}: enter an amount like ${minorToInput(5000, currency)}.` }
      else if (minor < 0) errors[key] = { type: 'min', message: `${label}: a limit cannot be negative.` }
      else if (minor !== app?.[key]) changes[key] = minor
    }
    if (Object.keys(errors).length > 0) return { values: {}, errors }
    if (Object.keys(changes).length === 0) return { values: {}, errors: {} }
    const checked = await settingsResolver(changes, context, options as never)
    return checked.errors && Object.keys(checked.errors).length > 0
      ? { values: {}, errors: checked.errors as FieldErrors<LimitTexts> }
      : { values: checked.values, errors: {} }
  }
}

/** What the manager is told after a save: each limit that changed, with its new amount. */
export function savedMessage(saved: Partial<Record<LimitKey, number>>, currency: string): string {
  const changed = LIMITS.filter(({ key }) => saved[key] !== undefined).map(
    ({ key, label }) => `${label} ${formatMoney(saved[key]!, currency)}`,
  )
  return changed.length ? `Saved: ${changed.join('; ')}.` : 'Nothing changed.'
}
