import { useEffect, useRef } from 'react'

/** What a back-office form says after its last try: saved, or why not. */
export type FormMessageValue = { kind: 'ok' | 'error'; text: string } | null

/**
 * The form's answer, in the backend's words: green when saved, red with the reason when refused. Brought into
 * view when it changes (a long form's answer may be above or below the button pressed); a refusal is an alert.
 */
export function FormMessage({ message, testid }: { message: FormMessageValue; testid: string }) {
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (message) box.current?.scrollIntoView?.({ block: 'nearest' })
  }, [message])
  if (!message) return null
  return (
    <div
      ref={box}
      className={`banner ${message.kind === 'ok' ? 'success' : 'error'}`}
      role={message.kind === 'ok' ? 'status' : 'alert'}
      data-testid={testid}
    >
      {message.text}
    </div>
  )
}
