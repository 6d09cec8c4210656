import fs from 'node:fs'
import { benchSaleCommit } from './sale-commit'
import { benchSellToPrinter } from './sell-to-printer'
import { benchPush } from './sync-push'
import { benchSellAtScale } from './sell-at-scale'
import { benchProductSearch } from './product-search'
import { benchCashOffice } from './cash-office'
import { benchMixedCart } from './mixed-cart'
import { benchSearchPaint } from './search-paint'
import { benchYearOfData } from './year-of-data'
import { benchReports } from './reports'
import { benchBudget } from './budget'

// Each benchmark prints its numbers and a ratio against a bare baseline measured in the same run.
// `npm run bench -- sale-commit` runs one of them.
const all = {
  'sale-commit': benchSaleCommit,
  'sell-to-printer': benchSellToPrinter,
  'sell-at-scale': benchSellAtScale,
  'sync-push': benchPush,
  'product-search': benchProductSearch,
  'cash-office': benchCashOffice,
  'mixed-cart': benchMixedCart,
  'search-paint': benchSearchPaint,
  'year-of-data': benchYearOfData,
  reports: benchReports,
  budget: benchBudget,
}
const chosen = process.argv.slice(2).filter((a) => a in all) as (keyof typeof all)[]
const results = []
for (const name of chosen.length ? chosen : (Object.keys(all) as (keyof typeof all)[])) results.push(await all[name]())
const out = [
  `# npm run bench, ${new Date().toISOString()}`,
  `node ${process.version}, ${process.platform}/${process.arch}`,
  '',
]
for (const r of results) out.push(`## ${r.name}`, ...r.lines.map((l) => `- ${l}`), '')
console.log(out.join('\n'))
fs.mkdirSync('test-results', { recursive: true })
fs.writeFileSync('test-results/bench.md', out.join('\n'))
