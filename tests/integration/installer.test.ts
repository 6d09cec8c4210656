import { listPackage } from '@electron/asar'
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../support/backend'

// No Electron binary can be downloaded here, so electron-builder packs the real app around a stub
// Electron: this checks the configuration and what the installers would contain, not Electron itself.
const out = tempDir('pos-builder-')
const stub = tempDir('pos-electron-stub-')
afterAll(() => [out, stub].forEach((d) => fs.rmSync(d, { recursive: true, force: true })))

// The YAML parser electron-builder itself reads its configuration with.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown }

// The fuses Electron reads from its own binary: a marker, the wire's version (1) and length, then one
// byte per fuse ('1' on, '0' off). The stub carries Electron 45's defaults so the real @electron/fuses
// step of electron-builder flips them, and the test reads back what the packed binary would carry.
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
const ELECTRON_DEFAULT_WIRE = '10110001'
const ON = '1'.charCodeAt(0)
const OFF = '0'.charCodeAt(0)
const WANTED_FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
}

describe('electron-builder configuration', () => {
  it('packs main, preload, the built UI and the native SQLite addon, and leaves UI-only packages out', async () => {
    expect(fs.existsSync('dist/renderer/index.html'), 'run npm run build:renderer first').toBe(true)
    execFileSync(process.execPath, ['build/bundle-main.mjs'], { stdio: 'pipe' })
    fs.writeFileSync(
      path.join(stub, 'electron'),
      Buffer.concat([
        Buffer.from('stub\n'),
        Buffer.from(SENTINEL),
        Buffer.from([1, 8]),
        Buffer.from(ELECTRON_DEFAULT_WIRE),
      ]),
    )
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
    // The updater ships with the app (main.ts requires it at run time).
    expect(files.some((f) => f.startsWith('/node_modules/electron-updater/'))).toBe(true)
    expect(
      fs.existsSync(
        path.join(resources, 'app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
      ),
    ).toBe(true)
    expect(fs.readFileSync(path.join(resources, 'app-update.yml'), 'utf8')).toContain('provider: generic')

    // The packed binary's fuses, as electron-builder flipped them.
    const wire = await getCurrentFuseWire(path.join(out, 'linux-unpacked', 'lottery-pos'))
    expect(wire[FuseV1Options.RunAsNode]).toBe(OFF)
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(ON)
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(OFF)
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(OFF)
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(ON)
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ON)
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(OFF)
  }, 120_000)

  it('builds Windows installers IT can push silently: NSIS per machine (assisted, so /S /allusers works) and an MSI with a fixed upgrade code', () => {
    const config = yaml.load(fs.readFileSync('electron-builder.yml', 'utf8')) as {
      win: { target: string[] }
      nsis: Record<string, unknown>
      msiWrapped: Record<string, unknown>
      linux: { target: string[] }
      publish: { provider: string }
    }
    expect(config.win.target).toEqual(['nsis', 'msiWrapped'])
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true, allowToChangeInstallationDirectory: false })
    expect(config.msiWrapped).toMatchObject({
      perMachine: true,
      wrappedInstallerArgs: '/S /allusers',
      impersonate: false,
    })
    // A GUID, fixed: every version upgrades the one before in place.
    expect(config.msiWrapped.upgradeCode).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(config.linux.target).toEqual(['deb', 'AppImage'])
    expect(config.publish.provider).toBe('generic')
  })

  it('flips the Electron fuses at packaging: no Node mode, no NODE_OPTIONS or inspector, asar only and checked', () => {
    const config = yaml.load(fs.readFileSync('electron-builder.yml', 'utf8')) as { electronFuses?: unknown }
    expect(config.electronFuses).toEqual(WANTED_FUSES)
  })
})
