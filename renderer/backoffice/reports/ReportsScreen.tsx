import { useState } from 'react'
import { PeriodKinds, type PeriodKind } from '../../../shared/period'
import type { ReportRecord, ReportType } from '../../../shared/contract'
import {
  DETAIL_EXPORTS,
  formatCell,
  periodText,
  reportDocument,
  type CellFormat,
  type DocKpi,
  type ReportDocument,
} from '../../../shared/report-doc'
import { useAppInfo, useBackend, useBackendMutation, useSessionInfo } from '../../data/backend'
import { can } from '../../data/session'
import { formatDateTime } from '../../format'
import { cx } from '../../styles/cx'
import { ReportChart } from './ReportChart'
import { ReportTable } from './ReportTable'
import styles from './reports.module.css'

const PERIOD_LABELS: Record<PeriodKind, string> = {
  today: 'Today',
  yesterday: 'Yesterday',
  this_week: 'This week',
  lottery_week: 'Lottery week',
  this_month: 'This month',
  last_month: 'Last month',
  custom: 'Custom range',
}

const TYPES: { id: ReportType; label: string; needs?: 'view_reports' }[] = [
  { id: 'sales', label: 'Sales' },
  { id: 'inventory', label: 'Inventory', needs: 'view_reports' },
  { id: 'performance', label: 'Performance' },
]

interface PeriodChoice {
  kind: PeriodKind
  from?: string
  to?: string
}

/** The change against the previous period, as people say it: "+12%", "-3%", "new". */
function change(k: DocKpi, f: CellFormat): string | null {
  if (k.previous === undefined) return null
  if (k.previous === 0) return k.value === 0 ? 'no change' : 'new this period'
  const bps = Math.round(((k.value - k.previous) * 10_000) / Math.abs(k.previous))
  return `${bps > 0 ? '+' : ''}${formatCell(bps, 'bps', f)} on ${formatCell(k.previous, k.type, f)}`
}

/**
 * Reports over any period (issue 14): sales, inventory and performance as figures, charts and sortable
 * tables; each table as CSV, the whole report as PDF or a printed summary; the exports and their progress.
 * A cashier without view_reports sees their own sales and performance only.
 */
