import { Balls } from '../../components/Balls'
import { Banners } from '../../components/Banners'
import { TopBar } from '../../components/TopBar'
import { useAppInfo, useBackend } from '../../data/backend'
import { runCommand } from '../../dispatch'
import { formatDateTime } from '../../format'
import { useKeymap } from '../../keys/useKeymap'
import { useNav } from '../../store'
import styles from './ResultsScreen.module.css'

const RESULTS_LIMIT = 50

/** The latest official numbers, for the player who asks "did I win?" without a ticket in hand. */
export function ResultsScreen() {
  const zone = useAppInfo()?.store.timezone
  const go = useNav((s) => s.go)
  // Read when the screen opens and on Refresh; results arrive with central's catalogue, not pushed.
  const draws = useBackend('draw-results', { limit: RESULTS_LIMIT })
  const results = draws.data ?? null
  const error = draws.error?.message ?? null

  useKeymap([
    { keys: ['Escape'], inFields: true, run: () => go('sale') },
    { keys: ['F10'], inFields: true, run: () => runCommand('lock') },
  ])

  return (
    <div className={styles.resultsScreen} data-testid="results-screen">
      <TopBar />
      <Banners />
      <div className={styles.resultsBody}>
        <div className={styles.resultsHead}>
          <h1>Draw results</h1>
          <button type="button" className="btn" data-testid="results-refresh" onClick={() => void draws.refetch()}>
            Refresh
          </button>
        </div>
        {error && (
          <div className="banner error" role="alert">
            {error}
          </div>
        )}
        {results === null && !error && <p className="muted">Loading results…</p>}
        {results?.length === 0 && <p className="muted">No draw results have arrived yet.</p>}
        <ol className={styles.resultList}>
          {results?.map((r) => (
            <li key={r._id} className={styles.resultRow} data-testid="result-row" data-game={r.game_code}>
              <span className={styles.resultGame}>{r.game_name}</span>
              <span className={styles.resultDate}>{formatDateTime(r.draw_date, zone)}</span>
              <Balls numbers={r.winning_numbers} label={`${r.game_name} winning numbers`} />
              {r.status !== 'official' && <span className="role">{r.status}</span>}
            </li>
          ))}
        </ol>
      </div>
    </div>
  )
}
