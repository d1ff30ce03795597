import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runBench, toMarkdown } from './suite';

/** `npx tsx bench/quick.ts --patients N --iterations N`: the dispatcher rows only (no browser), to the terminal. */
const { values } = parseArgs({ options: { patients: { type: 'string' }, iterations: { type: 'string' } } });
const dir = mkdtempSync(join(tmpdir(), 'alongside-quick-'));
try {
  const report = await runBench({
    dir,
    patients: Number(values.patients ?? 20_000),
    iterations: Number(values.iterations ?? 200),
    log: (s) => process.stderr.write(s),
  });
  console.log(toMarkdown(report));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
