import { useState } from 'react'
import type { PublicUser, TicketView } from '../../shared/contract'
import { ErrorCodes } from '../../shared/errors'
import { formatTicketNumber } from '../../shared/ticket-number'
import { errorShape } from '../api'
import { reprint } from '../checkout'
import type { Binding } from '../keys/keymap'
import { useUi } from '../store'
import { Dialog } from './Dialog'
import { ApproverChoice, ApproverPin, approverKeys, useApprovers } from './ManagerApproval'

/** Another copy of a ticket that already printed: a manager (by tile or login number) and their PIN. */
export function ReprintApprovalDialog(props: { ticket: Pick<TicketView, '_id' | 'ticket_number'>; message: string }) {
  const setOverlay = useUi((s) => s.setOverlay)
  const list = useApprovers(true)
  const [approver, setApprover] = useState<PublicUser | null>(null)
  const [pin, setPin] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState(props.message)
  const close = () => setOverlay(null)

  const submit = async () => {
    if (!approver || busy) return
    setBusy(true)
    try {
      await reprint(props.ticket, { userId: approver._id, pin })
    } catch (e) {
      const err = errorShape(e)
      setError(err.message)
      if (err.code === ErrorCodes.PIN_WRONG || err.code === ErrorCodes.LOCKED_OUT) setPin('')
      else if (err.code !== ErrorCodes.MANAGER_APPROVAL_REQUIRED) setApprover(null)
    } finally {
      setBusy(false)
    }
  }

  const keys: Binding[] = [
    { keys: ['Escape'], inFields: true, run: () => (approver ? setApprover(null) : close()) },
    approverKeys(!approver, list, setApprover),
  ]

  return (
    <Dialog testid="reprint-approval" labelledBy="reprint-approval-title" wide keys={keys}>
      <h2 id="reprint-approval-title">
        Another copy · <span className="ticket-number">{formatTicketNumber(props.ticket.ticket_number)}</span>
      </h2>
      <div className="banner warn" data-testid="reprint-approval-message" role="alert">
        {error}
      </div>
      {approver ? (
        <ApproverPin
          approver={approver}
          pin={pin}
          onPin={setPin}
          onSubmit={() => void submit()}
          onBack={() => setApprover(null)}
          busy={busy}
        />
      ) : (
        <ApproverChoice
          what="copy"
          testid="reprint-approver"
          backTestid="reprint-approval-back"
          list={list}
          onChoose={setApprover}
          onBack={close}
        />
      )}
    </Dialog>
  )
}