export function ReportsScreen() {
  const app = useAppInfo()
  const session = useSessionInfo()
  const store = can(session, 'view_reports')
  const format: CellFormat = { currency: app?.store.currency ?? 'USD', locale: app?.locale ?? 'en-US' }
  const [type, setType] = useState<ReportType>('sales')
  const [choice, setChoice] = useState<PeriodChoice>({ kind: 'today' })
  const [custom, setCustom] = useState<{ from: string; to: string }>({ from: '', to: '' })
  // Where exports go: empty is the reports folder.
  const [folder, setFolder] = useState('')
  const period =
    choice.kind === 'custom' ? { kind: 'custom' as const, from: choice.from, to: choice.to } : { kind: choice.kind }
  const sales = useBackend('report-sales', { period }, { enabled: type === 'sales' })
  const inventory = useBackend('report-inventory', { period }, { enabled: type === 'inventory' && store })
  const performance = useBackend('report-performance', { period }, { enabled: type === 'performance' })
  const current = type === 'sales' ? sales : type === 'inventory' ? inventory : performance
  const doc: ReportDocument | null = current.data ? reportDocument(type, current.data as never) : null
  const types = TYPES.filter((t) => !t.needs || store)

  return (
    <div className={styles.reports} data-testid="reports">
      <section className={cx('card', styles.controls)} aria-label="Which report">
        <div role="tablist" aria-label="Report" className={styles.tabs}>
          {types.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={type === t.id}
              className={cx('btn', type === t.id && 'primary')}
              onClick={() => setType(t.id)}
              data-testid={`report-${t.id}`}
            >
              {t.label}
            </button>
          ))}
        </div>
        <label className={styles.field}>
          Period
          <select
            value={choice.kind}
            onChange={(e) => {
              const kind = e.target.value as PeriodKind
              if (kind !== 'custom') return setChoice({ kind })
              // A custom range starts as the period on screen, to be changed from there.
              const range = { from: custom.from || doc?.period.first || '', to: custom.to || doc?.period.last || '' }
              setCustom(range)
              setChoice({ kind, ...range })
            }}
            data-testid="period-kind"
          >
            {PeriodKinds.map((k) => (
              <option key={k} value={k}>
                {PERIOD_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        {choice.kind === 'custom' && (
          <form
            className={styles.custom}
            onSubmit={(e) => {
              e.preventDefault()
              setChoice({ kind: 'custom', from: custom.from, to: custom.to })
            }}
          >
            <label className={styles.field}>
              From
              <input
                type="date"
                value={custom.from}
                onChange={(e) => setCustom({ ...custom, from: e.target.value })}
                data-testid="period-from"
              />
            </label>
            <label className={styles.field}>
              To
              <input
                type="date"
                value={custom.to}
                onChange={(e) => setCustom({ ...custom, to: e.target.value })}
                data-testid="period-to"
              />
            </label>
            <button type="submit" className="btn" data-testid="period-apply">
              Show
            </button>
          </form>
        )}
      </section>

      {current.error && (
        <div className="banner error" role="alert" data-testid="report-error">
          {current.error.message}
        </div>
      )}
      {doc && (
        <>
          <section className={cx('card', styles.head)} aria-labelledby="report-title">
            <h2 id="report-title" data-testid="report-title">
              {doc.title}: {periodText(doc.period, format.locale)}
            </h2>
            <p className="muted" data-testid="report-scope">
              {doc.scope}
              {doc.previous ? ` · compared with ${periodText(doc.previous, format.locale)}` : ''}
            </p>
            <dl className={styles.kpis}>
              {doc.kpis.map((k) => (
                <div key={k.id} className={styles.kpi} data-testid={`kpi-${k.id}`}>
                  <dt>{k.label}</dt>
                  <dd>{formatCell(k.value, k.type, format)}</dd>
                  {change(k, format) && <dd className={styles.delta}>{change(k, format)}</dd>}
                </div>
              ))}
            </dl>
            {store && <Exports type={type} period={period} doc={doc} folder={folder} onFolder={setFolder} />}
          </section>
          <div className={styles.charts}>
            {doc.charts.map((c) => (
              <ReportChart key={`${type}-${c.id}`} chart={c} format={format} />
            ))}
          </div>
          <TablesOf doc={doc} type={type} period={period} format={format} folder={store ? folder : null} />
        </>
      )}
      {store && <RecentExports />}
    </div>
  )
}

type PeriodArg = { kind: PeriodKind; from?: string; to?: string }

const folderArg = (folder: string) => folder.trim() || undefined

/** The report's tables; each exports as CSV (into the chosen folder) when `folder` is not null. */
function TablesOf({
  doc,
  type,
  period,
  format,
  folder,
}: {
  doc: ReportDocument
  type: ReportType
  period: PeriodArg
  format: CellFormat
  folder: string | null
}) {
  const run = useBackendMutation('report-export')
  return (
    <div className={styles.tables}>
      {doc.tables.map((t) => (
        <ReportTable
          key={`${type}-${t.id}`}
          table={t}
          format={format}
          csvDisabled={run.isPending}
          onCsv={
            folder !== null
              ? () => run.mutate({ report: type, period, format: 'csv', table: t.id, folder: folderArg(folder) })
              : undefined
          }
        />
      ))}
      {run.error && (
        <div className="banner error" role="alert">
          {run.error.message}
        </div>
      )}
    </div>
  )
}

/** The whole report out of the terminal: PDF, every ticket as CSV, the summary on paper; into which folder. */
function Exports({
  type,
  period,
  doc,
  folder,
  onFolder,
}: {
  type: ReportType
  period: PeriodArg
  doc: ReportDocument
  folder: string
  onFolder: (folder: string) => void
}) {
  const run = useBackendMutation('report-export')
  const print = useBackendMutation('report-summary-print')
  const detail = DETAIL_EXPORTS[type]
  const picker = typeof window !== 'undefined' ? window.pos?.pickFolder : undefined
  return (
    <div className={styles.exports}>
      <div className="form-actions">
        <button
          type="button"
          className="btn primary"
          disabled={run.isPending}
          onClick={() => run.mutate({ report: type, period, format: 'pdf', folder: folderArg(folder) })}
          data-testid="export-pdf"
        >
          Export PDF
        </button>
        {detail && (
          <button
            type="button"
            className="btn"
            disabled={run.isPending}
            onClick={() =>
              run.mutate({ report: type, period, format: 'csv', table: detail.id, folder: folderArg(folder) })
            }
            data-testid={`csv-${detail.id}`}
          >
            {detail.title} (CSV)
          </button>
        )}
        <button
          type="button"
          className="btn"
          disabled={print.isPending}
          onClick={() => print.mutate({ report: type, period })}
          data-testid="print-summary"
        >
          Print summary
        </button>
      </div>
      <div className={styles.folder}>
        {picker ? (
          <>
            <span data-testid="export-folder">{folder || 'Reports folder'}</span>
            <button type="button" className="btn small" onClick={() => void picker().then((p) => p && onFolder(p))}>
              Choose folder…
            </button>
          </>
        ) : (
          <label className={styles.field}>
            Save to folder (full path; empty: the reports folder)
            <input
              value={folder}
              onChange={(e) => onFolder(e.target.value)}
              placeholder="Reports folder"
              data-testid="export-folder"
            />
          </label>
        )}
      </div>
      {run.error && (
        <div className="banner error" role="alert" data-testid="export-error">
          {run.error.message}
        </div>
      )}
      {print.data && (
        <p className={print.data.printed ? 'muted' : 'banner warn'} role="status" data-testid="print-result">
          {print.data.printed
            ? `${doc.title} summary printed.`
            : `Not printed: ${print.data.error ?? 'the printer did not answer'}.`}
        </p>
      )}
    </div>
  )
}

/** The newest exports and day reports, with their progress, file or reason (the Budgets screen shows it too). */
export function RecentExports() {
  const app = useAppInfo()
  const list = useBackend('report-list', {})
  const cancel = useBackendMutation('report-export-cancel')
  const records = (list.data ?? []).slice(0, 12)
  return (
    <section className={cx('card', styles.recent)} aria-labelledby="exports-title">
      <h2 id="exports-title">Exports</h2>
      {records.length === 0 ? (
        <p className="muted">Nothing exported yet.</p>
      ) : (
        <ul className={styles.records} data-testid="exports">
          {records.map((r) => (
            <ExportRow
              key={r._id}
              r={r}
              zone={app?.store.timezone}
              onCancel={() => cancel.mutate({ reportId: r._id })}
            />
          ))}
        </ul>
      )}
      {cancel.error && (
        <div className="banner error" role="alert">
          {cancel.error.message}
        </div>
      )}
    </section>
  )
}

function ExportRow({ r, zone, onCancel }: { r: ReportRecord; zone?: string; onCancel: () => void }) {
  const what = r.kind === 'day' ? 'Day report' : `${r.report_type[0].toUpperCase()}${r.report_type.slice(1)}`
  const as = r.format === 'pdf' ? 'PDF' : `CSV ${r.format?.slice(4).replaceAll('_', ' ')}`
  return (
    <li className={styles.record} data-testid="export-row" data-status={r.status}>
      <div>
        <strong>
          {what} · {as}
        </strong>{' '}
        <span className="muted">
          {formatDateTime(r.created_at, zone)} · {r.generated_by}
        </span>
      </div>
      {r.status === 'scheduled' ? (
        <div className={styles.running}>
          <progress
            max={r.total ?? undefined}
            value={r.done ?? undefined}
            aria-label={`${what} export progress`}
            data-testid="export-progress"
          />
          <span className="muted">{r.total ? `${r.done ?? 0} of ${r.total}` : 'Working…'}</span>
          <button type="button" className="btn small" onClick={onCancel} data-testid="export-cancel">
            Cancel
          </button>
        </div>
      ) : r.status === 'completed' ? (
        <div className={styles.file} data-testid="export-file">
          {r.report_url}
        </div>
      ) : (
        <div className={styles.failed} data-testid="export-failure">
          {r.failure}
        </div>
      )}
    </li>
  )
}
