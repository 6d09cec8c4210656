import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// Same variable the web host reads, so both can move off the default port together.
const WEB_HOST = `http://127.0.0.1:${process.env.POS_WEB_PORT ?? 5174}`

export default defineConfig({
  root: 'renderer',
  // Relative asset URLs so the built page also loads from file:// inside Electron.
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
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
