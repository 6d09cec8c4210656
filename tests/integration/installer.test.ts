import { listPackage } from '@electron/asar'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../support/backend'

// No Electron binary can be downloaded here, so electron-builder packs the real app around a stub
// Electron: this checks the configuration and what the installers would contain, not Electron itself.
const out = tempDir('pos-builder-')
const stub = tempDir('pos-electron-stub-')
afterAll(() => [out, stub].forEach((d) => fs.rmSync(d, { recursive: true, force: true })))

describe('electron-builder configuration', () => {
  it('packs main, preload, the built UI and the native SQLite addon, and leaves UI-only packages out', () => {
    expect(fs.existsSync('dist/renderer/index.html'), 'run npm run build:renderer first').toBe(true)
    execFileSync(process.execPath, ['build/bundle-main.mjs'], { stdio: 'pipe' })
    fs.writeFileSync(path.join(stub, 'electron'), '')
    execFileSync(
      process.execPath,
      [
        'node_modules/electron-builder/cli.js',
        '--linux',
        'dir',
        '--config',
        'electron-builder.yml',
        `-c.electronDist=${stub}`,
        '-c.electronVersion=45.4.1',
        '-c.npmRebuild=false',
        `-c.directories.output=${out}`,
        '--publish',
        'never',
      ],
      { stdio: 'pipe', env: { ...process.env, CI: 'true' } },
    )
    const resources = path.join(out, 'linux-unpacked', 'resources')
    const files = listPackage(path.join(resources, 'app.asar'), { isPack: false })
    for (const f of [
      '/dist-electron/main.cjs',
      '/dist-electron/preload.cjs',
      '/dist/renderer/index.html',
      '/package.json',
    ]) {
      expect(files).toContain(f)
    }
    expect(files.some((f) => f.startsWith('/node_modules/react/'))).toBe(false)
    expect(files.some((f) => f.startsWith('/node_modules/node-thermal-printer/'))).toBe(true)
    expect(
      fs.existsSync(
        path.join(resources, 'app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
      ),
    ).toBe(true)
    expect(fs.readFileSync(path.join(resources, 'app-update.yml'), 'utf8')).toContain('provider: generic')
  }, 120_000)
})
