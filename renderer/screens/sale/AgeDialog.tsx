import { confirmAge } from '../../checkout'
import { YesNoDialog } from '../../components/YesNoDialog'
import { useUi } from '../../store'

/** Responsible play: the cashier looks at the player before an age-checked game is sold. */
export function AgeDialog({ games }: { games: string[] }) {
  const setOverlay = useUi((s) => s.setOverlay)
  return (
    <YesNoDialog
      testid="age"
      title="Confirm the customer is of legal age"
      headline="18+"
      yesLabel="Of legal age"
      noLabel="Do not sell"
      onYes={() => void confirmAge()}
      onNo={() => setOverlay(null)}
      deliberate
    >
      <p>
        {games.length > 0
          ? `${games.join(', ')} may only be sold to adults.`
          : 'This sale includes an age-checked game or product.'}{' '}
        Check ID if in doubt.
      </p>
    </YesNoDialog>
  )
}
