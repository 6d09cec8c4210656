import type { PublicUser } from '../../shared/contract'
import { cx } from '../styles/cx'
import styles from './UserTiles.module.css'

interface Props<U> {
  users: U[]
  /** Each tile's test id is `<testid>-<username>`. */
  testid: string
  onChoose(user: NoInfer<U>): void
  compact?: boolean
  autoFocus?: boolean
  /** Tiles 1 to 9 carry their number key; whoever shows them binds the keys. */
  numbered?: boolean
  /** The number each person has on the login screen, when this list is a part of it (managers to approve). */
  numberOf?: (user: NoInfer<U>) => number | undefined
}

/** The number key each user has on the login screen: their place in auth-users' order, 1 to 9. */
export function loginNumbers(users: Pick<PublicUser, '_id'>[]): Map<string, number> {
  return new Map(users.slice(0, 9).map((u, i) => [u._id, i + 1]))
}

/**
 * People to choose from by touch or by number: the login screen, a manager to approve, a restore
 * (whose managers come without a role badge).
 */
export function UserTiles<U extends Pick<PublicUser, '_id' | 'name' | 'username'> & { role?: PublicUser['role'] }>({
  users,
  testid,
  onChoose,
  compact,
  autoFocus,
  numbered = true,
  numberOf,
}: Props<U>) {
  return (
    <div className={cx(styles.tiles, compact && styles.compact)}>
      {users.map((u, i) => (
        <button
          key={u._id}
          type="button"
          className={styles.tile}
          data-testid={`${testid}-${u.username}`}
          autoFocus={autoFocus && i === 0}
          onClick={() => onChoose(u)}
        >
          {numbered && (numberOf ? numberOf(u) : i < 9 ? i + 1 : undefined) !== undefined && (
            <span className={styles.key}>{numberOf ? numberOf(u) : i + 1}</span>
          )}
          <span className={styles.name}>{u.name}</span>
          {u.role && <span className={`role role-${u.role}`}>{u.role}</span>}
        </button>
      ))}
    </div>
  )
}
