import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/connection';
import { migrate } from '../db/migrate';
import { hashPassword } from '../db/services/passwords';
import { measureBrowser } from './browser';
import { screensMarkdown } from './screens';
import { BENCH_PASSWORD } from './suite';

/**
 * `npm run bench:browser -- [--db FILE] [--runs N] [--work DIR]` (issue 18): the browser benchmark over an
 * existing large database, by default the 100,000-patient bench database at /work/bench100k.
 *
 * The database is never touched: it is copied to a private folder, the copy is migrated forward (no backup
 * first: it is a copy) and the demo consultant's password is set on the copy. Then the production renderer
 * (npm run build:renderer) is opened in Debian's Chromium against the browser preview over the copy, and
 * every screen and action of bench/screens.ts is timed. `--work DIR` keeps the migrated copy in DIR and
 * reuses it on the next run (copying 900 MB takes a while on a shared machine).
 */
const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    runs: { type: 'string' },
    work: { type: 'string' },
  },
});
const source = values.db ?? '/work/bench100k/alongside.sqlite';
if (!existsSync(source)) {
  console.log(`skipped: no database at ${source}`);
  process.exit(0);
}
const dir = values.work ?? mkdtempSync(join(tmpdir(), 'alongside-browser-100k-'));
const file = join(dir, 'copy.sqlite');
try {
  if (!existsSync(file)) {
    const t0 = Date.now();
    copyFileSync(source, file);
    for (const ext of ['-wal', '-shm']) if (existsSync(source + ext)) copyFileSync(source + ext, file + ext);
    console.log(`Copied ${source} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  const conn = openDatabase(file);
  const t1 = Date.now();
  const m = await migrate(conn, { backup: false });
  if (m.from !== m.to)
    console.log(`Migrated the copy from ${m.from} to ${m.to} in ${((Date.now() - t1) / 1000).toFixed(0)} s`);
  conn.sqlite
    .prepare('UPDATE users SET password_hash = ? WHERE username = ?')
    .run(await hashPassword(BENCH_PASSWORD, { N: 1 << 10 }), 'apatel');
  const patients = conn.sqlite.prepare('SELECT count(*) FROM patients').pluck().get() as number;
  await conn.close();
  const result = await measureBrowser(file, BENCH_PASSWORD, { screenRuns: Number(values.runs ?? 5) });
  if (typeof result === 'string') console.log(result);
  else {
    console.log(
      `First contentful paint ${result.firstContentfulPaintMs.toFixed(0)} ms; sign-in to list ${result.signInToListMs} ms`,
    );
    console.log(screensMarkdown(result.screens, patients).join('\n'));
  }
} finally {
  if (!values.work) rmSync(dir, { recursive: true, force: true });
}
