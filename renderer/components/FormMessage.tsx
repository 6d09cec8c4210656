/** What a back-office form says after its last try: saved, or why not. */
export type FormMessageValue = { kind: 'ok' | 'error'; text: string } | null

/** The form's answer, in the backend's words: green when saved, red with the reason when refused. */
export function FormMessage({ message, testid }: { message: FormMessageValue; testid: string }) {
  if (!message) return null
  return (
    <div className={`banner ${message.kind === 'ok' ? 'success' : 'error'}`} role="status" data-testid={testid}>
      {message.text}
    </div>
  )
}
