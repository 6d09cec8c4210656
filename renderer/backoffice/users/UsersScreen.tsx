import { useEffect, useRef, useState } from 'react'
import {
  PermissionInfo,
  Permissions,
  RolePermissions,
  Roles,
  UserInput,
  type OneTimePin,
  type Permission,
  type Role,
  type UserView,
} from '../../../shared/contract'
import { grantProblem, manageProblem, type Actor } from '../../../shared/users'
import { FormMessage, type FormMessageValue } from '../../components/FormMessage'
import { YesNoDialog } from '../../components/YesNoDialog'
import { useAppInfo, useBackend, useBackendMutation, useSessionInfo } from '../../data/backend'
import { formatDateTime } from '../../format'
import { can } from '../../data/session'
import { messagesOf, useContractForm } from '../../forms/contractForm'
import { cx } from '../../styles/cx'
import styles from '../../screens/shift/shift.module.css'
import { IdleLockForm } from './IdleLockForm'

const ROLE_TEXT: Record<Role, string> = {
  staff: 'Cashier: sells, checks, pays and cancels tickets',
  manager: 'Manager: runs the store, its stock, cash office and users',
  admin: 'Admin: a manager who also manages managers and admins',
  accountant: 'Accountant: reports and budgets, never a sale or the drawer',
}

/** A last login in the store's time (the terminal's own zone may be another). */
const when = (iso: string | null, zone: string | undefined) => (iso ? formatDateTime(iso, zone) : 'never')

/**
 * The store's people (issue 16): who they are, their role and last login; add, edit, deactivate or reactivate,
 * reset a PIN. The backend decides (shared/users.ts); the screen offers only what it will accept.
 */
