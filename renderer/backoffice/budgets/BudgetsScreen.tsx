import { useState } from 'react'
import {
  BUDGET_CATEGORIES,
  contract,
  type BudgetView,
  type ItemKind,
  type TransactionType,
} from '../../../shared/contract'
import { budgetDocument, budgetVerdict, formatCell, periodText, type CellFormat } from '../../../shared/report-doc'
import { FormMessage, type FormMessageValue } from '../../components/FormMessage'
import { useAppInfo, useBackend, useBackendMutation, useSessionInfo } from '../../data/backend'
import { can } from '../../data/session'
import { minorToInput, parseMoney } from '../../format'
import { cx } from '../../styles/cx'
import { ReportChart } from '../reports/ReportChart'
import { ReportTable } from '../reports/ReportTable'
import { RecentExports } from '../reports/ReportsScreen'
import styles from '../reports/reports.module.css'

interface ItemDraft {
  id?: string
  category: string
  kind: ItemKind
  allocated: string
}

/**
 * Budgets (issue 15): the store's budgets, each with its items allocated, spent, their variance and their
 * forecast to the end; transactions by hand, recurring entries to come, and the store's own money posting
 * itself (purchases, restocks, day closes).
 */
export function BudgetsScreen() {
  const app = useAppInfo()
  const session = useSessionInfo()
  const format: CellFormat = { currency: app?.store.currency ?? 'USD', locale: app?.locale ?? 'en-US' }
  const list = useBackend('budget-list', {})
  const [selected, setSelected] = useState<string | null>(null)
  const [editing, setEditing] = useState<BudgetView | 'new' | null>(null)
  const current = selected ?? list.data?.find((b) => b.status === 'open')?._id ?? list.data?.[0]?._id ?? null
  const budget = useBackend('budget-get', { id: current ?? '' }, { enabled: !!current })

  return (
    <div className={styles.reports} data-testid="budgets">
      <section className={cx('card', styles.head)} aria-labelledby="budgets-title">
        <h2 id="budgets-title">Budgets</h2>
        {list.data?.length === 0 && <p className="muted">No budget yet: plan a month, or a year, in items.</p>}
        <ul className={styles.records} data-testid="budget-list">
          {(list.data ?? []).map((b) => {
            const v = budgetVerdict({ ...b, currency: format.currency })
            return (
              <li key={b._id} className={styles.record}>
                <button
                  type="button"
                  className={cx('btn', b._id === current && 'primary')}
                  onClick={() => {
                    setSelected(b._id)
                    setEditing(null)
                  }}
                  data-testid={`budget-${b.name}`}
                  aria-pressed={b._id === current}
                >
                  {b.name}
                </button>{' '}
                <span className="muted">
                  {periodText(
                    { kind: 'custom', first: b.first_day, last: b.last_day, days: 0, start: '', end: '' },
                    format.locale,
                  ).replace(/ \(0 days\)$/, '')}{' '}
                  · spent {formatCell(b.expense_actual, 'money', format)} of{' '}
                  {formatCell(b.total_budget, 'money', format)} ·{' '}
                </span>
                <span className={v.good ? undefined : styles.failed}>{v.text}</span>
              </li>
            )
          })}
        </ul>
        <div className="form-actions">
          <button type="button" className="btn" onClick={() => setEditing('new')} data-testid="budget-new">
            New budget
          </button>
        </div>
      </section>
      {editing && (
        <BudgetForm
          key={editing === 'new' ? 'new' : editing._id}
          budget={editing === 'new' ? null : editing}
          format={format}
          onSaved={(id) => {
            setSelected(id)
            setEditing(null)
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      {budget.error && <div className="banner error">{budget.error.message}</div>}
      {budget.data && !editing && (
        <BudgetDetail b={budget.data} format={format} onEdit={() => setEditing(budget.data!)} />
      )}
      {can(session, 'view_reports') && <RecentExports />}
    </div>
  )
}

function BudgetForm({
  budget,
  format,
  onSaved,
  onCancel,
}: {
  budget: BudgetView | null
  format: CellFormat
  onSaved: (id: string) => void
  onCancel: () => void
}) {
  const cur = format.currency
  const [name, setName] = useState(budget?.name ?? '')
  const [description, setDescription] = useState(budget?.description ?? '')
  const [first, setFirst] = useState(budget?.first_day ?? '')
  const [last, setLast] = useState(budget?.last_day ?? '')
  const [total, setTotal] = useState(budget ? minorToInput(budget.total_budget, cur) : '')
  const [items, setItems] = useState<ItemDraft[]>(
    budget
      ? budget.items.map((i) => ({
          id: i._id,
          category: i.category,
          kind: i.kind,
          allocated: minorToInput(i.allocated_amount, cur),
        }))
      : [{ category: '', kind: 'expense', allocated: '' }],
  )
  const [message, setMessage] = useState<FormMessageValue>(null)
  const save = useBackendMutation('budget-save')
  const allocated = items.reduce((s, i) => s + (i.kind === 'expense' ? (parseMoney(i.allocated, cur) ?? 0) : 0), 0)
  const totalMinor = parseMoney(total, cur)
  const setItem = (k: number, patch: Partial<ItemDraft>) =>
    setItems(items.map((x, i) => (i === k ? { ...x, ...patch } : x)))

  const submit = () => {
    // What is not an amount at all ("1e2", "12,5.0") is said so here, not as a negative amount by the contract.
    const unreadable = [
      ...(totalMinor === null ? ['Total'] : []),
      ...items
        .map((i, k) =>
          i.allocated.trim() && parseMoney(i.allocated, cur) === null ? i.category.trim() || `Item ${k + 1}` : null,
        )
        .filter((x): x is string => x !== null),
    ]
    if (unreadable.length)
      return setMessage({ kind: 'error', text: `${unreadable.join(', ')}: an amount like 1500.00.` })
    const args = {
      budget: {
        ...(budget ? { id: budget._id } : {}),
        name,
        description,
        first_day: first,
        last_day: last,
        total_budget: totalMinor ?? -1,
        items: items
          .filter((i) => i.category.trim() || i.allocated.trim())
          .map((i) => ({
            ...(i.id ? { id: i.id } : {}),
            category: i.category,
            kind: i.kind,
            allocated_amount: parseMoney(i.allocated, cur) ?? -1,
          })),
      },
    }
    const checked = contract['budget-save'].args.safeParse(args)
    if (!checked.success)
      return setMessage({ kind: 'error', text: checked.error.issues.map((i) => i.message).join(' ') })
    save.mutate(args, {
      onSuccess: (v) => onSaved(v._id),
      onError: (e) => setMessage({ kind: 'error', text: e.message }),
    })
  }

  return (
    <form
      className="card form"
      aria-label={budget ? `Edit ${budget.name}` : 'New budget'}
      onSubmit={(e) => {
        e.preventDefault()
        submit()
      }}
      data-testid="budget-form"
    >
      <h2>{budget ? `Edit ${budget.name}` : 'New budget'}</h2>
      <div className="form-row">
        <label>
          <span>Name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} data-testid="budget-name" />
        </label>
        <label>
          <span>Total ({cur})</span>
          <input
            inputMode="decimal"
            value={total}
            onChange={(e) => setTotal(e.target.value)}
            data-testid="budget-total"
          />
        </label>
      </div>
      <div className="form-row">
        <label>
          <span>From</span>
          <input type="date" value={first} onChange={(e) => setFirst(e.target.value)} data-testid="budget-first" />
        </label>
        <label>
          <span>To</span>
          <input type="date" value={last} onChange={(e) => setLast(e.target.value)} data-testid="budget-last" />
        </label>
      </div>
      <label>
        <span>Description</span>
        <input value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <datalist id="budget-categories">
        {BUDGET_CATEGORIES.map((c) => (
          <option key={c.category} value={c.category} />
        ))}
      </datalist>
      <table className={cx(styles.table, styles.itemsTable)}>
        <caption className="muted">Items</caption>
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col">Kind</th>
            <th scope="col">Allocated ({cur})</th>
            <th scope="col" className={styles.removeColumn}>
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((it, k) => (
            <tr key={k} data-testid={`budget-item-${k}`}>
              <td>
                <input
                  list="budget-categories"
                  aria-label={`Item ${k + 1} category`}
                  value={it.category}
                  onChange={(e) => {
                    const known = BUDGET_CATEGORIES.find((c) => c.category === e.target.value)
                    setItem(k, { category: e.target.value, ...(known ? { kind: known.kind } : {}) })
                  }}
                  data-testid={`budget-item-${k}-category`}
                />
              </td>
              <td>
                <select
                  aria-label={`Item ${k + 1} kind`}
                  value={it.kind}
                  onChange={(e) => setItem(k, { kind: e.target.value as ItemKind })}
                  data-testid={`budget-item-${k}-kind`}
                >
                  <option value="expense">Expense</option>
                  <option value="income">Income</option>
                </select>
              </td>
              <td>
                <input
                  inputMode="decimal"
                  aria-label={`Item ${k + 1} allocated`}
                  value={it.allocated}
                  onChange={(e) => setItem(k, { allocated: e.target.value })}
                  data-testid={`budget-item-${k}-allocated`}
                />
              </td>
              <td>
                <button type="button" className="btn small" onClick={() => setItems(items.filter((_, i) => i !== k))}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {totalMinor !== null && allocated > totalMinor && (
        <div className="banner warn" role="status" data-testid="budget-over-allocated">
          Over-allocated: expenses {formatCell(allocated, 'money', format)} against a total of{' '}
          {formatCell(totalMinor, 'money', format)}. You may save it; the budget will show it.
        </div>
      )}
      <FormMessage message={message} testid="budget-message" />
      <div className="form-actions">
        <button
          type="button"
          className="btn"
          onClick={() => setItems([...items, { category: '', kind: 'expense', allocated: '' }])}
          data-testid="budget-add-item"
        >
          Add item
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn primary" disabled={save.isPending} data-testid="budget-save">
          Save budget
        </button>
      </div>
    </form>
  )
}

function BudgetDetail({ b, format, onEdit }: { b: BudgetView; format: CellFormat; onEdit: () => void }) {
  const doc = budgetDocument(b, [], format.currency)
  const verdict = budgetVerdict({ ...b, currency: format.currency })
  const close = useBackendMutation('budget-close')
  const exportIt = useBackendMutation('budget-export')
  const open = b.status === 'open'
  return (
    <>
      <section className={cx('card', styles.head)} aria-labelledby="budget-title">
        <h2 id="budget-title" data-testid="budget-title">
          {b.name}: {periodText(doc.period, format.locale)}
        </h2>
        <p
          className={verdict.good ? 'muted' : styles.failed}
          data-testid="budget-verdict"
          data-good={String(verdict.good)}
        >
          {doc.scope}
        </p>
        <dl className={styles.kpis}>
          {doc.kpis.map((k) => (
            <div key={k.id} className={styles.kpi} data-testid={`budget-kpi-${k.id}`}>
              <dt>{k.label}</dt>
              <dd>{formatCell(k.value, k.type, format)}</dd>
            </div>
          ))}
        </dl>
        <div className="form-actions">
          {open && b.origin === 'local' && (
            <button type="button" className="btn" onClick={onEdit} data-testid="budget-edit">
              Edit
            </button>
          )}
          <button
            type="button"
            className="btn"
            disabled={exportIt.isPending}
            onClick={() => exportIt.mutate({ id: b._id, format: 'pdf' })}
            data-testid="budget-export-pdf"
          >
            Export PDF
          </button>
          {open && (
            <button
              type="button"
              className="btn"
              disabled={close.isPending}
              onClick={() => close.mutate({ id: b._id })}
              data-testid="budget-close"
            >
              Close budget
            </button>
          )}
        </div>
        {(close.error || exportIt.error) && (
          <div className="banner error" role="alert">
            {(close.error ?? exportIt.error)!.message}
          </div>
        )}
      </section>
      <div className={styles.charts}>
        {doc.charts.map((c) => (
          <ReportChart key={`${b._id}-${c.id}`} chart={c} format={format} />
        ))}
      </div>
      {open && <AddTransaction b={b} format={format} />}
      <div className={styles.tables}>
        {doc.tables.map((t) => (
          <ReportTable
            key={`${b._id}-${t.id}`}
            table={t}
            format={format}
            onCsv={() => exportIt.mutate({ id: b._id, format: 'csv', table: t.id as 'items' })}
            csvDisabled={exportIt.isPending}
          />
        ))}
        <Recurring b={b} format={format} />
      </div>
    </>
  )
}

function AddTransaction({ b, format }: { b: BudgetView; format: CellFormat }) {
  const [itemId, setItemId] = useState(b.items[0]?._id ?? '')
  const [type, setType] = useState<TransactionType>('Expense')
  const [amount, setAmount] = useState('')
  const [day, setDay] = useState(b.today >= b.first_day && b.today <= b.last_day ? b.today : b.first_day)
  const [description, setDescription] = useState('')
  const [oneOff, setOneOff] = useState(false)
  const [message, setMessage] = useState<FormMessageValue>(null)
  const add = useBackendMutation('budget-transaction-add')
  if (b.items.length === 0) return null
  return (
    <form
      className="card form"
      aria-label="Add a transaction"
      onSubmit={(e) => {
        e.preventDefault()
        const minor = parseMoney(amount, format.currency)
        if (minor === null || minor <= 0) return setMessage({ kind: 'error', text: 'An amount like 12.50.' })
        add.mutate(
          { itemId, amount: minor, day, description, transaction_type: type, one_off: oneOff },
          {
            onSuccess: () => {
              setAmount('')
              setDescription('')
              setOneOff(false)
              setMessage({ kind: 'ok', text: `Recorded ${formatCell(minor, 'money', format)}.` })
            },
            onError: (err) => setMessage({ kind: 'error', text: err.message }),
          },
        )
      }}
      data-testid="budget-add-transaction"
    >
      <h2>Add a transaction</h2>
      <div className="form-row">
        <label>
          <span>Item</span>
          <select value={itemId} onChange={(e) => setItemId(e.target.value)} data-testid="tx-item">
            {b.items.map((i) => (
              <option key={i._id} value={i._id}>
                {i.category}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Type</span>
          <select value={type} onChange={(e) => setType(e.target.value as TransactionType)} data-testid="tx-type">
            <option value="Expense">Expense</option>
            <option value="Income">Income</option>
          </select>
        </label>
      </div>
      <div className="form-row">
        <label>
          <span>Amount ({format.currency})</span>
          <input
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            data-testid="tx-amount"
          />
        </label>
        <label>
          <span>Day</span>
          <input
            type="date"
            value={day}
            min={b.first_day}
            max={b.today < b.last_day ? b.today : b.last_day}
            onChange={(e) => setDay(e.target.value)}
            data-testid="tx-day"
          />
        </label>
      </div>
      <label>
        <span>Description</span>
        <input value={description} onChange={(e) => setDescription(e.target.value)} data-testid="tx-description" />
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={oneOff}
          onChange={(e) => setOneOff(e.target.checked)}
          data-testid="tx-one-off"
        />
        <span>
          One-off (a repair, a year&apos;s insurance): counted as spent, not carried into the forecast&apos;s pace
        </span>
      </label>
      <FormMessage message={message} testid="tx-message" />
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={add.isPending} data-testid="tx-add">
          Record
        </button>
      </div>
    </form>
  )
}

function Recurring({ b, format }: { b: BudgetView; format: CellFormat }) {
  const record = useBackendMutation('budget-recurring-record')
  const save = useBackendMutation('budget-recurring-save')
  const [itemId, setItemId] = useState(b.items.find((i) => i.category === 'Rent')?._id ?? b.items[0]?._id ?? '')
  const [amount, setAmount] = useState('')
  const [description, setDescription] = useState('')
  const [dayOfMonth, setDayOfMonth] = useState(1)
  const name = new Map(b.items.map((i) => [i._id, i.category]))
  const open = b.status === 'open'
  return (
    <section className={styles.tableCard} aria-labelledby="recurring-title" data-testid="budget-recurring">
      <h3 id="recurring-title">Recurring entries</h3>
      {b.recurring.length === 0 && <p className="muted">None: rent on the 1st, wages every other Friday...</p>}
      <ul className={styles.records}>
        {b.recurring.map((r) => (
          <li key={r._id} className={styles.record}>
            <strong>{r.description}</strong> · {name.get(r.budget_item_id)} · {formatCell(r.amount, 'money', format)}{' '}
            {r.cadence === 'monthly'
              ? `on day ${r.day_of_month}`
              : `every ${r.interval_weeks} week(s) from ${r.first_day}`}
            {r.due.length > 0 && open && (
              <div className={styles.running}>
                <span className="muted">Still to come: {r.due.join(', ')}</span>
                {/* Recorded on or after its day: a date still ahead is only forecast. */}
                {r.due[0] <= b.today ? (
                  <button
                    type="button"
                    className="btn small"
                    disabled={record.isPending}
                    onClick={() => record.mutate({ recurringId: r._id, day: r.due[0] })}
                    data-testid={`recurring-record-${r._id}`}
                  >
                    Record {r.due[0]}
                  </button>
                ) : (
                  <span className="muted"> · recorded from {r.due[0]}</span>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
      {record.error && (
        <div className="banner error" role="alert" data-testid="recurring-error">
          {record.error.message}
        </div>
      )}
      {open && b.items.length > 0 && (
        <form
          className="form"
          aria-label="Add a recurring entry"
          onSubmit={(e) => {
            e.preventDefault()
            const minor = parseMoney(amount, format.currency)
            if (minor === null || minor <= 0) return
            const item = b.items.find((i) => i._id === itemId)
            save.mutate(
              {
                itemId,
                amount: minor,
                transaction_type: item?.kind === 'income' ? 'Income' : 'Expense',
                description: description || (item?.category ?? 'Entry'),
                cadence: 'monthly',
                day_of_month: dayOfMonth,
              },
              { onSuccess: () => setAmount('') },
            )
          }}
        >
          <div className="form-row">
            <label>
              <span>Item</span>
              <select value={itemId} onChange={(e) => setItemId(e.target.value)}>
                {b.items.map((i) => (
                  <option key={i._id} value={i._id}>
                    {i.category}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>Monthly, on day</span>
              <input
                type="number"
                min={1}
                max={31}
                value={dayOfMonth}
                onChange={(e) => setDayOfMonth(Math.min(31, Math.max(1, Number(e.target.value) || 1)))}
              />
            </label>
          </div>
          <div className="form-row">
            <label>
              <span>Amount ({format.currency})</span>
              <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
            </label>
            <label>
              <span>Description</span>
              <input value={description} onChange={(e) => setDescription(e.target.value)} />
            </label>
          </div>
          {save.error && <div className="banner error">{save.error.message}</div>}
          <div className="form-actions">
            <button type="submit" className="btn" disabled={save.isPending}>
              Add recurring entry
            </button>
          </div>
        </form>
      )}
    </section>
  )
}
