/**
 * A first load run of the team server (issue 19): `npx tsx bench/server.ts [--clients 50] [--seconds 30]`
 * with ALONGSIDE_TEST_PG naming a PostgreSQL role that may create databases. Two server instances (in this
 * process) on one fresh PostgreSQL database; each simulated workstation signs in as its own user over HTTPS
 * and runs a mix of search (60%), open record (25%) and new patient (15%). Prints p50/p95 per operation,
 * throughput, errors, and checks that every acknowledged write is in the database. Not the full
 * benchmark (100,000 patients, the whole clinical mix): a start.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openPostgres } from '../db/connection-pg';
import { migratePostgres } from '../db/migrate-pg';
import { postgresChangeFeed, type ChangeFeed } from '../server/changes';
import { connectToServer } from '../server/client';
import { startServer, type RunningServer } from '../server/server';
import { makeSelfSigned } from '../server/tls';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { values } = parseArgs({ options: { clients: { type: 'string' }, seconds: { type: 'string' } } });
const CLIENTS = Number(values.clients ?? 50);
const SECONDS = Number(values.seconds ?? 30);
const base = process.env.ALONGSIDE_TEST_PG;
if (!base) throw new Error('Set ALONGSIDE_TEST_PG (a role that may create databases).');
const name = `alongside_bench_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const u = new URL(base);
u.pathname = `/${name}`;
const url = u.toString();
const conns = [
  openPostgres({ connectionString: url, max: 10 }),
  openPostgres({ connectionString: url, max: 10 }),
];
await migratePostgres(conns[0]!);
const tls = makeSelfSigned(mkdtempSync(join(tmpdir(), 'alongside-bench-tls-')));
const cost = { N: 1 << 10 }; // cheap password hashing: the sign-ins are not what is measured
const servers: RunningServer[] = [];
const feeds: ChangeFeed[] = [];
for (const conn of conns) {
  const feed = await postgresChangeFeed(conn, { connectionString: url });
  feeds.push(feed);
  servers.push(
    await startServer({ conn, feed, tls, host: '127.0.0.1', port: 0, services: { passwordCost: cost } }),
  );
}
const PASSWORD = 'correct horse battery';
const setup = connectToServer({ url: servers[0]!.url, ca: tls.cert });
const must = async (r: Promise<{ ok: boolean; error?: { message: string } }>) => {
  const x = await r;
  if (!x.ok) throw new Error(x.error?.message);
  return x as { ok: true; value: never };
};
await must(
  setup.request('a', 'setup:createFirstAdmin', {
    username: 'admin',
    displayName: 'Admin',
    password: PASSWORD,
  }),
);
for (let i = 0; i < CLIENTS; i++)
  await must(
    setup.request('a', 'users:create', {
      username: `clinician${i}`,
      displayName: `Clinician ${i}`,
      role: i % 2 ? 'nurse' : 'consultant',
      password: PASSWORD,
    }),
  );

const times = new Map<string, number[]>();
let errors = 0;
let created = 0;
const ids: number[] = [];
const end = Date.now() + SECONDS * 1000;
const rssStart = process.memoryUsage().rss;

async function workstation(i: number): Promise<void> {
  const remote = connectToServer({ url: servers[i % 2]!.url, ca: tls.cert });
  await must(remote.request('w', 'auth:signIn', { username: `clinician${i}`, password: PASSWORD }));
  let n = 0;
  while (Date.now() < end) {
    const r = Math.random();
    const [op, payload] =
      ids.length > 0 && r < 0.6
        ? (['patients:search', { query: ['Smith', 'Jones', 'Ali', 'Brown'][n % 4] }] as const)
        : ids.length > 0 && r < 0.85
          ? (['patients:get', { id: ids[Math.floor(Math.random() * ids.length)] }] as const)
          : ([
              'patients:create',
              {
                surname: ['Smith', 'Jones', 'Ali', 'Brown'][n % 4],
                forename: `W${i}N${n}`,
                dateOfBirth: '1970-01-01',
                sex: 'female',
                allergies: [],
              },
            ] as const);
    const t0 = performance.now();
    const res = await remote.request('w', op, payload);
    const ms = performance.now() - t0;
    (times.get(op) ?? times.set(op, []).get(op)!).push(ms);
    if (!res.ok) errors++;
    else if (op === 'patients:create') {
      created++;
      ids.push((res.value as { id: number }).id);
    }
    n++;
  }
  await remote.close();
}
const t0 = Date.now();
await Promise.all(Array.from({ length: CLIENTS }, (_, i) => workstation(i)));
const seconds = (Date.now() - t0) / 1000;
const q = (xs: number[], p: number) =>
  xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
let total = 0;
console.log(`${CLIENTS} workstations, 2 server instances, ${seconds.toFixed(0)} s`);
console.log('operation           count    p50 ms   p95 ms');
for (const [op, xs] of times) {
  total += xs.length;
  console.log(
    `${op.padEnd(18)} ${String(xs.length).padStart(6)} ${q(xs, 0.5).toFixed(1).padStart(9)} ${q(xs, 0.95).toFixed(1).padStart(8)}`,
  );
}
const stored = await admin
  .query(`SELECT count(*)::int AS n FROM patients`.replace('patients', `patients`), [])
  .catch(() => null);
void stored;
const check = new pg.Client({ connectionString: url });
await check.connect();
const rows = (await check.query('SELECT count(*)::int AS n FROM patients')).rows[0].n as number;
await check.end();
console.log(`throughput ${(total / seconds).toFixed(0)} requests/s; errors ${errors}`);
console.log(
  `acknowledged new patients ${created}, in the database ${rows}: ${rows === created ? 'none lost' : 'MISMATCH'}`,
);
console.log(
  `process memory (servers and clients together) ${(rssStart / 1e6).toFixed(0)} → ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
);
await setup.close();
for (const s of servers) await s.close();
for (const f of feeds) await f.close();
for (const c of conns) await c.close();
await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
await admin.end();
