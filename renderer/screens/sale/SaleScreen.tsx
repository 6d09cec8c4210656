import { Banners } from '../../components/Banners'
import { TopBar } from '../../components/TopBar'
import { useAppInfo, useBackend } from '../../data/backend'
import { useSaleKeys } from '../../dispatch'
import { useCart, useUi } from '../../store'
import { CancelDialog } from '../../components/CancelDialog'
import { AgeDialog } from './AgeDialog'
import { ClearCartDialog } from './ClearCartDialog'
import { CartPanel } from './CartPanel'
import { ConfirmDialog } from './ConfirmDialog'
import { GameGrid } from './GameGrid'
import { LastSalePanel } from './LastSalePanel'
import { PicksDialog } from './PicksDialog'
import { ProductSearchDialog } from './ProductSearchDialog'
import styles from './SaleScreen.module.css'

export function SaleScreen() {
  // Refreshed after every sale (here or pushed) and as draws roll over (data/invalidation.ts).
  const games = useBackend('game-list')
  const overlay = useUi((s) => s.overlay)
  const lines = useCart((s) => s.cart.lines)
  const confirmThreshold = useAppInfo()?.confirm_threshold
  useSaleKeys(games.data ?? [])

  const picksLine = overlay?.kind === 'picks' ? lines.find((l) => l.key === overlay.key) : undefined

  return (
    <div className={styles.saleScreen} data-testid="sale-screen" data-confirm-threshold={confirmThreshold}>
      <TopBar />
      <Banners />
      <div className={styles.saleBody}>
        <GameGrid
          className={styles.games}
          games={games.data ?? null}
          loadError={games.error?.message ?? null}
          onRetry={() => void games.refetch()}
        />
        <CartPanel className={styles.cart} games={games.data ?? null} />
        <LastSalePanel className={styles.last} />
      </div>
      {overlay?.kind === 'age' && <AgeDialog games={overlay.games} />}
      {overlay?.kind === 'confirm' && <ConfirmDialog total={overlay.total} />}
      {picksLine && <PicksDialog key={picksLine.key} line={picksLine} />}
      {overlay?.kind === 'clearCart' && <ClearCartDialog />}
      {overlay?.kind === 'cancelAny' && <CancelDialog />}
      {overlay?.kind === 'products' && <ProductSearchDialog />}
    </div>
  )
}
