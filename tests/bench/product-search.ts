import { searchProducts } from '../../electron/product/repo'
import { testBackend } from '../support/backend'
import { fmt, stats, verdict } from './stats'

const WORDS = ['Cola', 'Chips', 'Lighter', 'Water', 'Gum', 'Candy', 'Coffee', 'Tea', 'Milk', 'Bread', 'Soap', 'Battery']

/**
 * Product search as the cashier types, over 20,000 products: each keystroke's query (a name's first letters,
 * a part of a name, an exact SKU or barcode) through searchProducts, against a bare indexed prefix query of
 * the same text in the same run, interleaved.
 */
export async function benchProductSearch(iterations = 2000) {
  const b = testBackend({ startSync: false })
  const db = b.ctx.db
  db.prepare(
    `INSERT INTO products (_id, product_name, sku, barcode, price, last_updated, status, created_at)
     WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 20000)
     SELECT printf('a%023x', i), (CASE i % 12 ${WORDS.map((w, k) => `WHEN ${k} THEN '${w}'`).join(' ')} END) || ' ' || (i * 7919 % 1000) || ' ' || i,
       printf('SKU-%06d', i), printf('%013d', i), 100 + i % 900, '2026-12-01T00:00:00Z', 'in_stock', '2026-12-01T00:00:00Z' FROM c`,
  ).run()
  const bare = db.prepare('SELECT * FROM products WHERE product_name LIKE ? LIMIT 50')
  const queries: string[] = []
  for (let i = 0; i < iterations; i++) {
    const w = WORDS[i % WORDS.length]
    // Keystroke by keystroke: "C", "Co", "Col", then a number inside a name, a SKU, a barcode.
    const kind = i % 6
    queries.push(
      kind < 3
        ? w.slice(0, kind + 1)
        : kind === 3
          ? String(i % 1000)
          : kind === 4
            ? `SKU-${String(1 + (i % 20000)).padStart(6, '0')}`
            : String(1 + (i % 20000)).padStart(13, '0'),
    )
  }
  for (let i = 0; i < 50; i++) searchProducts(db, queries[i], 50, false) // warm-up
  const ours: bigint[] = []
  const base: bigint[] = []
  queries.forEach((q, i) => {
    const run = [
      () => {
        const t = process.hrtime.bigint()
        searchProducts(db, q, 50, false)
        ours.push(process.hrtime.bigint() - t)
      },
      () => {
        const t = process.hrtime.bigint()
        bare.all(`${q}%`)
        base.push(process.hrtime.bigint() - t)
      },
    ]
    if (i % 2) run.reverse()
    for (const f of run) f()
  })
  const o = stats(ours)
  const s = stats(base)
  await b.cleanup()
  return {
    name: 'product search over 20,000 products',
    lines: [
      `ours (exact SKU or barcode, name prefix, name contains): ${fmt(o)}; p99 < 5 ms: ${verdict(o.p99 < 5)}`,
      `bare indexed prefix query of the same text: ${fmt(s)}`,
      `ours / bare: ${(o.p50 / s.p50).toFixed(2)}x (median), ${(o.p99 / s.p99).toFixed(2)}x (p99)`,
    ],
  }
}
