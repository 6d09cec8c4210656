import fs from 'node:fs'
import { benchSaleCommit } from './sale-commit'
import { benchSellToPrinter } from './sell-to-printer'
import { benchPush } from './sync-push'
import { benchSellAtScale } from './sell-at-scale'

// Each benchmark prints its numbers and a ratio against a bare baseline measured in the same run.
const results = [await benchSaleCommit(), await benchSellToPrinter(), await benchSellAtScale(), await benchPush()]
const out = [
  `# npm run bench, ${new Date().toISOString()}`,
  `node ${process.version}, ${process.platform}/${process.arch}`,
  '',
]
for (const r of results) out.push(`## ${r.name}`, ...r.lines.map((l) => `- ${l}`), '')
console.log(out.join('\n'))
fs.mkdirSync('test-results', { recursive: true })
fs.writeFileSync('test-results/bench.md', out.join('\n'))
