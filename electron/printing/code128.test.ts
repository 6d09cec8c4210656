import { toSVG } from 'bwip-js/node'
import { describe, expect, it } from 'vitest'
import { code128Encodable, code128Fits, code128Modules, epsonCode128Data } from './code128'
import { renderEscPos } from './escpos'
import { receiptLayout } from './receipts'
import { sampleReceipts } from './test-fixtures'

/** What an Epson printer makes of GS k 73 data: the text a scanner would read off the bars. */
function decodeEpson(data: Buffer): string {
  let set = ''
  let out = ''
  for (let i = 0; i < data.length; i++) {
    const byte = data[i]
    if (byte === 0x7b) {
      const next = String.fromCharCode(data[++i])
      if (next === '{') out += '{'
      else set = next
    } else if (set === 'C') out += String(byte).padStart(2, '0')
    else out += String.fromCharCode(byte)
  }
  return out
}

/** Data of every GS k CODE128 command in a job. */
function epsonBarcodes(bytes: Buffer): Buffer[] {
  const found: Buffer[] = []
  for (
    let i = bytes.indexOf(Buffer.from([0x1d, 0x6b, 73]));
    i >= 0;
    i = bytes.indexOf(Buffer.from([0x1d, 0x6b, 73]), i + 1)
  )
    found.push(bytes.subarray(i + 4, i + 4 + bytes[i + 3]))
  return found
}

const bwipModules = (data: string) => {
  const svg = toSVG({ bcid: 'code128', text: data, scale: 1, includetext: false })
  return Number(/viewBox="\s*[\d.]+\s+[\d.]+\s+([\d.]+)/.exec(svg)![1])
}

const samples = [
  'REF-000100100000000427',
  '65a1b2c3d4e5f60718293a77',
  '00010010000000042758203917',
  'AB1234CD',
  'A123456B',
  '12345',
  'x{y',
  'PRINTER-TEST',
]

describe('epsonCode128Data', () => {
  it.each(samples)('reads back as the same text (%s)', (data) => {
    const sent = Buffer.concat([Buffer.from('{B'), Buffer.from(epsonCode128Data(data), 'latin1')])
    expect(decodeEpson(sent)).toBe(data)
  })

  it('packs a referral reference digits in set C', () => {
    expect(epsonCode128Data('REF-000100100000000427')).toBe('REF-{C' + String.fromCharCode(0, 1, 0, 10, 0, 0, 0, 4, 27))
  })

  it('leaves short digit runs in set B, where switching would cost more than it saves', () => {
    expect(epsonCode128Data('AB1234CD')).toBe('AB1234CD')
  })
})

describe('code128Modules', () => {
  it('matches the symbol the preview draws (bwip-js), which may start in set C directly', () => {
    for (const data of samples) {
      // bwip-js may open in set C; the printer library always opens in B and switches.
      const allPairs = /^(\d\d)+$/.test(data)
      expect(code128Modules(data) - bwipModules(data), data).toBe(allPairs ? 11 : 0)
    }
  })

  it('fits the scan payload on 58 mm paper, a referral reference too, but not a 24-character id', () => {
    expect(code128Fits('00010010000000042758203917', 32)).toBe(true)
    expect(code128Fits('REF-000100100000000427', 32)).toBe(true)
    expect(code128Fits('65a1b2c3d4e5f60718293a77', 42)).toBe(false)
    expect(code128Fits('65a1b2c3d4e5f60718293a77', 48)).toBe(true)
  })

  it('refuses what set B cannot encode', () => {
    expect(code128Encodable('Café')).toBe(false)
    expect(code128Encodable('')).toBe(false)
    expect(code128Fits('Café', 64)).toBe(false)
  })
})

describe('receipt barcodes on paper (epson)', () => {
  it('carries the not-cashed reference in a CODE128 that reads back exactly', () => {
    const bytes = renderEscPos(receiptLayout(sampleReceipts.not_cashed(), { width: 32 }), { type: 'epson', width: 32 })
    expect(epsonBarcodes(bytes).map(decodeEpson)).toEqual(['REF-000100100000000427'])
  })
})
