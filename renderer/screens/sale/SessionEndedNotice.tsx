import { useState } from 'react'
import { sessionEndedNotice } from '../../data/heldCart'

/** On the login screen after a restart: why the cashier must log in again, and that the cart waits. */
export function SessionEndedNotice() {
  const [text] = useState(() => sessionEndedNotice())
  if (!text) return null
  return (
    <p className="banner warn" data-testid="session-ended" role="status">
      {text}
    </p>
  )
}
