import styles from '../../screens/shift/shift.module.css'

/** A YYYY-MM-DD day moved by whole days (in UTC arithmetic: a calendar day, whatever the timezone). */
export function dayStep(day: string, by: number): string {
  const d = new Date(`${day}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() + by)
  return d.toISOString().slice(0, 10)
}

/** Previous, the day itself (a date field), next: the back office's way to pick a day or a week. */
export function DayPager(props: {
  day: string | undefined
  onDay(day: string): void
  step(day: string, by: number): string
  /** How far Previous and Next move: 1 for a day, 7 for a week. */
  by?: number
  /** The last day Next may reach (today): the future has no report. */
  max?: string
  label: string
  testid: string
}) {
  const by = props.by ?? 1
  const { day } = props
  return (
    <div className={styles.pager}>
      <button
        type="button"
        className="btn"
        disabled={!day}
        onClick={() => day && props.onDay(props.step(day, -by))}
        data-testid={`${props.testid}-prev`}
      >
        ← Previous
      </button>
      <input
        type="date"
        value={day ?? ''}
        max={props.max}
        onChange={(e) => e.target.value && props.onDay(e.target.value)}
        data-testid={`${props.testid}-input`}
        aria-label={props.label}
      />
      <button
        type="button"
        className="btn"
        disabled={!day || (props.max !== undefined && props.step(day, by) > props.max)}
        onClick={() => day && props.onDay(props.step(day, by))}
        data-testid={`${props.testid}-next`}
      >
        Next →
      </button>
    </div>
  )
}
