import { useState } from 'react'
import { FormMessage, type FormMessageValue } from '../../components/FormMessage'
import { AdjustmentTypes, type AdjustmentType, type StockBatch, type StockGame } from '../../../shared/contract'
import { useAppInfo, useBackend, useBackendMutation } from '../../data/backend'
import { formatDateTime } from '../../format'
import { cx } from '../../styles/cx'
import styles from '../../screens/shift/shift.module.css'

type Message = FormMessageValue

/**
 * Lottery stock: every game with what is left, batch by batch (low ones marked), receiving a batch (its label
 * scanned or typed) and adjusting one with a reason.
 */
export function StockScreen() {
  const zone = useAppInfo()?.store.timezone
  const stock = useBackend('stock-list', {})
  const [adjusting, setAdjusting] = useState<{ game: StockGame; batch: StockBatch } | null>(null)
  const games = stock.data ?? []

  return (
    <div className={styles.office} data-testid="stock">
      <Receive games={games} />
      {adjusting && (
        <Adjust
          key={adjusting.batch._id}
          game={games.find((g) => g.lottery_id === adjusting.game.lottery_id) ?? adjusting.game}
          batch={games.flatMap((g) => g.batches).find((x) => x._id === adjusting.batch._id) ?? adjusting.batch}
          onDone={() => setAdjusting(null)}
        />
      )}
      <section className={cx('card', styles.wide)} aria-labelledby="stock-title">
        <h2 id="stock-title">Stock by game</h2>
        {stock.error && <div className="banner error">{stock.error.message}</div>}
        <table className={styles.table} data-testid="stock-table">
          <thead>
            <tr>
              <th scope="col">Game / batch</th>
              <th scope="col">Left</th>
              <th scope="col">Of</th>
              <th scope="col">Reorder at</th>
              <th scope="col">Received</th>
              <th scope="col">Adjust</th>
            </tr>
          </thead>
          {games.map((g) => (
            <tbody key={g.lottery_id} data-testid={`stock-${g.code}`} data-low={String(g.restock_flag)}>
              <tr>
                <th scope="row">
                  {g.name} {g.restock_flag && <span className={styles.badText}>· low</span>}
                </th>
                <td>
                  <strong>{g.remaining}</strong>
                </td>
                <td colSpan={4} />
              </tr>
              {g.batches.map((b) => (
                <tr key={b._id} data-testid={`batch-${b.batch_number}`}>
                  <td>{b.batch_number}</td>
                  <td className={b.restock_flag ? styles.badText : undefined}>{b.remaining_stock}</td>
                  <td>{b.total_stock}</td>
                  <td>{b.reorder_threshold}</td>
                  <td>{formatDateTime(b.last_restocked ?? b.created_at, zone)}</td>
                  <td>
                    <button
                      type="button"
                      className="btn small"
                      onClick={() => setAdjusting({ game: g, batch: b })}
                      data-testid={`adjust-${b.batch_number}`}
                      aria-label={`Adjust batch ${b.batch_number} of ${g.name}`}
                    >
                      Adjust
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </section>
    </div>
  )
}

function Receive({ games }: { games: StockGame[] }) {
  const [lotteryId, setLotteryId] = useState('')
  const [batchNumber, setBatchNumber] = useState('')
  const [quantity, setQuantity] = useState('')
  const [reference, setReference] = useState('')
  const [message, setMessage] = useState<Message>(null)
  const restock = useBackendMutation('stock-restock')
  const game = lotteryId || games[0]?.lottery_id || ''

  const submit = () => {
    const q = Number(quantity)
    if (!/^\d+$/.test(quantity.trim()) || q < 1)
      return setMessage({ kind: 'error', text: 'The quantity is a whole number of tickets, at least 1.' })
    setMessage(null)
    restock.mutate(
      { lotteryId: game, batchNumber: batchNumber.trim(), quantity: q, reference: reference.trim() },
      {
        onSuccess: (g) => {
          setMessage({
            kind: 'ok',
            text: `Received batch ${batchNumber.trim()}: ${q} ${g.name} tickets. ${g.remaining} in stock now.`,
          })
          setBatchNumber('')
          setQuantity('')
        },
        onError: (e) => setMessage({ kind: 'error', text: e.message }),
      },
    )
  }

  return (
    <form
      className="card form"
      aria-labelledby="receive-title"
      onSubmit={(e) => {
        e.preventDefault()
        submit()
      }}
      data-testid="receive"
    >
      <h2 id="receive-title">Receive a batch</h2>
      <label>
        <span>Game</span>
        <select value={game} onChange={(e) => setLotteryId(e.target.value)} data-testid="receive-game">
          {games.map((g) => (
            <option key={g.lottery_id} value={g.lottery_id}>
              {g.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Batch number (scan the label or type it)</span>
        <input
          value={batchNumber}
          onChange={(e) => setBatchNumber(e.target.value)}
          data-testid="receive-batch"
          autoComplete="off"
        />
      </label>
      <div className="form-row">
        <label>
          <span>Tickets</span>
          <input
            inputMode="numeric"
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
            data-testid="receive-quantity"
          />
        </label>
        <label>
          <span>Supplier or lottery reference</span>
          <input value={reference} onChange={(e) => setReference(e.target.value)} data-testid="receive-reference" />
        </label>
      </div>
      <FormMessage message={message} testid="receive-message" />
      <div className="form-actions">
        <button
          type="submit"
          className="btn primary"
          disabled={restock.isPending || !game}
          data-testid="receive-submit"
        >
          Receive
        </button>
      </div>
    </form>
  )
}

const ADJUST_NAMES: Record<AdjustmentType, string> = {
  damage: 'Damaged',
  theft: 'Stolen',
  correction: 'Count correction',
  return: 'Returned to the lottery',
}
/** What only takes tickets out: the manager types how many (3, or -3), the backend gets it negative. */
const TAKES_OUT: readonly AdjustmentType[] = ['damage', 'theft', 'return']

/** "Takes 3 out (295 left)", "Adds 3 (301 left)", or nothing until a whole number is typed. */
function effectOf(typed: string, out: boolean, remaining: number): string {
  const t = typed.trim()
  if (!/^[-+]?\d+$/.test(t) || Number(t) === 0) return ''
  const n = out ? -Math.abs(Number(t)) : Number(t)
  const after = remaining + n
  const left = after < 0 ? `only ${remaining} in the batch` : `${after} left`
  return `${n < 0 ? `Takes ${-n} out` : `Adds ${n}`} (${left})`
}

function Adjust({ game, batch, onDone }: { game: StockGame; batch: StockBatch; onDone(): void }) {
  const [type, setType] = useState<AdjustmentType>('damage')
  const [quantity, setQuantity] = useState('')
  const [reason, setReason] = useState('')
  const [notes, setNotes] = useState('')
  const [message, setMessage] = useState<Message>(null)
  const adjust = useBackendMutation('stock-adjust')

  const out = TAKES_OUT.includes(type)
  const submit = () => {
    const t = quantity.trim()
    if (!/^[-+]?\d+$/.test(t) || Number(t) === 0)
      return setMessage({
        kind: 'error',
        text: out
          ? 'How many tickets came out: a whole number, such as 3.'
          : 'The quantity is a whole number of tickets, negative to take out: -3.',
      })
    const n = out ? -Math.abs(Number(t)) : Number(t)
    adjust.mutate(
      {
        inventoryId: batch._id,
        adjustmentType: type,
        quantity: n,
        reason: reason.trim(),
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      },
      {
        onSuccess: (g) => {
          setMessage({
            kind: 'ok',
            text: `${ADJUST_NAMES[type]}: ${n > 0 ? `+${n}` : n} on batch ${batch.batch_number}. ${g.remaining} ${g.name} tickets in stock now.`,
          })
          setQuantity('')
          setReason('')
          setNotes('')
        },
        onError: (e) => setMessage({ kind: 'error', text: e.message }),
      },
    )
  }

  return (
    <form
      className="card form"
      aria-labelledby="adjust-title"
      onSubmit={(e) => {
        e.preventDefault()
        submit()
      }}
      data-testid="adjust"
    >
      <h2 id="adjust-title">
        Adjust {game.name}, batch {batch.batch_number} ({batch.remaining_stock} left)
      </h2>
      <div className="form-row">
        <label>
          <span>What happened</span>
          <select value={type} onChange={(e) => setType(e.target.value as AdjustmentType)} data-testid="adjust-type">
            {AdjustmentTypes.map((t) => (
              <option key={t} value={t}>
                {ADJUST_NAMES[t]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{out ? 'Tickets taken out' : 'Tickets (negative takes out)'}</span>
          <input
            inputMode="numeric"
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
            data-testid="adjust-quantity"
            aria-describedby="adjust-effect"
            autoFocus
          />
        </label>
      </div>
      {/* What the adjustment will do, before it is recorded: changing "What happened" changes it too. */}
      <p className="muted" id="adjust-effect" aria-live="polite" data-testid="adjust-effect">
        {effectOf(quantity, out, batch.remaining_stock)}
      </p>
      <label>
        <span>Reason</span>
        <input value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} data-testid="adjust-reason" />
      </label>
      <label>
        <span>Notes (optional)</span>
        <input value={notes} maxLength={500} onChange={(e) => setNotes(e.target.value)} data-testid="adjust-notes" />
      </label>
      <FormMessage message={message} testid="adjust-message" />
      <div className="form-actions">
        <button type="button" className="btn" onClick={onDone}>
          Close
        </button>
        <button type="submit" className="btn primary" disabled={adjust.isPending} data-testid="adjust-submit">
          Record adjustment
        </button>
      </div>
    </form>
  )
}
