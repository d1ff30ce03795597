import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateDemo } from '../db/demo/generate';
import { DEMO_PASSWORD } from '../db/demo/generate';
import { openAndMigrate } from '../db/open';
import { databaseFile, defaultDataDir } from '../db/paths';
import { hashPassword } from '../db/services/passwords';

/**
 * `npm run demo -- [--patients N] [--data-dir DIR] [--seed S]`: a database full of synthetic patients for
 * demonstrations and benchmarks. Refuses to touch a database that already has users in it.
 */
const { values } = parseArgs({
  options: { patients: { type: 'string' }, 'data-dir': { type: 'string' }, seed: { type: 'string' } },
});
const patients = Number(values.patients ?? 2000);
const file = databaseFile(values['data-dir'] ?? defaultDataDir());
const existed = existsSync(file);
const { conn } = await openAndMigrate(file);
const users = conn.sqlite.prepare('SELECT count(*) FROM users').pluck().get() as number;
if (users > 0) {
  console.error(
    `${file} already holds data (${users} users). Demo data goes only into a new database: use --data-dir.`,
  );
  await conn.close();
  process.exit(1);
}
const t0 = performance.now();
const bar = (done: number, total: number) => {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stdout.write(
    `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('en-GB')} / ${total.toLocaleString('en-GB')} patients`,
  );
};
generateDemo(conn.sqlite, {
  patients,
  passwordHash: await hashPassword(DEMO_PASSWORD),
  ...(values.seed ? { seed: Number(values.seed) } : {}),
  onProgress: bar,
});
conn.sqlite.exec('ANALYZE');
await conn.close();
console.log(
  `\n${existed ? 'Filled' : 'Created'} ${file} in ${((performance.now() - t0) / 1000).toFixed(1)} s.`,
);
console.log(
  `Sign in as apatel (consultant), sjones (nurse), tnowak (physiotherapist), lmills (coordinator) or admin; password ${DEMO_PASSWORD}.`,
);
