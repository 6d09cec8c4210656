import net from 'node:net'
import { startFakePrinter } from '../support/fake-printer'
import { testBackend } from '../support/backend'
import { sellToLastByte } from './counter'
import { fmt, stats, verdict } from './stats'

/**
 * Sell pressed (the sale-create call through the dispatcher, as the UI makes
 * it) to the last byte of the ticket arriving at a loopback TCP printer, with
 * the status check on. Baseline: one bare socket connect + write of the same
 * number of bytes to the same printer.
 */
export async function benchSellToPrinter(iterations = 300) {
  const printer = await startFakePrinter({ mode: 'ok' })
  const b = testBackend()
  b.ctx.db.exec('UPDATE inventory SET total_stock = 100000000, remaining_stock = 100000000')
  b.ctx.clock = () => new Date()
  const m = await b.login('maria')
  await b.call(m, 'printer-set', { uri: printer.uri, timeout_ms: 3000, status_check: true })
  const s = await b.login('carlos')
  const lotteryId = b.gameId('LOTTO')

  const sellOnce = () => sellToLastByte(b, printer, s, lotteryId, 1)
  const jobSize = () => printer.jobs().at(-1)?.length ?? 1000
  const bareOnce = (bytes: Buffer) =>
    new Promise<bigint>((resolve, reject) => {
      const t = process.hrtime.bigint()
      const before = printer.received().length
      const sock = net.connect(printer.port, '127.0.0.1', () => sock.end(bytes))
      sock.on('error', reject)
      printer
        .waitForBytes((all) => all.length >= before + bytes.length, 5000)
        .then(() => {
          resolve(process.hrtime.bigint() - t)
          sock.destroy()
        }, reject)
    })

  for (let i = 0; i < 30; i++) await sellOnce()
  const bytes = Buffer.alloc(jobSize(), 0x41)
  const a: bigint[] = []
  const base: bigint[] = []
  for (let i = 0; i < iterations; i++) {
    a.push(await sellOnce())
    base.push(await bareOnce(bytes))
  }
  await b.cleanup()
  await printer.close()
  const sa = stats(a)
  const sb = stats(base)
  return {
    name: 'sell pressed to the last ticket byte at a loopback TCP printer (1 ticket, status check on)',
    lines: [
      `ours: ${fmt(sa)}`,
      `bare socket write of ${bytes.length} bytes: ${fmt(sb)}`,
      `p99 ${sa.p99.toFixed(2)} ms, target < 50 ms: ${verdict(sa.p99 < 50)}; ratio (mean) to bare write ${(sa.mean / sb.mean).toFixed(1)}x`,
    ],
    ratio: sa.mean / sb.mean,
    p99: sa.p99,
  }
}
