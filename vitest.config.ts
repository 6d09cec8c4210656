import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'electron/**/*.test.ts',
            'shared/**/*.test.ts',
            'renderer/**/*.test.ts',
            'tests/integration/**/*.test.ts',
          ],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        // The sync suite again, through the real mongodb driver and a loopback socket to the stand-in's
        // wire protocol (MONGODB_URI, when set, takes precedence in both runs).
        test: {
          name: 'sync-wire',
          include: ['electron/sync/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          env: { SYNC_TARGET: 'wire' },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One browser at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
    ],
  },
})
