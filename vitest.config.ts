import { availableParallelism } from 'node:os';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The end-to-end files first, longest first (they start Chromium and wait on the screen, so they leave CPU
 * for the database and renderer files running beside them), then the rest in Vitest's own order. Without
 * this the longest file could start last and hold the run open on its own.
 */
class EndToEndFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) =>
      f.moduleId.includes('/tests/e2e/every-screen') ? 0 : f.moduleId.includes('/tests/e2e/') ? 1 : 2;
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

/**
 * Three projects: `unit` (pure rules, database, services, contract; parallel), `renderer` (screens and forms
 * in jsdom with Testing Library, against the real dispatcher on a temporary SQLite database through an
 * in-process transport) and `e2e` (the built renderer in Debian's Chromium through playwright-core, against
 * the browser preview; each file its own browser, preview server and database, so files run side by side).
 *
 * At least two workers, also on a 2-core machine (Vitest's default there is one): an end-to-end file spends
 * much of its time waiting on Chromium, and the other worker runs database and renderer files meanwhile.
 */
export default defineConfig({
  test: {
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: EndToEndFirst },
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
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
