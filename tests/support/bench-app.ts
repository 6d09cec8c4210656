import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import type { BackendOptions } from '../../electron/backend'
import { startApp, type App } from './browser'

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

/** A fresh terminal in a browser page for a benchmark run outside vitest: startApp without its failure screenshot. */
export function startBenchApp(browser: Browser, opts: { backend?: Partial<BackendOptions> } = {}): Promise<App> {
  return startApp(browser, { ...opts, outsideTest: true })
}
