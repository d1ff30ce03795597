import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runBench, toMarkdown } from './suite';

/**
 * `npx tsx bench/quick.ts --patients N --iterations N [--only mdt --only patients ...]`: the dispatcher rows
 * only (no browser), to the terminal. `--only` keeps those groups of rows (and skips the main-thread part).
 */
const { values } = parseArgs({
  options: {
    patients: { type: 'string' },
    iterations: { type: 'string' },
    only: { type: 'string', multiple: true },
  },
});
const dir = mkdtempSync(join(tmpdir(), 'alongside-quick-'));
try {
  const report = await runBench({
    dir,
    patients: Number(values.patients ?? 20_000),
    iterations: Number(values.iterations ?? 200),
    log: (s) => process.stderr.write(s),
    ...(values.only ? { only: values.only } : {}),
  });
  console.log(toMarkdown(report));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
