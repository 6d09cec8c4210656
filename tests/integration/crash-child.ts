// Works the counter in a loop and prints each confirmed record; the parent test kills it with SIGKILL.
// Mode `sell` (default): sales only. Mode `cash`: sales, pay ins and outs, and shift closes with a blind count
// that needs a manager's sign-off, round after round, so a kill lands in any of them.
import { createBackend } from '../../electron/backend'
import { randomUUID } from 'node:crypto'

const mode = process.argv[3] ?? 'sell'
const b = createBackend({ dataDir: process.argv[2], configPath: null, log: () => {} })
const call = async <T>(sid: string, name: string, args: unknown = {}) => {
  const r = await b.dispatcher.dispatch(sid, name as never, args as never)
  return r as { ok: true; value: T } | { ok: false; error: { code: string; message: string } }
}
const users = (await call<{ _id: string; username: string }[]>('crash', 'auth-users')) as {
  ok: true
  value: { _id: string; username: string }[]
}
const idOf = (name: string) => users.value.find((u) => u.username === name)!._id
await call('crash', 'auth-login', { userId: idOf('carlos'), pin: '1111' })
const games = (await call('crash', 'game-list')) as { ok: true; value: { _id: string; code: string }[] }
const pick3 = games.value.find((g) => g.code === 'PICK3')!._id
const say = (line: string) => process.stdout.write(`${line}\n`)

async function shift(): Promise<{ _id: string; status: string } | null> {
  const r = (await call('crash', 'shift-current')) as {
    ok: true
    value: { shift: { _id: string; status: string } | null }
  }
  return r.value.shift
}
// A shift left counted by an earlier kill is signed off; none open, one is opened.
async function ensureShift(): Promise<string> {
  let s = await shift()
  if (s?.status === 'counted') {
    await call('crash', 'shift-sign-off', {
      shiftId: s._id,
      approver: { userId: idOf('maria'), pin: '2580' },
      note: 'crash test',
    })
    s = null
  }
  if (!s) {
    const r = await call<{ _id: string }>('crash', 'shift-open', { float: { total: 10_000 } })
    if (r.ok) say(`OPEN ${r.value._id}`)
    s = await shift()
  }
  return s!._id
}

async function sell(): Promise<void> {
  const r = await call<{ transaction_id: string }>('crash', 'sale-create', {
    requestId: randomUUID(),
    paymentMethod: 'cash',
    lines: [{ lotteryId: pick3, quantity: 1 }],
  })
  if (!r.ok) {
    if (r.error.code === 'OUT_OF_STOCK') b.ctx.db.prepare('UPDATE inventory SET remaining_stock = total_stock').run()
    return
  }
  // Written only after the commit returned: this is what the cashier saw confirmed.
  say(r.value.transaction_id)
}

if (mode === 'receive' || mode === 'budget') {
  // Purchases of 40 lines each, received one after another: a kill lands inside a receipt sooner or later.
  await call('crash', 'auth-login', { userId: idOf('maria'), pin: '2580' })
  // Mode `budget`: a budget around today takes every purchase as an expense, posted after each receipt.
  const budgets = (await call<{ _id: string }[]>('crash', 'budget-list')) as { ok: true; value: { _id: string }[] }
  if (mode === 'budget' && budgets.value.length === 0) {
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)
    const r = await call('crash', 'budget-save', {
      budget: {
        name: 'Crash test',
        first_day: day(-30),
        last_day: day(30),
        total_budget: 100_000_000,
        items: [{ category: 'Merchandise purchases', kind: 'expense', allocated_amount: 100_000_000 }],
      },
    })
    if (!r.ok) throw new Error(r.error.message)
  }
  const sup = await call<{ _id: string }>('crash', 'supplier-save', { supplier: { name: `Supplier ${randomUUID()}` } })
  if (!sup.ok) throw new Error(sup.error.message)
  const products: string[] = []
  for (let i = 0; i < 40; i++) {
    const p = await call<{ _id: string }>('crash', 'product-save', {
      product: { product_name: `Item ${i}`, sku: `SKU-${randomUUID().slice(0, 8)}`, price: 100 },
    })
    if (p.ok) products.push(p.value._id)
  }
  for (let round = 0; ; round++) {
    const reference = `PO-${randomUUID().slice(0, 8)}`
    const po = await call('crash', 'purchase-create', {
      supplierId: sup.value._id,
      reference,
      lines: products.map((productId, i) => ({ productId, quantity: 1 + (i % 5), unitPrice: 50 })),
    })
    if (!po.ok) continue
    say(`PURCHASE ${reference}`)
    const got = await call('crash', 'purchase-receive', { reference })
    if (got.ok) say(`RECEIVED ${reference}`)
  }
}

let shiftId = await ensureShift()
for (let round = 0; ; round++) {
  await sell()
  if (mode !== 'cash') continue
  if (round % 3 === 1) {
    const r = await call<{ movement: { _id: string } }>('crash', 'shift-move', {
      kind: round % 2 ? 'pay_out' : 'pay_in',
      amount: 500,
      reason: 'crash test',
    })
    if (r.ok) say(`MOVE ${r.value.movement._id}`)
  }
  if (round % 7 === 6) {
    // The demo's instant pack on sale is counted at every close (nothing of it sold: at its count so far).
    const packs = await call<{ _id: string; sold: number }[]>('crash', 'pack-list', { status: 'activated' })
    const books = packs.ok ? packs.value.map((p) => ({ packId: p._id, nextTicket: p.sold })) : []
    const r = await call<{ status: string }>('crash', 'shift-close', { shiftId, count: { cash: { total: 0 } }, books })
    if (r.ok) say(`COUNT ${shiftId}`)
    shiftId = await ensureShift()
  }
}
