import { cx } from '../styles/cx'
import styles from './Balls.module.css'

/** Lottery numbers as balls; `hits` are drawn larger and in the accent colour. */
export function Balls({ numbers, hits, label }: { numbers: number[]; hits?: Set<number>; label: string }) {
  return (
    <ol className={styles.balls} aria-label={label}>
      {numbers.map((n, i) => (
        <li
          key={`${i}-${n}`}
          className={cx(styles.ball, hits?.has(n) && styles.hit)}
          data-hit={hits ? String(hits.has(n)) : undefined}
        >
          {n}
        </li>
      ))}
    </ol>
  )
}
