import { useCallback, useEffect, useState } from 'react'
import type { DrawResultView } from '../../shared/contract'
import { errorShape, invoke } from '../api'
import { Balls } from '../components/Balls'
import { Banners } from '../components/Banners'
import { TopBar } from '../components/TopBar'
import { runCommand } from '../dispatch'
import { formatDateTime } from '../format'
import { useSession } from '../store'

const RESULTS_LIMIT = 50

/** The latest official numbers, for the player who asks "did I win?" without a ticket in hand. */
export function ResultsScreen() {
  const zone = useSession((s) => s.app?.store.timezone)
  const setView = useSession((s) => s.setView)
  const [results, setResults] = useState<DrawResultView[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(
    () =>
      invoke('draw-results', { limit: RESULTS_LIMIT }).then(
        (r) => {
          setResults(r)
          setError(null)
        },
        (e) => setError(errorShape(e).message),
      ),
    [],
  )

  useEffect(() => {
    void load()
  }, [load])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey) return
      if (e.key === 'Escape') setView('sale')
      else if (e.key === 'F10') runCommand('lock')
      else return
      e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [setView])

  return (
    <div className="results-screen" data-testid="results-screen">
      <TopBar />
      <Banners />
      <div className="results-body">
        <div className="results-head">
          <h1>Draw results</h1>
          <button type="button" className="btn" data-testid="results-refresh" onClick={() => void load()}>
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
        <ol className="result-list">
          {results?.map((r) => (
            <li key={r._id} className="result-row" data-testid="result-row" data-game={r.game_code}>
              <span className="result-game">{r.game_name}</span>
              <span className="result-date">{formatDateTime(r.draw_date, zone)}</span>
              <Balls numbers={r.winning_numbers} label={`${r.game_name} winning numbers`} />
              {r.status !== 'official' && <span className="role">{r.status}</span>}
            </li>
          ))}
        </ol>
      </div>
    </div>
  )
}
