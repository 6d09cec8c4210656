import PDFDocument from 'pdfkit'
import type { Writable } from 'node:stream'
import { setImmediate as nextTurn } from 'node:timers/promises'
import {
  formatCell,
  periodText,
  type CellFormat,
  type DocChart,
  type DocTable,
  type ReportDocument,
} from '../../shared/report-doc'

/**
 * A report document as a PDF (pdfkit, in the backend): the headline figures, each chart drawn as vectors from
 * the same series the screen charts, and every table, with its header again on each new page. Standard
 * fonts only (Helvetica, WinAnsi): no font file to ship.
 */

const A4 = { width: 595.28, height: 841.89 }
const M = 40
const INNER = A4.width - 2 * M
const INK = '#1f2933'
const MUTED = '#616e7c'
const SERIES = ['#1f6feb', '#9aa5b1', '#f08c00']

export interface PdfHeader {
  store: string
  device_id: string
  generated_at: string
  generated_by: string
  zone: string
}

export interface PdfProgress {
  (done: number, total: number): void
}

/**
 * Writes the PDF to `out` and resolves when it is all written (rejects on a write error, e.g. a full disk).
 * Between one chart or table and the next it gives the event loop back (a sale waits one part at most) and
 * stops if it was cancelled.
 */
export async function writeReportPdf(
  doc: ReportDocument,
  h: PdfHeader,
  f: CellFormat,
  out: Writable,
  opts: { signal?: AbortSignal; progress?: PdfProgress } = {},
): Promise<void> {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: M,
    bufferPages: true,
    info: {
      Title: `${doc.title} ${doc.period.first} to ${doc.period.last}`,
      Author: h.store,
      Creator: 'Lottery POS',
      CreationDate: new Date(h.generated_at),
    },
  })
  // A write error (a full disk) ends the layout at the next part; until then it is held here, not unhandled.
  let failed: unknown = null
  const done = new Promise<void>((resolve, reject) => {
    out.once('error', reject)
    pdf.once('error', reject)
    out.once('finish', resolve)
  })
  done.catch((err) => (failed = err))
  pdf.pipe(out)
  const parts = doc.charts.length + doc.tables.length + 1
  let step = 0
  const tick = async () => {
    opts.progress?.(++step, parts)
    await nextTurn()
    if (failed) throw failed
    if (opts.signal?.aborted) throw opts.signal.reason
  }
  try {
    heading(pdf, doc, h, f)
    kpis(pdf, doc, f)
    await tick()
    for (const c of doc.charts) {
      chart(pdf, c, f)
      await tick()
    }
    for (const t of doc.tables) {
      await table(pdf, t, f, opts.signal)
      await tick()
    }
    const pages = pdf.bufferedPageRange()
    for (let i = 0; i < pages.count; i++) {
      pdf.switchToPage(pages.start + i)
      pdf
        .font('Helvetica')
        .fontSize(8)
        .fillColor(MUTED)
        .text(`${h.store} - ${doc.title} - page ${i + 1} of ${pages.count}`, M, A4.height - M + 10, {
          width: INNER,
          align: 'center',
          lineBreak: false,
        })
    }
    pdf.end()
  } catch (err) {
    pdf.unpipe(out)
    out.destroy(err as Error)
    throw err
  }
  return done
}

function room(pdf: PDFKit.PDFDocument, needed: number): void {
  if (pdf.y + needed > A4.height - M) pdf.addPage()
}

function heading(pdf: PDFKit.PDFDocument, doc: ReportDocument, h: PdfHeader, f: CellFormat): void {
  pdf
    .fillColor(INK)
    .font('Helvetica-Bold')
    .fontSize(18)
    .text(`${doc.title}: ${periodText(doc.period, f.locale)}`, M, M)
  const when = new Intl.DateTimeFormat(f.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: h.zone }).format(
    new Date(h.generated_at),
  )
  pdf
    .font('Helvetica')
    .fontSize(9)
    .fillColor(MUTED)
    .text(
      `${h.store} - ${doc.scope} - terminal ${h.device_id} - generated ${when} by ${h.generated_by}` +
        (doc.previous ? ` - compared with ${periodText(doc.previous, f.locale)}` : ''),
    )
  pdf.moveDown(1)
}

function kpis(pdf: PDFKit.PDFDocument, doc: ReportDocument, f: CellFormat): void {
  const cols = 3
  const w = INNER / cols
  const boxH = doc.previous ? 46 : 36
  doc.kpis.forEach((k, i) => {
    if (i % cols === 0) room(pdf, boxH + 6)
    const x = M + (i % cols) * w
    const y = pdf.y
    pdf.roundedRect(x + 2, y, w - 4, boxH, 4).fillAndStroke('#f5f7fa', '#d9e2ec')
    pdf
      .fillColor(MUTED)
      .font('Helvetica')
      .fontSize(8)
      .text(k.label, x + 8, y + 6, { width: w - 16, lineBreak: false })
    pdf
      .fillColor(INK)
      .font('Helvetica-Bold')
      .fontSize(13)
      .text(formatCell(k.value, k.type, f), x + 8, y + 17, {
        width: w - 16,
        lineBreak: false,
      })
    if (k.previous !== undefined)
      pdf
        .fillColor(MUTED)
        .font('Helvetica')
        .fontSize(7.5)
        .text(`previous ${formatCell(k.previous, k.type, f)}`, x + 8, y + 34, { width: w - 16, lineBreak: false })
    pdf.x = M
    pdf.y = i % cols === cols - 1 || i === doc.kpis.length - 1 ? y + boxH + 6 : y
  })
  pdf.moveDown(0.5)
}

