import path from 'node:path'
import { mongoConnect } from '../sync/mongo'
import { checkTerminalFile, defaultConfigPath, describeProblems } from './config'
import { checkStoreWithCentral } from './config-check'

const USAGE = `Usage: npm run terminal:check -- [path/to/terminal.json] [--central <mongodb uri> --db <name>]
Checks a terminal config file as the app reads it: every problem is listed (JSON, unknown keys, types and
ranges, a printer address that is no printer) and, when central is reachable (the file's own "central", or
--central with an admin's address), whether central knows the store and the file names its id (store_id).
Exit 0: no problem; 1: problems listed; 2: cannot check.`

async function main(argv: string[]): Promise<number> {
  let file = defaultConfigPath()
  let uri = ''
  let dbName = 'lottery'
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i]
    if (v === '--help' || v === '-h') {
      console.log(USAGE)
      return 0
    }
    if (v === '--central') {
      uri = argv[++i] ?? ''
      if (!uri) {
        console.error('--central needs an address: --central <mongodb uri>')
        return 2
      }
    } else if (v === '--db') dbName = argv[++i] ?? 'lottery'
    else file = v
  }
  const central = uri ? { uri, db_name: dbName } : null
  const check = checkTerminalFile(path.resolve(file))
  if (!check.present) {
    console.error(`No file at ${check.file}: the app would start on its demo data.`)
    return 2
  }
  const problems = [...check.problems]
  // An admin's --central is used as given: the file's own user (which may not list stores) stays out of it.
  const target = central ?? check.config?.central
  if (check.config && target) {
    const c = await checkStoreWithCentral(
      check.config,
      mongoConnect(target, { serverSelectionTimeoutMS: 4_000 }),
      [check.config.central?.password ?? ''].filter(Boolean),
    )
    if (c.problem) problems.push(c.problem)
    console.log(`central: ${c.note}`)
  }
  if (!problems.length) {
    console.log(`${check.file}: no problem.`)
    return 0
  }
  console.log(describeProblems({ ...check, problems }))
  return 1
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error((err as Error).message)
    process.exit(2)
  },
)
