// better-sqlite3 is a native addon built for one ABI at a time: Node's for tests and
// the web host, Electron's for `npm start`. This switches it only when needed.
import { execSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'

const target = process.argv[2]
const marker = 'node_modules/.pos-native-abi'
const run = (cmd) => execSync(cmd, { stdio: 'inherit', env: { ...process.env } })

if (target === 'node') {
  try {
    const Database = createRequire(import.meta.url)('better-sqlite3')
    new Database(':memory:').close()
  } catch (err) {
    if (!/NODE_MODULE_VERSION|was compiled against/.test(String(err))) throw err
    console.log('Rebuilding better-sqlite3 for Node...')
    run('npm rebuild better-sqlite3')
  }
  fs.writeFileSync(marker, 'node')
} else if (target === 'electron') {
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === 'electron') process.exit(0)
  console.log('Rebuilding native modules for Electron...')
  run('npx electron-builder install-app-deps')
  fs.writeFileSync(marker, 'electron')
} else {
  console.error('usage: node build/native.mjs node|electron')
  process.exit(2)
}
