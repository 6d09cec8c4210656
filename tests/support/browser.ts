import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { onTestFailed } from 'vitest'
import type { Backend, BackendOptions } from '../../electron/backend'
import { openApp, type AppHost } from '../../electron/recovery/host'
import { startWebHost, type WebHost } from '../../electron/web/server'
import { tempDir } from './backend'
import { openShift } from '../../electron/shift/service'
import { LoginPage } from './pages'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true })
}

export interface App {
  /** The running backend (throws while the terminal waits on the recovery screen). */
  readonly backend: Backend
  appHost: AppHost
  host: WebHost
  page: Page
  dataDir: string
  close(): Promise<void>
}

/**
 * A fresh terminal: its own data dir and terminal config file, the real web
 * host on a loopback port, and a new browser page on it. On a failed test the
 * page is saved to test-results/ as a screenshot.
 */
export async function startApp(
  browser: Browser,
  opts: {
    printerUri?: string
    backend?: Partial<BackendOptions>
    dataDir?: string
    shift?: boolean
    /** The opening float of Carlos's shift (minor units): the cash a prize is paid from. */
    float?: number
    /** Outside vitest (a benchmark): no failure screenshot, which needs a running test. */
    outsideTest?: boolean
  } = {},
): Promise<App> {
  const dataDir = opts.dataDir ?? tempDir('pos-e2e-')
  const configPath = path.join(dataDir, 'terminal.json')
  fs.writeFileSync(
    configPath,
    JSON.stringify({
      store_number: 1,
      terminal_number: 7,
      device_id: 'POS-E2E-007',
      ...(opts.printerUri ? { printer: { uri: opts.printerUri, timeout_ms: 1500 } } : {}),
    }),
  )
  // The same app host the web host and Electron use: a damaged database opens the recovery screen.
  // Its terminal file still comes with the demo's users and games (demoData), to log in and sell at once.
  const appHost = openApp({ dataDir, configPath, log: () => {}, demoData: true, ...opts.backend })
  // A counter in the middle of its day: Carlos's shift is open (a test of the cash office asks for none).
  const backend = appHost.backend
  if (opts.shift !== false && backend) {
    const carlos = backend.ctx.db.prepare("SELECT _id FROM users WHERE username = 'carlos'").get() as
      { _id: string } | undefined
    if (carlos && !backend.ctx.db.prepare("SELECT 1 FROM shifts WHERE status <> 'closed'").get())
      openShift(backend.ctx, carlos._id, { total: opts.float ?? 0 })
  }
  const host = await startWebHost(appHost, { port: 0, staticDir: path.resolve('dist/renderer') })
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  if (!opts.outsideTest)
    onTestFailed(async ({ task }) => {
      fs.mkdirSync('test-results', { recursive: true })
      const name = task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)
      await page.screenshot({ path: `test-results/${name}.png`, fullPage: true }).catch(() => {})
      if (errors.length) fs.writeFileSync(`test-results/${name}.errors.txt`, errors.join('\n'))
    })
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

/** Logs in the way a cashier does: pick the tile, type the PIN, Enter (LoginPage.as). */
export async function loginAs(page: Page, username: string, pin: string) {
  await new LoginPage(page).as(username, pin)
}
