import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/connection';
import { databaseFile, defaultDataDir } from '../db/paths';
import { exportDataset } from '../db/services/audit-dataset';
import { SessionStore } from '../db/services/sessions';
import { refreshRuleSets } from '../db/services/rule-sets';

/**
 * The persistent-pain episode data set for national audit and benchmarking, with its data dictionary:
 *
 *   npm run audit:dataset -- --out ./audit-2026-q4 [--data-dir DIR]
 */
const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, out: { type: 'string' } } });
if (!values.out) {
  console.log('Usage: npm run audit:dataset -- --out DIR [--data-dir DIR]');
  process.exit(2);
}
const file = databaseFile(values['data-dir'] ?? defaultDataDir());
if (!existsSync(file)) {
  console.error(`No database at ${file}. Use --data-dir to point at the folder that holds alongside.sqlite.`);
  process.exit(2);
}
const conn = openDatabase(file, { busyTimeoutMs: 30_000 });
// The clinical rule sets in force, as the dispatcher loads them before each operation.
await refreshRuleSets(conn);
try {
  const ctx = {
    conn,
    sessions: new SessionStore(),
    sessionKey: 'command-line',
    session: null,
    now: () => new Date(),
    options: {},
  };
  const r = await exportDataset(ctx, values.out);
  console.log(
    `Wrote ${r.rows.toLocaleString('en-GB')} rows for ${r.episodes.toLocaleString('en-GB')} episodes to ${values.out} (${r.files.join(', ')}) in ${(r.ms / 1000).toFixed(1)} s`,
  );
} finally {
  await conn.close();
}
