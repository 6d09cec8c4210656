import { useEffect, useRef } from 'react'
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js'
import { formatCell, type CellFormat, type DocChart } from '../../../shared/report-doc'
import styles from './reports.module.css'

// Only the pieces drawn here: Chart.js tree-shakes the rest away.
Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
)

const COLOURS = ['#4dabf7', '#868e96', '#ffd23f']

/** What a screen reader hears instead of the picture: the series' total and its highest point. */
export function chartSummary(c: DocChart, f: CellFormat): string {
  const s = c.series[0]
  if (!s || s.values.length === 0) return `${c.title}: nothing in this period.`
  const total = s.values.reduce((a, b) => a + b, 0)
  const top = s.values.indexOf(Math.max(...s.values))
  return `${c.title}: ${s.label} total ${formatCell(total, c.type, f)}; highest ${c.labels[top]} at ${formatCell(s.values[top], c.type, f)}.`
}

/**
 * One chart of a report (Chart.js on a canvas). No animation: a manager switching periods sees the answer,
 * not a transition; long series (a year of days) are a line without point markers.
 */
export function ReportChart({ chart, format }: { chart: DocChart; format: CellFormat }) {
  const canvas = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    if (!canvas.current) return
    // Nothing in the period: an axis of whole amounts from zero ($0.00 to $10.00), not $0.01 steps around it.
    const empty = chart.series.every((s) => s.values.every((v) => v === 0))
    const instance = new Chart(canvas.current, {
      type: chart.kind,
      data: {
        labels: chart.labels,
        datasets: chart.series.map((s, i) => ({
          label: s.label,
          data: s.values,
          backgroundColor: COLOURS[i % COLOURS.length],
          borderColor: COLOURS[i % COLOURS.length],
          pointRadius: 0,
          borderWidth: chart.kind === 'line' ? 2 : 0,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: chart.series.length > 1, labels: { color: '#f4f7fa' } },
          tooltip: {
            callbacks: {
              label: (item) => `${item.dataset.label}: ${formatCell(Number(item.raw), chart.type, format)}`,
            },
          },
        },
        scales: {
          x: { ticks: { color: '#a9b6c2', maxRotation: 0, autoSkip: true }, grid: { display: false } },
          y: {
            beginAtZero: true,
            ...(empty ? { min: 0, suggestedMax: chart.type.includes('money') ? 1000 : 10 } : {}),
            // Minor units and counts are whole: no tick between two of them.
            ticks: { color: '#a9b6c2', precision: 0, callback: (v) => formatCell(Number(v), chart.type, format) },
            grid: { color: '#35424f' },
          },
        },
      },
    })
    return () => instance.destroy()
  }, [chart, format])
  return (
    <figure className={styles.chart} data-testid={`chart-${chart.id}`}>
      <figcaption>{chart.title}</figcaption>
      <div className={styles.canvas}>
        <canvas ref={canvas} role="img" aria-label={chartSummary(chart, format)}>
          {chartSummary(chart, format)}
        </canvas>
      </div>
    </figure>
  )
}
