// Bundles the Electron main process and preload into CommonJS for Electron.
// Dependencies stay external: electron-builder ships them (native ones unpacked).
import { build } from 'esbuild'

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  packages: 'external',
  logLevel: 'info',
}
await build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist-electron/main.cjs' })
// The sandboxed preload cannot require packages: bundle everything but electron into it.
await build({
  ...common,
  packages: undefined,
  external: ['electron'],
  entryPoints: ['electron/preload.ts'],
  outfile: 'dist-electron/preload.cjs',
})
