import { MongoClient } from 'mongodb'
import { redact } from './errors'
import { filterFleet, fleetReport, fleetTable, needsIt } from './fleet'
import { FLEET_COLLECTION, FLEET_CONTROLS } from './heartbeat'

const USAGE = `Usage: npm run fleet:status -- <mongodb uri> [--db lottery] [--store <number>] [--flagged] [--json]
Lists every terminal of every store from central (pos_devices): version, last heartbeat, records waiting
and the age of the oldest, printer, free disk, database size, status; flags STALE (no heartbeat for an
hour), STUCK (records waiting over a day), SKEW (behind the newest version), DISABLED, LOW_DISK, PRINTER,
CLASH (two terminals of one store with the same terminal number). --store keeps one store's terminals,
--flagged only the flagged ones (the newest version is still the whole fleet's).
Exit 0: nothing stale, stuck or clashing among those listed; 1: some terminal is; 2: cannot read central,
the database holds no stores and no terminals (a misspelt --db), or no store has that --store number.`

async function main(argv: string[]): Promise<number> {
  let uri = ''
  let dbName = 'lottery'
  let json = false
  let store: number | undefined
  let flagged = false
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i]
    if (v === '--db') dbName = argv[++i] ?? dbName
    else if (v === '--json') json = true
    else if (v === '--flagged') flagged = true
    else if (v === '--store') {
      const n = argv[++i]
      if (!n || !/^\d{1,9}$/.test(n)) {
        console.error(`--store takes a store number, not ${n === undefined ? 'nothing' : `"${n}"`}.\n\n${USAGE}`)
        return 2
      }
      store = Number(n)
    } else if (v === '--help' || v === '-h') {
      console.log(USAGE)
      return 0
    } else uri = v
  }
  if (!uri) {
    console.error(USAGE)
    return 2
  }
  let client: MongoClient | null = null
  try {
    // Inside the try: an address the driver refuses is "cannot read central" (2), never "unhealthy" (1).
    client = new MongoClient(uri, { serverSelectionTimeoutMS: 8_000, appName: 'lottery-pos-fleet' })
    await client.connect()
    const db = client.db(dbName)
    const [devices, stores, controls] = await Promise.all([
      db.collection(FLEET_COLLECTION).find({}).toArray(),
      db
        .collection('stores')
        .find({}, { projection: { name: 1, store_number: 1 } })
        .toArray(),
      db.collection(FLEET_CONTROLS).find({}).toArray(),
    ])
    // No store and no terminal at all is a database that is not the chain's (a misspelt --db), never a
    // healthy fleet of none: monitoring reads the exit code.
    if (devices.length === 0 && stores.length === 0) {
      console.error(`Database "${dbName}" holds no stores and no terminals: is its name right (--db)?`)
      return 2
    }
    if (store !== undefined && !stores.some((s) => s.store_number === store)) {
      console.error(`No store has the number ${store} in "${dbName}".`)
      return 2
    }
    const report = filterFleet(fleetReport(devices, stores, new Date(), controls), { store, flagged })
    console.log(json ? JSON.stringify(report, null, 2) : fleetTable(report))
    return report.rows.some(needsIt) ? 1 : 0
  } catch (err) {
    console.error(`Cannot read central: ${redact((err as Error).message, [])}`)
    return 2
  } finally {
    await client?.close().catch(() => {})
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`Cannot read central: ${redact(String((err as Error)?.message ?? err), [])}`)
    process.exit(2)
  },
)
