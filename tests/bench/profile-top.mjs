// Top entries by self time of the newest .cpuprofile in a folder: node profile-top.mjs <dir> [count]
import fs from 'node:fs'
const dir = process.argv[2]
const f = fs
  .readdirSync(dir)
  .filter((x) => x.endsWith('.cpuprofile'))
  .map((x) => dir + '/' + x)
  .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0]
const p = JSON.parse(fs.readFileSync(f))
const self = new Map()
const byId = new Map(p.nodes.map((n) => [n.id, n]))
const cnt = new Map()
for (const s of p.samples) cnt.set(s, (cnt.get(s) ?? 0) + 1)
let total = 0
for (const [id, c] of cnt) {
  const n = byId.get(id)
  const cf = n.callFrame
  const k = `${cf.functionName || '(anon)'} ${cf.url.split('/').slice(-2).join('/')}:${cf.lineNumber + 1}`
  self.set(k, (self.get(k) ?? 0) + c)
  total += c
}
const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[3] ?? 30))
for (const [k, c] of rows) console.log(((100 * c) / total).toFixed(1).padStart(5) + '%  ' + k)
