import { useCallback, useEffect, useState } from 'react'
import type { Game } from '../../shared/contract'
import { errorShape, invoke, useEvent } from '../api'
import { loadLastTickets, onSold } from '../checkout'
import { AgeDialog } from '../components/AgeDialog'
import { Banners } from '../components/Banners'
import { CartPanel } from '../components/CartPanel'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { GameGrid } from '../components/GameGrid'
import { LastSalePanel } from '../components/LastSalePanel'
import { PicksDialog } from '../components/PicksDialog'
import { TopBar } from '../components/TopBar'
import { useSaleKeys } from '../dispatch'
import { useCart, useSession, useUi } from '../store'

/** Next draws roll over at each cutoff; re-reading now and then keeps the buttons honest. */
const GAMES_REFRESH_MS = 60_000

function useGames() {
  const [games, setGames] = useState<Game[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const load = useCallback(() => {
    invoke('game-list', {})
      .then((g) => {
        setGames(g)
        setError(null)
      })
      .catch((e) => setError(errorShape(e).message))
  }, [])
  useEffect(() => {
    load()
    const t = setInterval(load, GAMES_REFRESH_MS)
    const off = onSold(load)
    return () => {
      clearInterval(t)
      off()
    }
  }, [load])
  // Another window or terminal process sold: stock changed.
  useEvent('sale-committed', load)
  return { games, error, load }
}

export function SaleScreen() {
  const { games, error, load } = useGames()
  const overlay = useUi((s) => s.overlay)
  const lines = useCart((s) => s.cart.lines)
  const confirmThreshold = useSession((s) => s.app?.confirm_threshold)
  useSaleKeys(games ?? [])

  useEffect(() => {
    loadLastTickets().catch(() => {
      // An empty last-sale panel is fine; the cashier's next sale fills it.
    })
  }, [])

  const picksLine = overlay?.kind === 'picks' ? lines.find((l) => l.gameId === overlay.gameId) : undefined

  return (
    <div className="sale-screen" data-testid="sale-screen" data-confirm-threshold={confirmThreshold}>
      <TopBar />
      <Banners />
      <div className="sale-body">
        <GameGrid games={games} loadError={error} onRetry={load} />
        <CartPanel games={games} />
        <LastSalePanel />
      </div>
      {overlay?.kind === 'age' && <AgeDialog games={overlay.games} />}
      {overlay?.kind === 'confirm' && <ConfirmDialog total={overlay.total} />}
      {picksLine && <PicksDialog key={picksLine.gameId} line={picksLine} />}
    </div>
  )
}
