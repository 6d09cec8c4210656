import fs from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { runningClock } from './backend'
import { launchBrowser, startApp, type App } from './browser'
import { startFakePrinter, type FakePrinter, type FakePrinterOptions } from './fake-printer'
import { screens, type Screens } from './pages'

/** When every end-to-end terminal's clock starts: 10:00 in the store, three hours before Pick 3 closes. */
export const E2E_START = '2026-11-21T15:00:00Z'

/**
 * Two animation frames: whatever a key press changed on screen has been drawn (an event, not a sleep). A test
 * that a key did nothing looks after this.
 */
export const painted = (page: Page) =>
  page.evaluate(() => {
    const g = globalThis as unknown as { requestAnimationFrame(cb: () => void): number }
    return new Promise<void>((r) => g.requestAnimationFrame(() => g.requestAnimationFrame(() => r())))
  })

/** A fresh terminal in the browser, with its page objects. */
export type E2eApp = App & { ui: Screens }

export interface E2eSuite {
  readonly browser: Browser
  /** A fresh terminal (own data folder, web host, browser context), closed after the test. */
  app(opts?: Parameters<typeof startApp>[1]): Promise<E2eApp>
  /** A fake network printer, closed after the test (after the app). */
  printer(opts?: FakePrinterOptions): Promise<FakePrinter>
  /** Anything else the test opens (a central server), closed after the test (after the app). */
  closeAfter<T extends { close(): Promise<unknown> }>(thing: T): T
}

/**
 * The one setup of every end-to-end file: one browser per file, a fresh app per test, and everything a
 * test opened closed after it (apps first, then printers and servers). A failed test's page is saved as a
 * screenshot in test-results/ (startApp registers it).
 */
export function e2eSuite(): E2eSuite {
  let browser: Browser | null = null
  const apps: App[] = []
  const others: { close(): Promise<unknown> }[] = []
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(() => browser?.close())
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close()
    for (const o of others.splice(0)) await o.close()
  })
  const closeAfter = <T extends { close(): Promise<unknown> }>(thing: T): T => (others.push(thing), thing)
  return {
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeAll')
      return browser
    },
    async app(opts = {}) {
      // A Saturday morning in New York, running: no draw's cutoff or store midnight near (a test may pass its own clock).
      const clock = opts.backend?.clock ?? runningClock(E2E_START)
      const a = await startApp(this.browser, { ...opts, backend: { ...opts.backend, clock } })
      apps.push(a)
      return Object.assign(a, { ui: screens(a.page) })
    },
    printer: async (opts) => closeAfter(await startFakePrinter(opts)),
    closeAfter,
  }
}

/** Screenshots of the current page at the two smallest counter screens, into test-results/. */
export async function screenshots(a: App, name: string): Promise<void> {
  fs.mkdirSync('test-results', { recursive: true })
  for (const [w, h] of [
    [1024, 768],
    [1280, 800],
  ]) {
    await a.page.setViewportSize({ width: w, height: h })
    await a.page.screenshot({ path: `test-results/${name}-${w}x${h}.png` })
  }
}
