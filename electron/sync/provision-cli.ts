import { MongoClient } from 'mongodb'
import { redact } from './errors'
import { provisionCentral } from './provision'
import type { TargetDb } from './target'

// Usage: npm run central:provision -- <uri> [--db lottery] [--store <storeIdHex> ...]
// Run as a user allowed to create collections, indexes, views and roles.
async function main(argv: string[]) {
  const uri = argv.find((a) => !a.startsWith('--'))
  if (!uri) throw new Error('usage: central:provision -- <mongodb-uri> [--db <name>] [--store <storeIdHex> ...]')
  const flag = (name: string) => argv.flatMap((a, i) => (a === `--${name}` && argv[i + 1] ? [argv[i + 1]] : []))
  const dbName = flag('db')[0] ?? 'lottery'
  const storeIds = flag('store')
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 })
  try {
    await client.connect()
    const report = await provisionCentral(client.db(dbName) as unknown as TargetDb, { dbName, storeIds })
    console.log(`collections: ${report.collections.join(', ')}`)
    console.log(`indexes: ${report.indexes.join(', ')}`)
    console.log(`views: ${report.views.join(', ') || '(none: pass --store <id> for each store)'}`)
    for (const r of report.roles) console.log(`role ${r.name}: ${r.result}`)
    console.log('\nCreate one user per terminal (mongosh, as an admin):')
    for (const cmd of report.createUser) console.log(`  ${cmd}`)
    console.log("\nThen enter that user's name and password in the terminal's sync settings.")
  } finally {
    await client.close()
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(redact(String(err instanceof Error ? err.message : err)))
  process.exit(1)
})
