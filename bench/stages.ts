import { createDispatcher } from '../db/dispatcher';
import { openAndMigrate } from '../db/open';
import { searchPatients, getPatient } from '../db/queries/patients';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { contract } from '../shared/ipc/contract';

/** `npx tsx bench/stages.ts`: the fixed cost of each layer of a tiny read (needs bench/profile.ts's database). */
const { conn } = await openAndMigrate('/tmp/alongside-profile.sqlite');
const d = createDispatcher(conn, { passwordCost: { N: 1 << 10 } });
await d.dispatch('p', 'auth:signIn', { username: 'apatel', password: 'bench-password-1' });
const nhs = conn.sqlite.prepare('SELECT nhs_number FROM patients WHERE id = 5').pluck().get() as string;
const q = `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`;
const raw = conn.sqlite.prepare(
  'SELECT id, nhs_number, hospital_number, surname, forename, date_of_birth, sex FROM patients WHERE nhs_number = ? ORDER BY surname_key, forename_key, id LIMIT 50 OFFSET 0',
);
const cnt = conn.sqlite.prepare('SELECT count(*) FROM patients WHERE nhs_number = ?').pluck();
async function bench(name: string, fn: () => unknown, n = 20000) {
  for (let i = 0; i < 2000; i++) await fn();
  // CPU time, not wall time: on a shared machine the process is often descheduled.
  let best = Infinity;
  for (let b = 0; b < 5; b++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < n / 5; i++) await fn();
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / (n / 5));
  }
  console.log(`${name.padEnd(40)} ${best.toFixed(1)} µs CPU (best of 5 batches)`);
}
for (let round = 0; round < 2; round++) {
  await bench('raw sql (2 statements)', () => [raw.all(q.replace(/ /g, '')), cnt.get(q.replace(/ /g, ''))]);
  await bench('zod parse', () =>
    contract['patients:search'].input.safeParse({ query: q, offset: 0, limit: 50 }),
  );
  await bench('searchPatients()', () => searchPatients(conn.db, q, 0, 100));
  await bench('dispatch patients:search', () =>
    d.dispatch('p', 'patients:search', { query: q, offset: 0, limit: 50 }),
  );
  await bench('getPatient()', () => getPatient(conn.db, 5));
  await bench('dispatch patients:get', () => d.dispatch('p', 'patients:get', { id: 5 }));
  await bench('kysely uncompiled select by id', () =>
    conn.db.selectFrom('patients').select(['id', 'surname']).where('id', '=', 5).execute(),
  );
}
{
  const { conn: c2 } = await openAndMigrate('/tmp/alongside-profile.sqlite');
  const { compiled, cachedStatement } = await import('../db/compiled');
  const byId = (db: Kysely<DB>, p: (name: 'id') => number) =>
    db.selectFrom('patients').select(['id', 'surname']).where('id', '=', p('id'));
  const q1 = compiled<{ id: number }, ReturnType<typeof byId>>(byId);
  const raw1 = c2.sqlite.prepare('select "id", "surname" from "patients" where "id" = ?');
  const sqlText = q1.sql(c2.db);
  await bench('raw 1 query', () => raw1.all(5));
  await bench('cachedStatement 1 query', () => cachedStatement(c2.sqlite, sqlText).all([5]));
  await bench('compiled.all 1 query', () => q1.all(c2.db, { id: 5 }));
  await bench('compiled.first 1 query', () => q1.first(c2.db, { id: 5 }));
  await bench('kysely uncompiled 1 query', () =>
    c2.db.selectFrom('patients').select(['id', 'surname']).where('id', '=', 5).execute(),
  );
  await bench('getPatient()', () => getPatient(c2.db, 5));
  await c2.close();
}
{
  const { parsePatientQuery } = await import('../shared/search');
  const { toPatientListItem } = await import('../db/mappers/patients');
  const rows = raw.all(q.replace(/ /g, '')) as never[];
  await bench('parsePatientQuery', () => parsePatientQuery(q));
  await bench('map rows', () => rows.map(toPatientListItem));
  await bench('raw list only', () => raw.all(q.replace(/ /g, '')));
  await bench('raw count only', () => cnt.get(q.replace(/ /g, '')));
}

await conn.close();
