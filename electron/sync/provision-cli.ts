import { ObjectId } from 'bson'
import { MongoClient } from 'mongodb'
import fs from 'node:fs'
import path from 'node:path'
import { openDatabase, type ReadDB } from '../store/db'
import { exportCatalogue } from './catalog-export'
import { addressSecrets, redact } from './errors'
import { provisionCentral } from './provision'
import type { TargetDb } from './target'

// Usage: npm run central:provision -- <uri> [--db lottery] [--store <number or id> ...] [--seed-from <pos.sqlite>]
// Run as a user allowed to create collections, indexes, views and roles. --seed-from loads a terminal's
// catalogue (its store, users, games, stock and draws) into central, for a demo or a first store. A store is
// named by its store number (as on its terminals' files) or by its id.
const USAGE =
  'usage: central:provision -- <mongodb-uri> [--db <name>] [--store <store number or id> ...] [--seed-from <pos.sqlite>]'

/**
 * A --store value as the id its views and role are named by: an id as given; a number looked up in the
 * --seed-from file and among central's stores not deleted, and refused when it names no store, more than one,
 * or a different store in the file than in central.
 */
async function storeIdOf(value: string, local: ReadDB | null, db: TargetDb): Promise<string> {
  if (/^[0-9a-f]{24}$/i.test(value)) return value.toLowerCase()
  if (!/^\d{1,4}$/.test(value)) throw new Error(`--store ${value}: give the store's number (up to 9999) or its id.`)
  const number = Number(value)
  const here = (
    (local?.prepare('SELECT _id FROM stores WHERE store_number = ?').all(number) ?? []) as {
      _id: string
    }[]
  ).map((r) => r._id)
  const there = (await db.collection('stores').find({ store_number: number, deleted_at: null }).limit(2).toArray()).map(
    (d) => (d._id as { toHexString(): string }).toHexString(),
  )
  const ids = [...new Set([...here, ...there])]
  if (ids.length === 1) return ids[0]
  if (!ids.length)
    throw new Error(
      `--store ${value}: central has no store number ${number}. Load the store first (--seed-from a terminal's pos.sqlite), or give its id.`,
    )
  throw new Error(
    `--store ${value}: more than one store has number ${number} (${ids.join(', ')})${here.length && there.length ? ' in the file and in central' : ''}. Give the store's id.`,
  )
}

async function main(argv: string[]) {
  const uri = argv.find((a) => !a.startsWith('--'))
  if (!uri) throw new Error(USAGE)
  const flag = (name: string) => argv.flatMap((a, i) => (a === `--${name}` && argv[i + 1] ? [argv[i + 1]] : []))
  const dbName = flag('db')[0] ?? 'lottery'
  const seedFrom = flag('seed-from')[0]
  if (seedFrom && !fs.existsSync(seedFrom)) throw new Error(`--seed-from ${path.resolve(seedFrom)}: no such file`)
  const local = seedFrom ? openDatabase(path.resolve(seedFrom), { readonly: true }) : null
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 })
  try {
    await client.connect()
    const db = client.db(dbName) as unknown as TargetDb
    const named = await Promise.all(flag('store').map((v) => storeIdOf(v, local, db)))
    const seeded = local ? (local.prepare('SELECT _id FROM stores').all() as { _id: string }[]).map((r) => r._id) : []
    const storeIds = [...new Set([...named, ...seeded])]
    const report = await provisionCentral(db, { dbName, storeIds })
    if (local) {
      const counts = await exportCatalogue(db, local)
      console.log(
        `catalogue from ${seedFrom}: ${Object.entries(counts)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ')}`,
      )
    }
    console.log(`collections: ${report.collections.join(', ')}`)
    console.log(`indexes: ${report.indexes.join(', ')}`)
    console.log(`views: ${report.views.join(', ') || '(none: pass --store <id> for each store)'}`)
    // What each terminal file of the store names: its sync pulls the store by this id.
    for (const id of storeIds) {
      const doc = await db.collection('stores').findOne({ _id: new ObjectId(id) })
      console.log(
        doc
          ? `store ${String(doc.store_number)} (${String(doc.name ?? '')}): its terminals' files carry "store_number": ${String(doc.store_number)}, "store_id": "${id}"`
          : `store ${id}: not in central's stores yet (load it with --seed-from, or from the office)`,
      )
    }
    for (const r of report.roles) console.log(`role ${r.name}: ${r.result}`)
    // Only the MongoDB stand-in's known gap gets here without a role; any real failure has thrown (exit 1).
    if (report.roles.some((r) => r.result.startsWith('skipped')))
      console.log('\nNo role was created: this is the MongoDB stand-in, not a MongoDB server.')
    console.log('\nCreate one user per terminal (mongosh, as an admin):')
    for (const cmd of report.createUser) console.log(`  ${cmd}`)
    console.log("\nThen enter that user's name and password in the terminal's sync settings.")
  } finally {
    local?.close()
    await client.close()
  }
}

main(process.argv.slice(2)).catch((err) => {
  const secrets = process.argv.slice(2).flatMap((a) => (/^mongodb(\+srv)?:\/\//i.test(a) ? addressSecrets(a) : []))
  console.error(redact(String(err instanceof Error ? err.message : err), secrets))
  process.exit(1)
})
