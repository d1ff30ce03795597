import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDemo } from '../db/demo/generate';
import { openAndMigrate } from '../db/open';
import { hashPassword } from '../db/services/passwords';
import { measureBrowser } from './browser';
import { screensMarkdown } from './screens';
import { BENCH_PASSWORD } from './suite';

/**
 * `npx tsx bench/browser-cli.ts --patients N [--runs N]`: only the browser part of the benchmark (the
 * renderer must be built: npm run build:renderer), on a freshly generated demo database.
 */
const { values } = parseArgs({ options: { patients: { type: 'string' }, runs: { type: 'string' } } });
const patients = Number(values.patients ?? 20_000);
const dir = mkdtempSync(join(tmpdir(), 'alongside-browser-'));
try {
  const file = join(dir, 'bench.sqlite');
  const { conn } = await openAndMigrate(file);
  generateDemo(conn.sqlite, { patients, passwordHash: await hashPassword(BENCH_PASSWORD, { N: 1 << 10 }) });
  conn.sqlite.exec('ANALYZE');
  await conn.close();
  const m = await measureBrowser(file, BENCH_PASSWORD, { screenRuns: Number(values.runs ?? 5) });
  if (typeof m === 'string') console.log(m);
  else {
    console.log(
      `First contentful paint ${m.firstContentfulPaintMs.toFixed(0)} ms; sign-in to list ${m.signInToListMs} ms`,
    );
    console.log(screensMarkdown(m.screens, patients).join('\n'));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
