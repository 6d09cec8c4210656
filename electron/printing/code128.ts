/**
 * CODE128 sizing and Epson encoding in one place, so the layout's "does this
 * barcode fit the paper?" and the bytes escpos.ts sends agree on the width.
 */

/** Bar width escpos.ts prints every barcode at: the narrowest module printers draw reliably and scanners read. */
export const MODULE_DOTS = 2
/** Font A is 12 dots wide, so a line of `width` characters spans width * 12 dots of the print area. */
export const DOTS_PER_COLUMN = 12

interface Segment {
  set: 'B' | 'C'
  text: string
}

/** Set B holds printable ASCII only; anything else has no symbol and must not reach the printer. */
export function code128Encodable(data: string): boolean {
  return /^[\x20-\x7e]+$/.test(data)
}

/**
 * Digit runs go in set C (two digits a symbol) where that saves more symbols
 * than the switches cost. The library always opens in set B, so every C run
 * pays one switch in, and one back out unless it ends the data. An odd run
 * leaves its first digit in B so the C part can reach the end of the data.
 */
function segments(data: string): Segment[] {
  const out: Segment[] = []
  const pushB = (text: string) => {
    if (!text) return
    const last = out.at(-1)
    if (last?.set === 'B') last.text += text
    else out.push({ set: 'B', text })
  }
  let offset = 0
  for (const run of data.match(/\d+|\D+/g) ?? []) {
    offset += run.length
    const atEnd = offset === data.length
    const even = run.length - (run.length % 2)
    const switches = atEnd ? 1 : 2
    if (/^\d/.test(run) && even / 2 > switches) {
      pushB(run.slice(0, run.length - even))
      out.push({ set: 'C', text: run.slice(run.length - even) })
    } else pushB(run)
  }
  return out
}

/** Width in modules: start, data, code-set switches and check symbol at 11 modules each, and the 13-module stop. */
export function code128Modules(data: string): number {
  let symbols = 2
  let previous: Segment['set'] = 'B'
  for (const segment of segments(data)) {
    if (segment.set !== previous) symbols++
    symbols += segment.set === 'C' ? segment.text.length / 2 : segment.text.length
    previous = segment.set
  }
  return symbols * 11 + 13
}

/** Whether `data` prints as CODE128 within the print area of `width`-character paper. */
export function code128Fits(data: string, width: number): boolean {
  return code128Encodable(data) && code128Modules(data) * MODULE_DOTS <= width * DOTS_PER_COLUMN
}

/**
 * Data for Epson's GS k CODE128, which needs explicit code sets: the library
 * prepends "{B", "{C"/"{B" switch sets, digit pairs in set C are one byte
 * each, and a literal "{" is written "{{". 26 digits in set B would be 321
 * modules, wider than 80 mm paper; in set C they are 189.
 */
export function epsonCode128Data(data: string): string {
  let out = ''
  let previous: Segment['set'] = 'B'
  for (const segment of segments(data)) {
    if (segment.set !== previous) out += `{${segment.set}`
    if (segment.set === 'B') out += segment.text.replace(/\{/g, '{{')
    else
      for (let i = 0; i < segment.text.length; i += 2) out += String.fromCharCode(Number(segment.text.slice(i, i + 2)))
    previous = segment.set
  }
  return out
}
