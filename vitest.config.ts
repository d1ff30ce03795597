import { availableParallelism } from 'node:os';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The files that take a minute or more (measured on the clean-clone CI run) outside the end-to-end ones: they
 * start early, beside the longest end-to-end file, so that none of them is left running alone at the end.
 */
const LONG_FILES = ['/tests/contract/fuzz.test.ts', '/tests/unit/bench-smoke.test.ts'];

/**
 * The longest end-to-end file and the long files above first, then the other end-to-end files (they start
 * Chromium and wait on the screen, so they leave CPU for the database and renderer files running beside
 * them), then the rest in Vitest's own order. Without this a long file could start last and hold the run
 * open on its own (the fuzz test did: 27 s alone at the end).
 */
class EndToEndFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) =>
      f.moduleId.includes('/tests/e2e/every-screen.')
        ? 0
        : LONG_FILES.some((l) => f.moduleId.endsWith(l))
          ? 1
          : f.moduleId.includes('/tests/e2e/')
            ? 2
            : 3;
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

/**
 * The module database tests that run AGAIN on PostgreSQL (project `db-pg`, ALONGSIDE_TEST_ENGINE=postgres:
 * `createTestApp()` opens PostgreSQL, tests/helpers/engines.ts) when ALONGSIDE_TEST_PG names a server. Not
 * listed: the tests of the SQLite file itself (backup, restore, crash, durability, file replaced, health,
 * query plans, migrations, the FHIR bulk export's files beside the database) and the files that already use `describeEachEngine` (sign-in, services, patient
 * search, engines-schema).
 */
const ON_BOTH_ENGINES = [
  'access-audit',
  'audit-dataset',
  'audit-identity',
  'fhir-export-care',
  'interventions-gates',
  'interventions-hold-binding',
  'interventions-medicines',
  'interventions-sessions',
  'interventions-sites',
  'interventions-theatre',
  'interventions',
  'mdt-case-sections',
  'mdt-integrity',
  'mdt-letters-nhs',
  'mdt-links',
  'mdt-list',
  'mdt-minutes',
  'mdt-triage',
  'mdt',
  'medicine-checks',
  'medicines-entry-checks',
  'medicines-reviews',
  'medicines-taper-products',
  'medicines-totals',
  'medicines',
  'rehab-groups',
  'rehab-safety',
  'rehab-set',
  'rehab-social',
  'rehab-worklist',
  'rehab',
  'rule-approvals',
  'rule-sets',
].map((f) => `tests/db/${f}.test.ts`);
const PG = Boolean(process.env.ALONGSIDE_TEST_PG);
if (!PG)
  console.warn(
    '[vitest] ALONGSIDE_TEST_PG is not set: the db-pg project (module tests on PostgreSQL) does not run.',
  );

/**
 * Projects: `unit` (pure rules, database, services, contract, the team server), `db-pg` (the module database
 * tests again on PostgreSQL, when ALONGSIDE_TEST_PG is set), `renderer` (screens and forms
 * in jsdom with Testing Library, against the real dispatcher on a temporary SQLite database through an
 * in-process transport) and `e2e` (the built renderer in Debian's Chromium through playwright-core, against
 * the browser preview; each file its own browser, preview server and database, so files run side by side).
 *
 * At least two workers, also on a 2-core machine (Vitest's default there is one): an end-to-end file spends
 * much of its time waiting on Chromium, and the other worker runs database and renderer files meanwhile.
 */
/**
 * On CI a failed test runs once more: one timing accident on a busy shared machine (a stop's whole CI run was
 * once lost to a single renderer race) should not discard every other result. A test that passes only on the
 * retry is named at the end of the run and in test-results/flaky.txt (tests/helpers/flaky-reporter.ts): it
 * is a bug to fix. Locally nothing is retried.
 */
const RETRY = process.env.CI ? 1 : 0;

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
          retry: RETRY,
          pool: 'forks',
          // The files share each worker's module graph (none mocks modules, fakes timers or changes the
          // environment): importing the dispatcher, the contract and the migrations once per worker instead
          // of once per file was the largest single cost of this project.
          isolate: false,
          globalSetup: ['tests/helpers/global-setup.ts'],
          testTimeout: 90_000,
        },
      },
      ...(PG
        ? [
            {
              test: {
                name: 'db-pg',
                include: ON_BOTH_ENGINES,
                environment: 'node',
                retry: RETRY,
                pool: 'forks' as const,
                isolate: false,
                globalSetup: ['tests/helpers/global-setup.ts'],
                testTimeout: 90_000,
                env: { ALONGSIDE_TEST_ENGINE: 'postgres' },
              },
            },
          ]
        : []),
      {
        esbuild: { jsx: 'automatic' },
        test: {
          name: 'renderer',
          include: ['tests/renderer/**/*.test.tsx'],
          environment: 'jsdom',
          retry: RETRY,
          setupFiles: ['tests/renderer/setup.ts'],
          // As findBy*/waitFor (tests/renderer/setup.ts): an `expect.poll` waits up to 15 s, not Vitest's 1 s.
          expect: { poll: { timeout: 15_000 } },
          pool: 'forks',
          globalSetup: ['tests/helpers/global-setup.ts'],
          testTimeout: 90_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          retry: RETRY,
          // `expect.poll` waits up to 30 s here (Vitest's default is 1 s, too short for a screen redrawing on
          // a busy 2-core CI machine; a passing poll returns as soon as it holds). Same bound as Playwright's
          // own waits (locator.waitFor).
          expect: { poll: { timeout: 30_000 } },
          pool: 'forks',
          globalSetup: ['tests/helpers/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
