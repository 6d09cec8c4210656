/**
 * The sale commit alone, for a CPU profile (docs/performance.md):
 *   npm run bench:profile
 * writes a .cpuprofile under test-results/profile and prints its top entries by self time.
 */
import { randomUUID } from 'node:crypto'
import { createSale } from '../../electron/sale/service'
import { testBackend } from '../support/backend'
const ours = testBackend()
ours.ctx.db.exec('UPDATE inventory SET total_stock = 100000000, remaining_stock = 100000000')
const s = await ours.login('carlos')
const userId = ours.dispatcher.sessions.get(s)!.userId
const lotteryId = ours.gameId('PICK3')
ours.ctx.clock = () => new Date()
const sell = () =>
  createSale(ours.ctx, userId, {
    requestId: randomUUID(),
    paymentMethod: 'cash',
    confirmed: false,
    ageConfirmed: false,
    lines: [{ lotteryId, quantity: 5 }],
  })
for (let i = 0; i < 300; i++) sell()
const t = process.hrtime.bigint()
const N = Number(process.env.N ?? 4000)
for (let i = 0; i < N; i++) sell()
console.log('per sale ms', Number(process.hrtime.bigint() - t) / 1e6 / N)
await ours.cleanup()
