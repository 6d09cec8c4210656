import type { Game } from '../../../shared/contract'
import { formatMoney } from '../../../shared/money'
import { useAppInfo } from '../../data/backend'
import { runCart } from '../../dispatch'
import { formatDateTime } from '../../format'
import { keepFocus } from '../../keys/useKeymap'
import { useCart } from '../../store'

interface Props {
  games: Game[] | null
  loadError: string | null
  onRetry(): void
}

export function GameGrid({ games, loadError, onRetry }: Props) {
  const app = useAppInfo()
  const multiplier = useCart((s) => s.cart.multiplier)
  const currency = app?.store.currency ?? 'USD'
  const zone = app?.store.timezone

  return (
    <section className="games" aria-label="Games">
      <div className={`multiplier ${multiplier ? 'active' : ''}`} data-testid="qty-multiplier" aria-live="polite">
        {multiplier ? (
          <>
            <strong>{multiplier} ×</strong> press a game to add {multiplier} tickets · Esc cancels
          </>
        ) : (
          'Type a number, then a game key, to add several tickets at once.'
        )}
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
      <div className="game-grid">
        {games?.map((g) => {
          const inactive = g.status !== 'active'
          const soldOut = g.remaining_stock <= 0
          return (
            <button
              key={g._id}
              type="button"
              className={`game-btn ${soldOut ? 'sold-out' : ''} ${g.remaining_stock > 0 && g.remaining_stock <= 20 ? 'low' : ''}`}
              data-testid={`game-${g.code}`}
              disabled={inactive}
              onMouseDown={keepFocus}
              onClick={() => runCart('addGame', { game: g })}
            >
              <span className="game-top">
                {g.hotkey && <kbd className="hotkey">{g.hotkey}</kbd>}
                {g.age_check && (
                  <span className="age-badge" data-testid={`age-${g.code}`} title="Confirm the player's age">
                    18+
                  </span>
                )}
                <span className="game-price">{formatMoney(g.ticket_price, currency)}</span>
              </span>
              <span className="game-name">{g.name}</span>
              <span className="game-meta">
                {inactive
                  ? 'Not on sale'
                  : g.next_draw
                    ? `Draw ${formatDateTime(g.next_draw, zone)}`
                    : 'No draw scheduled'}
              </span>
              <span className="game-stock" data-testid={`stock-${g.code}`}>
                {soldOut ? 'Sold out' : `${g.remaining_stock} left`}
              </span>
            </button>
          )
        })}
      </div>
    </section>
  )
}
