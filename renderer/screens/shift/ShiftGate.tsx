import { useEffect } from 'react'
import type { ShiftCurrent } from '../../../shared/contract'
import { useBackend, useSessionInfo } from '../../data/backend'
import { can } from '../../data/session'
import { useShiftDialogs } from './state'
import { MoveCashDialog } from './MoveCashDialog'
import { OpenShiftDialog } from './OpenShiftDialog'

/**
 * The cash office at the counter: offers to open a shift after login when the terminal has none (once per
 * login: "Not now" is respected until the next), and shows the open-shift and cash-movement dialogs.
 */
export function ShiftGate() {
  const session = useSessionInfo()
  const active = session !== null && !session.locked
  const current = useBackend('shift-current', {}, { enabled: active })
  const { dialog, declined } = useShiftDialogs()
  const userId = session?.user._id ?? null

  // A new login starts afresh: the next cashier is asked again.
  useEffect(() => useShiftDialogs.getState().reset(), [userId])
  // Offered once, as the login lands: a shift closed later in this login is followed by its Z, never by this.
  useEffect(() => {
    if (!active || !current.data || declined) return
    if (current.data.may_open && !dialog) useShiftDialogs.getState().open({ kind: 'open' })
    else useShiftDialogs.setState({ declined: true })
  }, [active, current.data, declined, dialog])

  if (!active || !dialog) return null
  if (dialog.kind === 'open') return current.data?.may_open ? <OpenShiftDialog /> : null
  return <MoveCashDialog kind={dialog.move} />
}

/** One line for the counter when selling cannot go into a shift, with what to do about it. */
export function useShiftProblem(): { text: string; canOpen: boolean } | null {
  const session = useSessionInfo()
  const active = session !== null && !session.locked
  const current = useBackend('shift-current', {}, { enabled: active }).data
  // Someone who never sells (an accountant) has nothing to be told about the shift.
  if (!active || !current || !can(session, 'sale.create')) return null
  const s = current.shift
  if (!s)
    return current.may_open
      ? { text: 'No shift is open: open yours with the float before selling.', canOpen: true }
      : { text: 'No shift is open on this terminal, and you may not open one: call a manager.', canOpen: false }
  if (s.status === 'counted')
    return {
      text: `Shift ${s.shift_number} is counted and waits for a manager's sign-off (Back office, Cash office).`,
      canOpen: false,
    }
  if (!s.may_sell)
    return {
      text: `Shift ${s.shift_number} on this terminal is ${s.user.name}'s: they or a manager must close it before you can sell.`,
      canOpen: false,
    }
  return null
}

/**
 * Today's business day was already ended on this terminal: sales go on and count in it, so the counter says so
 * (a manager ends the day again for a report with them). Only for those who sell.
 */
export function useDayEnded(): NonNullable<ShiftCurrent['day_ended']> | null {
  const session = useSessionInfo()
  const active = session !== null && !session.locked
  const current = useBackend('shift-current', {}, { enabled: active }).data
  if (!active || !current || !can(session, 'sale.create')) return null
  return current.day_ended ?? null
}
