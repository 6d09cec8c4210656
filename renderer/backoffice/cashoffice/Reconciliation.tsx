import type { ByMethod, Reconciliation } from '../../../shared/contract'
import { formatMoney } from '../../../shared/money'
import { cx } from '../../styles/cx'
import styles from '../../screens/shift/shift.module.css'

const METHODS: (keyof ByMethod)[] = ['cash', 'card', 'wallet']
const NAMES: Record<keyof ByMethod, string> = { cash: 'Cash', card: 'Card', wallet: 'Wallet' }

export const signedMoney = (n: number, currency: string) =>
  n > 0 ? `+${formatMoney(n, currency)}` : formatMoney(n, currency)

/** "Balanced", "Short $5.00" or "Over $1.00": the first thing a manager reads. */
export function OverShort({ amount, currency, testid }: { amount: number; currency: string; testid: string }) {
  const word = amount === 0 ? 'Balanced' : amount < 0 ? 'Short' : 'Over'
  return (
    <p
      className={cx(styles.verdict, amount === 0 ? styles.good : styles.bad)}
      data-testid={testid}
      data-amount={amount}
    >
      {word}
      {amount !== 0 && ` ${formatMoney(Math.abs(amount), currency)}`}
    </p>
  )
}

/** Expected, counted and the difference per tender, shown only once the count was submitted. */
export function ReconciliationTable({ r, currency }: { r: Reconciliation; currency: string }) {
  return (
    <table className={styles.table} data-testid="reconciliation">
      <caption>Expected against counted</caption>
      <thead>
        <tr>
          <th scope="col">Tender</th>
          <th scope="col">Expected</th>
          <th scope="col">Counted</th>
          <th scope="col">Difference</th>
        </tr>
      </thead>
      <tbody>
        {METHODS.map((k) => (
          <tr key={k} data-testid={`reconciliation-${k}`}>
            <th scope="row">{NAMES[k]}</th>
            <td>{formatMoney(r.expected[k], currency)}</td>
            <td>{formatMoney(r.counted[k], currency)}</td>
            <td className={r.difference[k] === 0 ? undefined : styles.badText}>
              {signedMoney(r.difference[k], currency)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