function chart(pdf: PDFKit.PDFDocument, c: DocChart, f: CellFormat): void {
  const height = 150
  room(pdf, height + 50)
  pdf.fillColor(INK).font('Helvetica-Bold').fontSize(11).text(c.title, M, pdf.y)
  const top = pdf.y + 6
  const left = M + 50
  const width = INNER - 50
  const max = Math.max(1, ...c.series.flatMap((s) => s.values))
  const y = (v: number) => top + height - (v / max) * height
  // Axis: zero, half and the top, labelled in the series' own units.
  pdf.font('Helvetica').fontSize(7).fillColor(MUTED)
  for (const v of [0, max / 2, max]) {
    pdf
      .moveTo(left, y(v))
      .lineTo(left + width, y(v))
      .lineWidth(0.3)
      .strokeColor('#d9e2ec')
      .stroke()
    pdf.text(formatCell(Math.round(v), c.type, f), M, y(v) - 3, { width: 46, align: 'right', lineBreak: false })
  }
  const n = Math.max(1, c.labels.length)
  const slot = width / n
  if (c.kind === 'line') {
    c.series.forEach((s, si) => {
      s.values.forEach((v, i) => {
        const px = left + slot * (i + 0.5)
        if (i === 0) pdf.moveTo(px, y(v))
        else pdf.lineTo(px, y(v))
      })
      pdf
        .lineWidth(1)
        .strokeColor(SERIES[si % SERIES.length])
        .stroke()
    })
  } else {
    const bw = (slot * 0.8) / c.series.length
    c.series.forEach((s, si) =>
      s.values.forEach((v, i) => {
        const px = left + slot * i + slot * 0.1 + bw * si
        if (v > 0) pdf.rect(px, y(v), bw, top + height - y(v)).fill(SERIES[si % SERIES.length])
      }),
    )
  }
  // Category labels: every one when they fit, else a regular sample of them.
  pdf.font('Helvetica').fontSize(6.5).fillColor(MUTED)
  const every = Math.max(1, Math.ceil(n / Math.floor(width / 34)))
  c.labels.forEach((l, i) => {
    if (i % every === 0)
      pdf.text(l, left + slot * i, top + height + 3, { width: Math.max(slot * every, 30), lineBreak: false })
  })
  if (c.series.length > 1) {
    let lx = left
    c.series.forEach((s, si) => {
      pdf.rect(lx, top + height + 14, 8, 8).fill(SERIES[si % SERIES.length])
      pdf
        .fillColor(INK)
        .fontSize(7.5)
        .text(s.label, lx + 11, top + height + 14, { lineBreak: false })
      lx += 120
    })
  }
  pdf.x = M
  pdf.y = top + height + 30
}

/** Rows laid out between two turns of the event loop, in a long table. */
const ROWS_PER_TURN = 500

async function table(pdf: PDFKit.PDFDocument, t: DocTable, f: CellFormat, signal?: AbortSignal): Promise<void> {
  room(pdf, 60)
  pdf.fillColor(INK).font('Helvetica-Bold').fontSize(11).text(t.title, M, pdf.y)
  pdf.moveDown(0.3)
  const numeric = t.columns.map((c) => c.type !== 'text' && c.type !== 'date')
  // The text columns share what the number columns leave.
  const numW = Math.min(78, INNER / t.columns.length)
  const texts = numeric.filter((x) => !x).length
  const textW = texts ? (INNER - numW * (t.columns.length - texts)) / texts : 0
  const widths = numeric.map((n) => (n ? numW : textW))
  const rowH = 13
  const header = () => {
    let x = M
    const y = pdf.y
    pdf.font('Helvetica-Bold').fontSize(8).fillColor(INK)
    t.columns.forEach((c, i) => {
      pdf.text(c.label, x + 2, y + 2, { width: widths[i] - 4, align: numeric[i] ? 'right' : 'left', lineBreak: false })
      x += widths[i]
    })
    pdf
      .moveTo(M, y + rowH)
      .lineTo(M + INNER, y + rowH)
      .lineWidth(0.5)
      .strokeColor(INK)
      .stroke()
    pdf.y = y + rowH + 1
  }
  header()
  if (t.rows.length === 0) {
    pdf
      .font('Helvetica')
      .fontSize(8)
      .fillColor(MUTED)
      .text('Nothing in this period.', M + 2, pdf.y + 2)
    pdf.moveDown(1)
    return
  }
  pdf.font('Helvetica').fontSize(8)
  for (let r = 0; r < t.rows.length; r++) {
    const row = t.rows[r]
    if (r > 0 && r % ROWS_PER_TURN === 0) {
      await nextTurn()
      if (signal?.aborted) throw signal.reason
    }
    if (pdf.y + rowH > A4.height - M) {
      pdf.addPage()
      header()
      pdf.font('Helvetica').fontSize(8)
    }
    const y = pdf.y
    if (r % 2 === 1) pdf.rect(M, y, INNER, rowH).fill('#f5f7fa')
    pdf.fillColor(INK)
    let x = M
    row.forEach((v, i) => {
      pdf.text(formatCell(v, t.columns[i].type, f), x + 2, y + 2.5, {
        width: widths[i] - 4,
        align: numeric[i] ? 'right' : 'left',
        lineBreak: false,
        ellipsis: true,
      })
      x += widths[i]
    })
    pdf.y = y + rowH
  }
  pdf.x = M
  pdf.moveDown(1)
}
