import { isManagerRole } from '../../shared/users'
import type { PublicUser } from '../../shared/contract'
import { useBackend } from '../data/backend'
import type { Binding } from '../keys/keymap'
import styles from './ManagerApproval.module.css'
import { DialogActions } from './Dialog'
import { PinPad } from './PinPad'
import { loginNumbers, UserTiles } from './UserTiles'

/** Managers and admins may approve; the backend checks again and has the last word. */
export const approvers = (users: PublicUser[]) => users.filter((u) => isManagerRole(u.role))

/**
 * The managers who may approve, each with the number they have on the login screen (the same list, so the
 * same number), read only once approval is asked for.
 */
export function useApprovers(enabled: boolean) {
  const users = useBackend('auth-users', {}, { enabled })
  const numbers = loginNumbers(users.data ?? [])
  return {
    managers: users.data ? approvers(users.data) : [],
    numberOf: (u: Pick<PublicUser, '_id'>) => numbers.get(u._id),
    isPending: users.isPending,
    error: users.error,
  }
}

/** Keys 1 to 9 choose the manager with that login number while `active`. */
export function approverKeys(
  active: boolean,
  list: ReturnType<typeof useApprovers>,
  choose: (u: PublicUser) => void,
): Binding {
  return {
    keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9'],
    run: (e) => {
      const manager = active ? list.managers.find((m) => list.numberOf(m) === Number(e.key)) : undefined
      if (!manager) return false
      choose(manager)
    },
  }
}

/** Step one: which manager approves (their tile or number), or back. */
export function ApproverChoice(props: {
  what: string
  testid: string
  backTestid: string
  list: ReturnType<typeof useApprovers>
  onChoose(u: PublicUser): void
  onBack(): void
  /** The back button's words (default: back to the ticket). */
  backLabel?: string
  /** Managers who may not approve this one (their own count): not offered. */
  exclude?: readonly string[]
}) {
  return (
    <section aria-label="Manager approval">
      <h3>A manager approves this {props.what}. Tap your name or press its number.</h3>
      {props.list.isPending && <p className="muted">Loading managers…</p>}
      <UserTiles
        users={props.list.managers.filter((m) => !props.exclude?.includes(m._id))}
        testid={props.testid}
        compact
        autoFocus
        onChoose={props.onChoose}
        numberOf={props.list.numberOf}
      />
      <DialogActions>
        <button type="button" className="btn big" data-testid={props.backTestid} onClick={props.onBack}>
          {props.backLabel ?? 'Keep ticket'} <kbd>Esc</kbd>
        </button>
      </DialogActions>
    </section>
  )
}

/** Step two: the chosen manager types their PIN (Esc or the button goes back to choosing). */
export function ApproverPin(props: {
  approver: PublicUser
  pin: string
  onPin(pin: string): void
  onSubmit(): void
  onBack(): void
  busy: boolean
}) {
  const { approver } = props
  return (
    <section className={styles.pin} aria-label="Manager PIN">
      <h3>
        {approver.name} <span className={`role role-${approver.role}`}>{approver.role}</span>: PIN to approve
      </h3>
      <PinPad
        pin={props.pin}
        onChange={props.onPin}
        onSubmit={props.onSubmit}
        onCancel={props.onBack}
        busy={props.busy}
      />
      <button type="button" className="btn ghost" onClick={props.onBack}>
        ← Another manager (Esc)
      </button>
    </section>
  )
}
