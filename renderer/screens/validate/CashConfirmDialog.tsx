import { formatMoney } from '../../../shared/money'
import { pay, useClaims } from '../../claims'
import { YesNoDialog } from '../../components/YesNoDialog'

/** A second look before cash leaves the drawer for a large prize. */
export function CashConfirmDialog({ amount, currency }: { amount: number; currency: string }) {
  const busy = useClaims((s) => s.busy)
  return (
    <YesNoDialog
      testid="cash-confirm"
      title="Pay this prize in cash"
      headline={formatMoney(amount, currency)}
      yesLabel={`I have ${formatMoney(amount, currency)} in cash to pay`}
      noLabel="Not now"
      onYes={() => void pay(true)}
      onNo={() => useClaims.setState({ cashConfirm: null })}
      busy={busy}
    >
      <p>Count the cash before you confirm. The payout is recorded at once and cannot be undone here.</p>
    </YesNoDialog>
  )
}
