import { toSVG } from 'bwip-js/node'
import type { LayoutOp } from './layout'

export interface SvgOptions {
  /** Characters per line at normal size, as on the printer. */
  width: number
}

// A monospace cell at 20 px is about 12 px wide (0.6 em), so one printer
// column maps to one cell and the preview wraps exactly where the paper does.
const FONT_SIZE = 20
const CHAR_WIDTH = 12
const LINE_HEIGHT = 28
const MARGIN = 24
const QR_SIZE = 200
const BARCODE_HEIGHT = 64
const FONT_FAMILY = "'DejaVu Sans Mono', Menlo, Consolas, 'Courier New', monospace"

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/**
 * bwip-js returns a standalone <svg viewBox=...>; nesting it as an inner <svg>
 * with a position and size keeps its geometry intact and scales it as a unit.
 */
function placeSymbol(svg: string, x: number, y: number, width: number, height: number): string {
  const placed = `<svg x="${x}" y="${y}" width="${width}" height="${height}" preserveAspectRatio="none" shape-rendering="crispEdges" `
  return svg.replace(/^\s*<svg\s/, placed).trim()
}

function viewBoxOf(svg: string): { width: number; height: number } {
  const match = /viewBox="\s*[\d.]+\s+[\d.]+\s+([\d.]+)\s+([\d.]+)\s*"/.exec(svg)
  if (!match) throw new Error('bwip-js returned an SVG without a viewBox')
  return { width: Number(match[1]), height: Number(match[2]) }
}

export function renderSvg(ops: LayoutOp[], opts: SvgOptions): string {
  const inner = opts.width * CHAR_WIDTH
  const total = inner + 2 * MARGIN
  const parts: string[] = []
  let y = MARGIN

  for (const op of ops) {
    switch (op.kind) {
      case 'text': {
        const fontSize = FONT_SIZE * op.size
        const lineHeight = LINE_HEIGHT * op.size
        const x = op.align === 'center' ? total / 2 : op.align === 'right' ? MARGIN + inner : MARGIN
        const anchor = op.align === 'center' ? 'middle' : op.align === 'right' ? 'end' : 'start'
        const weight = op.bold ? ' font-weight="bold"' : ''
        // Baseline sits about 3/4 down the line box.
        const baseline = y + Math.round(lineHeight * 0.75)
        parts.push(
          `<text x="${x}" y="${baseline}" font-size="${fontSize}" text-anchor="${anchor}"${weight}>${escapeXml(op.text)}</text>`,
        )
        y += lineHeight
        break
      }
      case 'rule':
        parts.push(
          `<text x="${MARGIN}" y="${y + Math.round(LINE_HEIGHT * 0.75)}" font-size="${FONT_SIZE}">${escapeXml(op.char.repeat(opts.width))}</text>`,
        )
        y += LINE_HEIGHT
        break
      case 'feed':
        y += LINE_HEIGHT * op.lines
        break
      case 'qr': {
        const size = Math.min(QR_SIZE, inner)
        const svg = toSVG({ bcid: 'qrcode', text: op.data, scale: 1 })
        parts.push(placeSymbol(svg, (total - size) / 2, y, size, size))
        y += size + LINE_HEIGHT / 2
        break
      }
      case 'barcode128': {
        const svg = toSVG({ bcid: 'code128', text: op.data, scale: 1, includetext: false })
        // Whole pixels per module keep bars crisp enough for a phone or a scanner to read off the screen.
        const modules = viewBoxOf(svg).width
        const perModule = Math.floor(inner / modules)
        const width = perModule >= 1 ? modules * perModule : inner
        parts.push(placeSymbol(svg, (total - width) / 2, y, width, BARCODE_HEIGHT))
        y += BARCODE_HEIGHT + LINE_HEIGHT / 2
        break
      }
      case 'drawer':
        // The drawer opening is not on paper.
        break
      case 'cut':
        y += LINE_HEIGHT / 2
        parts.push(
          `<line x1="0" y1="${y}" x2="${total}" y2="${y}" stroke="#9a9a9a" stroke-width="1" stroke-dasharray="6 4"/>`,
        )
        y += 1
        break
    }
  }

  const height = y + MARGIN
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${total}" height="${height}" viewBox="0 0 ${total} ${height}" xml:space="preserve">`,
    `<rect x="0.5" y="0.5" width="${total - 1}" height="${height - 1}" fill="#ffffff" stroke="#d4d4d4"/>`,
    `<g font-family="${escapeXml(FONT_FAMILY)}" fill="#111111">`,
    ...parts,
    '</g>',
    '</svg>',
  ].join('\n')
}
