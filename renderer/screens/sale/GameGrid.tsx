import type { Game } from '../../../shared/contract'
import { formatMoney } from '../../../shared/money'
import { useAppInfo } from '../../data/backend'
import { keyLabels } from '../../actions'
import { runCart, runCommand } from '../../dispatch'
import { formatDateTime } from '../../format'
import { keepFocus } from '../../keys/useKeymap'
import { useCart, useUi } from '../../store'
import { cx } from '../../styles/cx'
import styles from './GameGrid.module.css'

interface Props {
  className?: string
  games: Game[] | null
  loadError: string | null
  onRetry(): void
}

export function GameGrid({ className, games, loadError, onRetry }: Props) {
  const app = useAppInfo()
  const multiplier = useCart((s) => s.cart.multiplier)
  const selling = useUi((s) => s.selling)
  const currency = app?.store.currency ?? 'USD'
  const zone = app?.store.timezone

  return (
    <section className={className} aria-label="Games">
      <div className={styles.topRow}>
        <div
          className={cx(styles.multiplier, multiplier && styles.active)}
          data-testid="qty-multiplier"
          aria-live="polite"
        >
          {multiplier ? (
            <>
              <strong>{multiplier} ×</strong> press a game to add {multiplier} tickets · Esc cancels
            </>
          ) : (
            'Type a number, then a game key, to add several tickets at once.'
          )}
        </div>
        <button
          type="button"
          className={cx('btn ghost', styles.findBtn)}
          data-testid="find-product"
          disabled={selling}
          onMouseDown={keepFocus}
          onClick={() => runCommand('findProduct')}
        >
          Find product <kbd>{keyLabels.findProduct}</kbd>
        </button>
      </div>
      {loadError && (
        <div className="banner error" role="alert">
          {loadError}{' '}
          <button type="button" className="btn small" onClick={onRetry}>
            Try again
          </button>
        </div>
      )}
      {games === null && !loadError && <p className="muted">Loading games…</p>}
      {games?.length === 0 && <p className="muted">No games are on sale at this store.</p>}
      <div className={styles.gameGrid}>
        {games?.map((g) => {
          const inactive = g.status !== 'active'
          const soldOut = g.remaining_stock <= 0
          return (
            <button
              key={g._id}
              type="button"
              className={cx(
                styles.gameBtn,
                soldOut && styles.soldOut,
                g.remaining_stock > 0 && g.remaining_stock <= 20 && styles.low,
              )}
              data-testid={`game-${g.code}`}
              disabled={inactive}
              onMouseDown={keepFocus}
              onClick={() => runCart('addGame', { game: g })}
            >
              <span className={styles.gameTop}>
                {g.hotkey && <kbd className={styles.hotkey}>{g.hotkey}</kbd>}
                {g.age_check && (
                  <span className={styles.ageBadge} data-testid={`age-${g.code}`} title="Confirm the player's age">
                    18+
                  </span>
                )}
                <span className={styles.gamePrice}>{formatMoney(g.ticket_price, currency)}</span>
              </span>
              <span className={styles.gameName}>{g.name}</span>
              <span className={styles.gameMeta}>
                {inactive
                  ? 'Not on sale'
                  : g.next_draw
                    ? `Draw ${formatDateTime(g.next_draw, zone)}`
                    : 'No draw scheduled'}
              </span>
              <span className={styles.gameStock} data-testid={`stock-${g.code}`}>
                {soldOut ? 'Sold out' : `${g.remaining_stock} left`}
              </span>
            </button>
          )
        })}
      </div>
    </section>
  )
}
