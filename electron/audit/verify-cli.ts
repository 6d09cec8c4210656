import path from 'node:path'
import { openDatabase } from '../store/db'
import { verifyChain } from './chain'

// Usage: npm run audit:verify -- [path/to/pos.sqlite]
// Exit code 0 when the chain holds, 1 at the first broken link, 2 on a usage error.
const file = process.argv[2] ?? path.join(process.env.POS_DATA_DIR ?? '.data/web', 'pos.sqlite')
try {
  const db = openDatabase(path.resolve(file), { readonly: true })
  const r = verifyChain(db)
  db.close()
  if (r.ok) console.log(`audit chain OK: ${r.entries} entries in ${file}`)
  else console.log(`audit chain BROKEN at entry ${r.first_broken_seq}: ${r.reason}`)
  process.exit(r.ok ? 0 : 1)
} catch (err) {
  console.error(`cannot verify ${file}: ${(err as Error).message}`)
  process.exit(2)
}
