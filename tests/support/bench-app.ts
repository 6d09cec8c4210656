import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import type { BackendOptions } from '../../electron/backend'
import { openApp } from '../../electron/recovery/host'
import { openShift } from '../../electron/shift/service'
import { startWebHost } from '../../electron/web/server'
import { tempDir } from './backend'
import type { App } from './browser'

const RENDERER = path.resolve('dist/renderer')

/** Newest modification time of the files under a folder (0 if none). */
function newest(dir: string): number {
  let t = 0
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) t = Math.max(t, fs.statSync(path.join(e.parentPath, e.name)).mtimeMs)
  return t
}

/**
 * The renderer a benchmark measures: dist/renderer, built with `vite build` when it is missing (`npm run bench`
 * does not build it). Returns a line saying which build was measured, and whether sources changed since.
 */
export function rendererBuild(): string {
  const index = path.join(RENDERER, 'index.html')
  if (!fs.existsSync(index)) {
    execFileSync('npx', ['vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
    return `renderer: built now (dist/renderer was missing)`
  }
  const built = fs.statSync(index).mtimeMs
  const changed = Math.max(newest('renderer'), newest('shared')) > built
  return `renderer: dist/renderer built ${new Date(built).toISOString()}${changed ? ', OLDER than renderer/ or shared/ sources: run npx vite build to measure them' : ', newer than its sources'}`
}

/**
 * A fresh terminal in a browser page, as startApp (tests/support/browser.ts) makes it, for a benchmark run
 * outside vitest (startApp registers a failure screenshot with vitest's onTestFailed, which needs a test):
 * its own data folder and terminal config, the real app host and web host on a loopback port, Carlos's shift open.
 */
export async function startBenchApp(browser: Browser, opts: { backend?: Partial<BackendOptions> } = {}): Promise<App> {
  const dataDir = tempDir('pos-bench-')
  const configPath = path.join(dataDir, 'terminal.json')
  fs.writeFileSync(configPath, JSON.stringify({ store_number: 1, terminal_number: 7, device_id: 'POS-BENCH-007' }))
  const appHost = openApp({ dataDir, configPath, log: () => {}, ...opts.backend })
  const backend = appHost.backend
  if (!backend) throw new Error(`the terminal is in recovery: ${appHost.problem?.message}`)
  const carlos = backend.ctx.db.prepare("SELECT _id FROM users WHERE username = 'carlos'").get() as
    { _id: string } | undefined
  if (carlos && !backend.ctx.db.prepare("SELECT 1 FROM shifts WHERE status <> 'closed'").get())
    openShift(backend.ctx, carlos._id, { total: 0 })
  const host = await startWebHost(appHost, { port: 0, staticDir: RENDERER })
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } })
  const page = await context.newPage()
  await page.goto(host.url)
  return {
    get backend() {
      if (!appHost.backend) throw new Error(`the terminal is in recovery: ${appHost.problem?.message}`)
      return appHost.backend
    },
    appHost,
    host,
    page,
    dataDir,
    async close() {
      await context.close()
      await host.close()
      await appHost.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
