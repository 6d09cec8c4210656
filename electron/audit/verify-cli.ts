import path from 'node:path'
import { MongoClient } from 'mongodb'
import { openKeystore } from '../device/keystore'
import { openDatabase } from '../store/db'
import { unencryptedBox } from '../sync/credentials'
import { redact } from '../sync/errors'
import { compareWithCentral, verifyChain, type CentralAuditEntry } from './chain'

const USAGE = `Usage: npm run audit:verify -- [path/to/pos.sqlite] [--central <mongodb uri> [--db lottery]]
Checks every entry of the terminal's keyed audit chain (the key is read from keys/ beside the database)
and, with --central, compares it with central's copy: entries central holds that are missing here mean
the local log was truncated. Exit 0: the chain holds; 1: broken entries or a mismatch; 2: cannot check.`

interface Args {
  file: string
  central: string | null
  dbName: string
}

function parse(argv: string[]): Args {
  const a: Args = {
    file: path.join(process.env.POS_DATA_DIR ?? '.data/web', 'pos.sqlite'),
    central: null,
    dbName: 'lottery',
  }
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i]
    if (v === '--central') a.central = argv[++i] ?? null
    else if (v === '--db') a.dbName = argv[++i] ?? 'lottery'
    else if (v === '--help' || v === '-h') throw new Error(USAGE)
    else a.file = v
  }
  return a
}

async function main(): Promise<number> {
  const args = parse(process.argv.slice(2))
  const file = path.resolve(args.file)
  let db: ReturnType<typeof openDatabase>
  try {
    db = openDatabase(file, { readonly: true })
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message} (give the terminal's pos.sqlite)`, { cause: err })
  }
  let key: Buffer
  try {
    key = openKeystore(path.dirname(file), unencryptedBox).get('audit')
  } catch {
    throw new Error(
      `the audit key in ${path.join(path.dirname(file), 'keys')} is sealed by this computer's keystore or missing: verify from the app (Settings, Audit) on the terminal itself`,
    )
  }
  const r = verifyChain(db, key)
  let centralCount = 0
  let deviceId = ''
  if (args.central) {
    const device = db.prepare('SELECT device_id FROM pos_devices WHERE is_self = 1').get() as { device_id: string }
    deviceId = device.device_id
    const client = await new MongoClient(args.central, { serverSelectionTimeoutMS: 10_000 }).connect()
    try {
      const docs = await client
        .db(args.dbName)
        .collection('audit_logs')
        .find({ device_info: device.device_id }, { projection: { seq: 1, hash: 1 } })
        .toArray()
      centralCount = docs.length
      r.central = compareWithCentral(db, docs as unknown as CentralAuditEntry[])
    } finally {
      await client.close()
    }
  }
  db.close()
  if (r.ok) console.log(`audit chain OK: ${r.entries} entries in ${file}`)
  else {
    console.log(
      `audit chain BROKEN at entry ${r.first_broken_seq}: ${r.broken_count} of ${r.entries} entries do not hold`,
    )
    for (const b of r.broken) console.log(`  ${b.reason}`)
  }
  if (r.unkeyed_entries) console.log(`  ${r.unkeyed_entries} entries predate the keyed chain (plain SHA-256)`)
  // Central holding none of a chain that has entries is nothing compared: a terminal never synced, or a wrong --db.
  const nothingThere = r.central !== undefined && centralCount === 0 && r.entries > 0
  if (r.central) {
    if (nothingThere)
      console.log(
        `central: holds no audit entries of ${deviceId} in "${args.dbName}" (this terminal never synced, or --db is wrong): nothing compared`,
      )
    else if (r.central.ok) console.log(`central's copy matches: up to entry ${r.central.central_head}`)
    else for (const p of r.central.problems) console.log(`central: ${p}`)
  }
  return r.ok && (r.central?.ok ?? true) && !nothingThere ? 0 : 1
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`cannot verify: ${redact(err.message)}`)
    process.exit(2)
  },
)
