import { defineConfig } from 'vitest/config';

/**
 * Three projects: `unit` (pure rules, database, services, contract; parallel), `renderer` (screens and forms
 * in jsdom with Testing Library, against the real dispatcher on a temporary SQLite database through an
 * in-process transport) and `e2e` (the built renderer in Debian's Chromium through playwright-core, against
 * the browser preview; one file at a time).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'tests/unit/**/*.test.ts',
            'tests/db/**/*.test.ts',
            'tests/contract/**/*.test.ts',
            'tests/server/**/*.test.ts',
          ],
          environment: 'node',
          pool: 'forks',
          testTimeout: 30_000,
        },
      },
      {
        esbuild: { jsx: 'automatic' },
        test: {
          name: 'renderer',
          include: ['tests/renderer/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['tests/renderer/setup.ts'],
          pool: 'forks',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
