import fs from 'node:fs'
import path from 'node:path'
import { defaultConfigPath } from '../device/config'
import { redact } from '../sync/errors'
import { diagnosticsFromFolder } from './offline'

const USAGE = `Usage: npm run diagnostics -- [data folder] [--config <terminal.json>]
Writes a diagnostics bundle (a zip: versions, the terminal file without its secrets, the newest log lines,
the database's integrity check, the audit chain's verification, the outbox and sync state) into the data
folder's diagnostics/ and prints its path. Safe beside a running app: the database is opened read-only.
The data folder defaults to $POS_DATA_DIR or .data/web; the terminal file to the machine-wide one.
Exit 0: written and every check ok; 1: written, and a check found a PROBLEM (printed); 2: not written.`

function parse(argv: string[]) {
  const a = { dataDir: process.env.POS_DATA_DIR ?? '.data/web', configPath: defaultConfigPath() as string | null }
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i]
    if (v === '--config') {
      a.configPath = argv[++i] ?? null
      // A file named on purpose that is not there is a typo, never "no terminal file (demo data)".
      if (!a.configPath || !fs.existsSync(a.configPath))
        throw new Error(`no terminal file at ${a.configPath ?? '(none given)'}: check the --config path`)
    } else if (v === '--help' || v === '-h') throw new Error(USAGE)
    else a.dataDir = v
  }
  return a
}

try {
  const args = parse(process.argv.slice(2))
  const bundle = diagnosticsFromFolder(path.resolve(args.dataDir), { configPath: args.configPath })
  console.log(`diagnostics bundle written: ${bundle.file} (${bundle.size} bytes)`)
  for (const c of bundle.checks) console.log(`  ${c.ok ? 'ok     ' : 'PROBLEM'} ${c.label}: ${c.summary}`)
  // A script that collects bundles from the fleet tells the healthy from the others by the exit code.
  if (bundle.checks.some((c) => !c.ok)) process.exitCode = 1
} catch (err) {
  console.error(`no bundle written: ${redact((err as Error).message)}`)
  process.exit(2)
}
