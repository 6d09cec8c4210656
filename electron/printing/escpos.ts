import { BreakLine, CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer'
import { epsonCode128Data, MODULE_DOTS } from './code128'
import type { Align, LayoutOp } from './layout'

export interface EscPosOptions {
  type: 'epson' | 'star'
  /** Characters per line at normal size. */
  width: number
}

type PrinterConfigArg = ConstructorParameters<typeof ThermalPrinter>[0]

/**
 * One command builder per (type, width), reused across jobs: building one
 * loads the type's command tables, and rendering runs on the path from "Sell"
 * to the last byte on the wire. Safe to share because rendering is synchronous
 * and always ends with clear().
 */
const builders = new Map<string, ThermalPrinter>()

function builderFor({ type, width }: EscPosOptions): ThermalPrinter {
  const key = `${type}:${width}`
  let printer = builders.get(key)
  if (!printer) {
    // No `interface`: the library's constructor then only builds commands and
    // never opens anything (its typings insist on one, hence the cast).
    // Sending is transport.ts's job, with status checks and cashier-readable errors.
    const config = {
      type: type === 'star' ? PrinterTypes.STAR : PrinterTypes.EPSON,
      width,
      // layout.ts already wrapped every line; the library must not re-fold them.
      breakLine: BreakLine.NONE,
      // A known code page up front, so clear() restores it and accented names
      // switch pages through the library instead of printing '?'.
      characterSet: CharacterSet.PC437_USA,
    }
    printer = new ThermalPrinter(config as unknown as PrinterConfigArg)
    builders.set(key, printer)
  }
  return printer
}

const EPSON_CODE128 = 73
/** ESC p m t1 t2: a pulse on pin 2 (m = 0), 50 ms on (t1 = 25 x 2 ms), 500 ms off (t2 = 250 x 2 ms). */
export const EPSON_DRAWER_PULSE = Buffer.from([0x1b, 0x70, 0x00, 0x19, 0xfa])

// Control characters included: the library passes any code below 0x80 through as itself.
// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/

export function renderEscPos(ops: LayoutOp[], opts: EscPosOptions): Buffer {
  const printer = builderFor(opts)
  // Modes the printer is in right now; undefined means "not known, set it".
  let align: Align | undefined
  let size: 1 | 2 | undefined
  let bold: boolean | undefined

  const setAlign = (next: Align) => {
    if (next === align) return
    if (next === 'center') printer.alignCenter()
    else if (next === 'right') printer.alignRight()
    else printer.alignLeft()
    align = next
  }
  const setSize = (next: 1 | 2) => {
    if (next === size) return
    if (next === 2) printer.setTextQuadArea()
    else printer.setTextNormal()
    size = next
    // On Epson, ESC ! (the size command) also switches emphasis off.
    bold = undefined
  }
  const setBold = (next: boolean) => {
    if (next === bold) return
    printer.bold(next)
    bold = next
  }

  try {
    for (const op of ops) {
      switch (op.kind) {
        case 'text':
          setAlign(op.align)
          setSize(op.size)
          setBold(op.bold)
          // ASCII is its own bytes: appended at once, where the library concatenates a buffer per character.
          if (ASCII.test(op.text)) printer.append(Buffer.from(`${op.text}\n`, 'latin1'))
          else printer.println(op.text)
          break
        case 'rule':
          setAlign('left')
          setSize(1)
          setBold(false)
          // The library's drawLine, the rule's characters and a line feed, in one append instead of one each.
          printer.append(Buffer.from(op.char.repeat(opts.width)))
          printer.newLine()
          break
        case 'feed':
          setSize(1)
          for (let i = 0; i < op.lines; i++) printer.newLine()
          break
        case 'qr':
          setAlign('center')
          // `model` and `cellSize` are read by both the Epson and the Star builder; both default to level M.
          printer.printQR(op.data, { model: 2, cellSize: 6, correction: 'M' })
          printer.newLine()
          break
        case 'barcode128':
          setAlign('center')
          if (opts.type === 'star') {
            // Text 1: no human-readable line, the layout prints its own.
            printer.code128(op.data, { width: 'SMALL', height: 80, text: 1 })
          } else {
            printer.printBarcode(epsonCode128Data(op.data), EPSON_CODE128, {
              hriPos: 0,
              hriFont: 0,
              width: MODULE_DOTS,
              height: 80,
            })
          }
          break
        case 'drawer':
          // Star's kick command is complete in the library; for Epson it appends ESC p 0 and ESC p 1 without
          // their on/off times, so the printer would swallow the next bytes as timings: the full command here.
          if (opts.type === 'star') printer.openCashDrawer()
          else printer.append(EPSON_DRAWER_PULSE)
          break
        case 'cut':
          printer.cut()
          // The library follows a cut with ESC @, which resets every mode.
          align = size = bold = undefined
          break
      }
    }
    // Copy: the builder may hand out one of its shared command constants as the buffer.
    return Buffer.from(printer.getBuffer())
  } finally {
    // Without this the next job would start with this job's bytes.
    printer.clear()
  }
}
