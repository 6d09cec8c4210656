import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// Same variable the web host reads, so both can move off the default port together.
const WEB_HOST = `http://127.0.0.1:${process.env.POS_WEB_PORT ?? 5174}`

export default defineConfig({
  root: 'renderer',
  // Relative asset URLs so the built page also loads from file:// inside Electron.
  base: './',
  plugins: [react()],
  css: {
    // Feature styles are CSS modules; their classes keep the stylesheet's dashed names and are read as
    // camelCase in TypeScript (styles.gameBtn for .game-btn).
    modules: { localsConvention: 'camelCase' },
  },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    rolldownOptions: {
      // The libraries every screen needs (React, TanStack Query, zod, react-hook-form) load with the first
      // screen in one named chunk; each screen's own code loads when it is first opened (screens/registry.ts).
      // The Reports screen's charts and tables are a chunk of their own: the counter never loads them.
      output: {
        codeSplitting: {
          // A group holds its own modules only: React stays in vendor, not pulled in with the table library.
          includeDependenciesRecursively: false,
          groups: [
            {
              name: 'reports-vendor',
              test: /node_modules[\\/](chart\.js|@kurkle|@tanstack[\\/](react-table|table-core|store|react-store))/,
              priority: 2,
            },
            { name: 'vendor', test: /node_modules/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      // The web host (npm run web) serves the same dispatcher; the dev server only forwards to it.
      '/api': {
        target: WEB_HOST,
        // The web host rejects foreign Host and Origin headers (DNS rebinding, cross-site posts), so
        // requests from the dev server's own page are presented as the web host's own.
        changeOrigin: true,
        configure: (proxy) => {
          proxy.on('proxyReq', (proxyReq, req) => {
            const origin = req.headers.origin
            if (origin && req.headers.host && new URL(origin).host === req.headers.host) {
              proxyReq.setHeader('origin', WEB_HOST)
            }
          })
        },
      },
    },
  },
})
