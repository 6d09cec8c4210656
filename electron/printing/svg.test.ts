import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Resvg } from '@resvg/resvg-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatTicketNumber, scanPayload } from '../../shared/ticket-number'
import { REPRINT_MARKER, ticketLayout } from './layout'
import { receiptLayout } from './receipts'
import { renderSvg } from './svg'
import { sampleReceipts, sampleTicket } from './test-fixtures'

const run = promisify(execFile)
let dir = ''

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pos-svg-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** What a scanner would read off the picture, one symbology at a time. */
async function scan(svg: string, symbology: 'qrcode' | 'code128'): Promise<string> {
  const file = join(dir, `${symbology}-${Math.random().toString(36).slice(2)}.png`)
  await writeFile(file, new Resvg(svg, { background: 'white' }).render().asPng())
  const { stdout } = await run('zbarimg', ['--raw', '-q', '-Sdisable', `-S${symbology}.enable`, file], {
    timeout: 10_000,
  })
  return stdout.trim()
}

describe('renderSvg', () => {
  const ticket = sampleTicket()
  const payload = scanPayload(ticket.ticket_number, ticket.validation_code)

  it.each([32, 42, 64])('draws a QR code and a barcode that scan back to the ticket (%i columns)', async (width) => {
    const svg = renderSvg(ticketLayout(ticket, { reprint: false, width }), { width })
    expect(await scan(svg, 'qrcode')).toBe(payload)
    expect(await scan(svg, 'code128')).toBe(payload)
  })

  it('draws no scannable code and no validation code in the on-screen preview', async () => {
    const svg = renderSvg(ticketLayout(ticket, { reprint: false, width: 42, preview: true }), { width: 42 })
    expect(svg).not.toContain(ticket.validation_code)
    expect(svg).toContain('PREVIEW')
    // zbarimg exits non-zero when it finds no symbol at all.
    await expect(scan(svg, 'qrcode')).rejects.toThrow()
    await expect(scan(svg, 'code128')).rejects.toThrow()
  })

  it('is a standalone white receipt showing the ticket text', () => {
    const svg = renderSvg(ticketLayout(ticket, { reprint: true, width: 42 }), { width: 42 })
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg.trim().endsWith('</svg>')).toBe(true)
    expect(svg).toContain('fill="#ffffff"')
    expect(svg).toContain(formatTicketNumber(ticket.ticket_number))
    expect(svg).toContain(REPRINT_MARKER)
    // The store name holds '&': it must be escaped or the SVG would not parse.
    expect(svg).toContain('Corner News &#38; Lotto')
    expect(() => new Resvg(svg)).not.toThrow()
  })

  it('draws the not-cashed reference as a barcode the office can scan off the screen', async () => {
    const svg = renderSvg(receiptLayout(sampleReceipts.not_cashed(), { width: 32 }), { width: 32 })
    expect(await scan(svg, 'code128')).toBe('REF-000100100000000427')
  })
})
