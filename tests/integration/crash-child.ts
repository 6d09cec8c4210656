// Sells in a loop and prints each confirmed transaction id; the parent test kills it with SIGKILL.
import { createBackend } from '../../electron/backend'
import { randomUUID } from 'node:crypto'

const b = createBackend({ dataDir: process.argv[2], configPath: null, log: () => {} })
const sid = 'crash'
const users = (await b.dispatcher.dispatch(sid, 'auth-users', {})) as {
  ok: true
  value: { _id: string; username: string }[]
}
await b.dispatcher.dispatch(sid, 'auth-login', {
  userId: users.value.find((u) => u.username === 'carlos')!._id,
  pin: '1111',
})
const games = (await b.dispatcher.dispatch(sid, 'game-list', {})) as {
  ok: true
  value: { _id: string; code: string }[]
}
const pick3 = games.value.find((g) => g.code === 'PICK3')!._id
for (;;) {
  const r = await b.dispatcher.dispatch(sid, 'sale-create', {
    requestId: randomUUID(),
    paymentMethod: 'cash',
    lines: [{ lotteryId: pick3, quantity: 1 }],
  })
  if (!r.ok) {
    if (r.error.code === 'OUT_OF_STOCK') b.ctx.db.prepare('UPDATE inventory SET remaining_stock = total_stock').run()
    continue
  }
  // Written only after the commit returned: this is what the cashier saw confirmed.
  process.stdout.write(`${(r.value as { transaction_id: string }).transaction_id}\n`)
}
