import { useMemo } from 'react'
import {
  createSortedRowModel,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
  useTable,
  type ColumnDef,
} from '@tanstack/react-table'
import { formatCell, type Cell, type CellFormat, type DocTable } from '../../../shared/report-doc'
import styles from './reports.module.css'

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { basic: sortFn_basic, alphanumeric: sortFn_alphanumeric },
})

type Row = Cell[]

const numeric = (type: string) => type !== 'text' && type !== 'date'

/**
 * A report's table, sortable by any column (TanStack Table): a click or Enter on a header sorts by it, again
 * the other way; the header says which way (aria-sort). Numbers right-aligned, formatted as everywhere else.
 */
export function ReportTable({
  table,
  format,
  onCsv,
  csvDisabled,
}: {
  table: DocTable
  format: CellFormat
  onCsv?: () => void
  csvDisabled?: boolean
}) {
  const columns = useMemo<ColumnDef<typeof features, Row>[]>(
    () =>
      table.columns.map((c, i) => ({
        id: c.key,
        header: c.label,
        accessorFn: (r: Row) => r[i] ?? (numeric(c.type) ? -Infinity : ''),
        sortFn: numeric(c.type) ? 'basic' : 'alphanumeric',
        sortDescFirst: numeric(c.type),
      })),
    [table.columns],
  )
  const t = useTable({ features, columns, data: table.rows })
  const titleId = `table-${table.id}-title`
  return (
    <section className={styles.tableCard} aria-labelledby={titleId} data-testid={`table-${table.id}`}>
      <div className={styles.tableHead}>
        <h3 id={titleId}>{table.title}</h3>
        {onCsv && (
          <button
            type="button"
            className="btn small"
            onClick={onCsv}
            disabled={csvDisabled}
            data-testid={`csv-${table.id}`}
          >
            CSV
          </button>
        )}
      </div>
      {table.rows.length === 0 ? (
        <p className="muted">Nothing in this period.</p>
      ) : (
        <div className={styles.scroll}>
          <table className={styles.table}>
            <thead>
              {t.getHeaderGroups().map((g) => (
                <tr key={g.id}>
                  {g.headers.map((h, i) => {
                    const sorted = h.column.getIsSorted()
                    return (
                      <th
                        key={h.id}
                        scope="col"
                        className={numeric(table.columns[i].type) ? styles.num : undefined}
                        aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                      >
                        <button type="button" className={styles.sort} onClick={h.column.getToggleSortingHandler()}>
                          {table.columns[i].label}
                          <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}</span>
                        </button>
                      </th>
                    )
                  })}
                </tr>
              ))}
            </thead>
            <tbody>
              {t.getRowModel().rows.map((r) => (
                <tr key={r.id}>
                  {r.original.map((v, i) =>
                    i === 0 ? (
                      <th key={i} scope="row">
                        {formatCell(v, table.columns[i].type, format)}
                      </th>
                    ) : (
                      <td key={i} className={numeric(table.columns[i].type) ? styles.num : undefined}>
                        {formatCell(v, table.columns[i].type, format)}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