export function UsersScreen() {
  const session = useSessionInfo()
  const users = useBackend('user-list')
  const [editing, setEditing] = useState<UserView | 'new' | null>(null)
  const [pinShown, setPinShown] = useState<OneTimePin | null>(null)
  const [message, setMessage] = useState<FormMessageValue>(null)
  const setStatus = useBackendMutation('user-set-status')
  const reset = useBackendMutation('user-reset-pin')
  const zone = useAppInfo()?.store.timezone
  // Reset PIN and Deactivate end what the user has now: asked once before they run.
  const [asking, setAsking] = useState<{ kind: 'reset' | 'deactivate'; user: UserView } | null>(null)
  // What a change did is shown where the manager is looking, however far down the list they clicked.
  const answer = useRef<HTMLDivElement>(null)
  // The focus goes to it, so a screen reader reads it too.
  useEffect(() => {
    if (message || pinShown) answer.current?.focus()
  }, [message, pinShown])
  if (!session) return null
  const actor: Actor = { userId: session.user._id, role: session.user.role, permissions: session.permissions }
  const fail = (e: { message: string }) => setMessage({ kind: 'error', text: e.message })
  const changeStatus = (u: UserView) =>
    setStatus.mutate(
      { id: u._id, status: u.status === 'active' ? 'inactive' : 'active' },
      {
        onSuccess: (v) =>
          setMessage({
            kind: 'ok',
            text:
              v.status === 'inactive'
                ? `${v.name} is deactivated and logged out everywhere on this terminal.`
                : `${v.name} is active again.`,
          }),
        onError: fail,
        onSettled: () => setAsking(null),
      },
    )
  const resetPin = (u: UserView) =>
    reset.mutate(
      { id: u._id },
      { onSuccess: (r) => (setPinShown(r), setMessage(null)), onError: fail, onSettled: () => setAsking(null) },
    )

  return (
    <div className={styles.office} data-testid="users">
      <section className={cx('card', styles.wide)} aria-labelledby="users-title">
        <h2 id="users-title">Users of this store</h2>
        <div className={styles.pager}>
          <button
            type="button"
            className="btn primary"
            onClick={() => {
              setEditing('new')
              setPinShown(null)
            }}
            data-testid="user-add"
          >
            Add a user
          </button>
        </div>
        <div ref={answer} tabIndex={-1} data-testid="users-answer">
          <FormMessage message={message} testid="users-message" />
          {pinShown && <OneTimePinCard shown={pinShown} onDone={() => setPinShown(null)} />}
        </div>
        <table className={styles.table} data-testid="user-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Username</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Last login</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {(users.data ?? []).map((u) => {
              const mayTouch =
                manageProblem(actor, { role: u.role, permissions: [...RolePermissions[u.role], ...u.permissions] }) ===
                null
              const self = u._id === session.user._id
              return (
                <tr key={u._id} data-testid={`user-${u.username}`}>
                  <th scope="row">
                    <span className={styles.nameCell}>{u.name}</span>
                  </th>
                  <td>
                    <span className={styles.nameCell}>{u.username}</span>
                  </td>
                  <td>
                    <span className={`role role-${u.role}`}>{u.role}</span>
                    {u.permissions.length > 0 && <span className="muted"> +{u.permissions.length}</span>}
                  </td>
                  <td className={u.status === 'active' ? undefined : styles.badText}>
                    {u.status}
                    {u.must_change_pin && ' · one-time PIN'}
                    {!u.has_pin && ' · no PIN here'}
                    {u.locked_until && ' · locked out'}
                  </td>
                  <td>{when(u.last_login, zone)}</td>
                  <td>
                    {mayTouch && (
                      <>
                        <button
                          type="button"
                          className="btn small"
                          onClick={() => {
                            setEditing(u)
                            setPinShown(null)
                          }}
                          aria-label={`Edit ${u.name}`}
                        >
                          Edit
                        </button>{' '}
                        {!self && u.status === 'active' && (
                          <button
                            type="button"
                            className="btn small"
                            aria-label={`Reset PIN for ${u.name}`}
                            data-testid={`user-reset-${u.username}`}
                            onClick={() => setAsking({ kind: 'reset', user: u })}
                          >
                            Reset PIN
                          </button>
                        )}{' '}
                        {!self && (
                          <button
                            type="button"
                            className="btn small"
                            aria-label={`${u.status === 'active' ? 'Deactivate' : 'Reactivate'} ${u.name}`}
                            data-testid={`user-status-${u.username}`}
                            onClick={() =>
                              u.status === 'active' ? setAsking({ kind: 'deactivate', user: u }) : changeStatus(u)
                            }
                          >
                            {u.status === 'active' ? 'Deactivate' : 'Reactivate'}
                          </button>
                        )}
                      </>
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </section>
      {editing && (
        <UserForm
          key={editing === 'new' ? 'new' : editing._id}
          user={editing === 'new' ? null : editing}
          actor={actor}
          onSaved={(r) => {
            if ('pin' in r) setPinShown(r)
            else setMessage({ kind: 'ok', text: `Saved ${r.name}.` })
            setEditing(null)
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      {asking?.kind === 'reset' && (
        <YesNoDialog
          testid="user-reset-confirm"
          title={`Reset the PIN of ${asking.user.name}?`}
          headline={asking.user.username}
          yesLabel="Reset PIN"
          noLabel="Keep it"
          busy={reset.isPending}
          onYes={() => resetPin(asking.user)}
          onNo={() => setAsking(null)}
        >
          <p>
            Their PIN stops working now. You get a one-time PIN to hand them in person; they choose their own at their
            next login.
          </p>
        </YesNoDialog>
      )}
      {asking?.kind === 'deactivate' && (
        <YesNoDialog
          testid="user-deactivate-confirm"
          title={`Deactivate ${asking.user.name}?`}
          headline={asking.user.username}
          yesLabel="Deactivate"
          noLabel="Keep active"
          busy={setStatus.isPending}
          onYes={() => changeStatus(asking.user)}
          onNo={() => setAsking(null)}
        >
          <p>
            They are logged out everywhere on this terminal and cannot log in until reactivated. Their sales, shifts and
            records stay as they are.
          </p>
        </YesNoDialog>
      )}
      <RoleTable actor={actor} />
      {can(session, 'settings.manage') && <IdleLockForm />}
    </div>
  )
}

function OneTimePinCard({ shown, onDone }: { shown: OneTimePin; onDone(): void }) {
  return (
    <div className="banner warn" role="status" data-testid="one-time-pin">
      <p>
        One-time PIN for <strong>{shown.user.name}</strong> ({shown.user.username}):{' '}
        <strong className="mono" data-testid="one-time-pin-value">
          {shown.pin}
        </strong>
      </p>
      <p>Give it to them in person. It works once: at their next login they choose their own PIN.</p>
      <button type="button" className="btn small" onClick={onDone} data-testid="one-time-pin-done">
        Done, it is handed over
      </button>
    </div>
  )
}

function UserForm({
  user,
  actor,
  onSaved,
  onCancel,
}: {
  user: UserView | null
  actor: Actor
  onSaved(r: OneTimePin | UserView): void
  onCancel(): void
}) {
  const form = useContractForm(UserInput, {
    defaultValues: {
      name: user?.name ?? '',
      username: user?.username ?? '',
      email: user?.email ?? '',
      phone: user?.phone ?? '',
      role: user?.role ?? 'staff',
      permissions: user?.permissions ?? [],
    },
  })
  const [message, setMessage] = useState<FormMessageValue>(null)
  const save = useBackendMutation('user-save')
  const role = form.watch('role') as Role
  const extra = (form.watch('permissions') ?? []) as Permission[]
  const had = user ? [...RolePermissions[user.role], ...user.permissions] : []
  const roles = Roles.filter((r) => grantProblem(actor, r, [], had) === null || r === user?.role)
  const grantable = Permissions.filter(
    (p) => !RolePermissions[role].includes(p) && (actor.permissions.includes(p) || had.includes(p)),
  )

  const submit = form.handleSubmit(
    (values) =>
      save.mutate(
        {
          ...(user ? { id: user._id } : {}),
          user: { ...values, email: values.email ?? '', phone: values.phone ?? '' },
        },
        { onSuccess: onSaved, onError: (e) => setMessage({ kind: 'error', text: e.message }) },
      ),
    (errors) => setMessage({ kind: 'error', text: messagesOf(errors).join(' ') }),
  )

  return (
    <form
      className="card form"
      aria-labelledby="user-form-title"
      onSubmit={(e) => void submit(e)}
      data-testid="user-form"
      noValidate
    >
      <h2 id="user-form-title">{user ? `Edit ${user.name}` : 'Add a user'}</h2>
      <div className="form-row">
        <label>
          <span>Name</span>
          <input {...form.register('name')} data-testid="user-name" autoFocus />
        </label>
        <label>
          <span>Username</span>
          <input {...form.register('username')} autoCapitalize="none" data-testid="user-username" />
        </label>
      </div>
      <div className="form-row">
        <label>
          <span>Email (optional)</span>
          <input type="email" {...form.register('email')} data-testid="user-email" />
        </label>
        <label>
          <span>Phone (optional)</span>
          <input type="tel" {...form.register('phone')} data-testid="user-phone" />
        </label>
      </div>
      <label>
        <span>Role</span>
        <select {...form.register('role')} data-testid="user-role">
          {roles.map((r) => (
            <option key={r} value={r}>
              {ROLE_TEXT[r]}
            </option>
          ))}
        </select>
      </label>
      {grantable.length > 0 && (
        <fieldset>
          <legend>Also allow (beyond the role)</legend>
          {grantable.map((p) => (
            <label key={p} className="check">
              <input
                type="checkbox"
                checked={extra.includes(p)}
                onChange={(e) =>
                  form.setValue('permissions', e.target.checked ? [...extra, p] : extra.filter((x) => x !== p))
                }
                data-testid={`user-perm-${p}`}
              />
              <span>{PermissionInfo[p]}</span>
            </label>
          ))}
        </fieldset>
      )}
      {!user && <p className="muted">Saving gives a one-time PIN to hand over; it is changed at the first login.</p>}
      <FormMessage message={message} testid="user-form-message" />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn primary" disabled={save.isPending} data-testid="user-save">
          {user ? 'Save' : 'Add and give a one-time PIN'}
        </button>
      </div>
    </form>
  )
}

/** Every permission the terminal checks, and which roles hold it by default. */
function RoleTable({ actor }: { actor: Actor }) {
  return (
    <section className={cx('card', styles.wide)} aria-labelledby="roles-title">
      <h2 id="roles-title">Roles and permissions</h2>
      <p className="muted">A role gives the ticked permissions; a user may be allowed more. You are {actor.role}.</p>
      <table className={styles.table} data-testid="permission-table">
        <thead>
          <tr>
            <th scope="col">Permission</th>
            {Roles.map((r) => (
              <th scope="col" key={r}>
                {r}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Permissions.map((p) => (
            <tr key={p}>
              <th scope="row">
                {PermissionInfo[p]} <span className="muted mono">{p}</span>
              </th>
              {Roles.map((r) => (
                <td key={r}>{RolePermissions[r].includes(p) ? '✓' : ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
