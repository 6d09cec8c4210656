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
          {numbered && i < 9 && <span className={styles.key}>{i + 1}</span>}
          <span className={styles.name}>{u.name}</span>
          {u.role && <span className={`role role-${u.role}`}>{u.role}</span>}
        </button>
      ))}
    </div>
  )
}
