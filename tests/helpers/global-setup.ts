import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest globalSetup (every project names it; the first one makes the folder): one folder for this run's
 * shared test fixtures (the migrated SQLite template of tests/helpers/engines.ts), handed to the test
 * processes by environment and removed when the run ends.
 */
const OWNED = Symbol.for('alongside.testRunFolder');
type RunGlobal = { [OWNED]?: string };

export default function setup(): () => void {
  const g = globalThis as RunGlobal;
  if (g[OWNED]) return () => undefined;
  const dir = mkdtempSync(join(tmpdir(), 'alongside run '));
  g[OWNED] = dir;
  process.env.ALONGSIDE_TEST_TEMPLATES = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    if (process.env.ALONGSIDE_TEST_TEMPLATES === dir) delete process.env.ALONGSIDE_TEST_TEMPLATES;
    delete g[OWNED];
  };
}
