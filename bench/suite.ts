import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { createDispatcher, type Dispatcher } from '../db/dispatcher';
import { generateDemo } from '../db/demo/generate';
import { openAndMigrate } from '../db/open';
import { hashPassword } from '../db/services/passwords';
import { nameKey, prefixUpperBound } from '../shared/search';
import type { BenchContext, BenchRow } from './context';
import { dataBench } from './data';
import { interventionsBench } from './interventions';
import { mdtBench } from './mdt';
import { time, type Timing } from './measure';
import { medicinesBench } from './medicines';
import { rehabBench } from './rehab';

export type { BenchRow } from './context';

/** Every demo user's password in the bench database. */
export const BENCH_PASSWORD = 'bench-password-1';

export interface BenchReport {
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; platform: string };
  patients: number;
  generateSeconds: number;
  rows: BenchRow[];
  memory: { rssMiB: number; heapUsedMiB: number };
}

function row(operation: string, targetMs: number | null, ours: Timing, baseline: Timing | null): BenchRow {
  const ratio = baseline ? ours.p95 / baseline.p95 : null;
  return {
    operation,
    target: targetMs === null ? '—' : `p95 < ${targetMs} ms`,
    ours,
    baseline,
    ratio,
    targetMs,
    met: targetMs === null ? null : ours.p95 < targetMs,
  };
}

async function unwrap(d: Dispatcher, channel: string, payload: unknown): Promise<unknown> {
  const r = await d.dispatch('bench', channel, payload);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/**
 * The benchmark, through the same dispatcher and services the UI calls, beside a hand-written
 * better-sqlite3 prepared statement that returns the same result.
 */
export async function runBench(options: {
  dir: string;
  patients: number;
  iterations?: number;
  log?: (s: string) => void;
}): Promise<BenchReport> {
  const log = options.log ?? (() => undefined);
  const { conn } = await openAndMigrate(join(options.dir, 'bench.sqlite'));
  const t0 = performance.now();
  generateDemo(conn.sqlite, {
    patients: options.patients,
    passwordHash: await hashPassword(BENCH_PASSWORD, { N: 1 << 10 }),
    onProgress: (done, total) =>
      log(`\rgenerating ${done.toLocaleString('en-GB')} / ${total.toLocaleString('en-GB')} patients`),
  });
  conn.sqlite.exec('ANALYZE');
  const generateSeconds = (performance.now() - t0) / 1000;
  log(`\ngenerated in ${generateSeconds.toFixed(1)} s\n`);

  const dispatcher = createDispatcher(conn, { passwordCost: { N: 1 << 10 } });
  await unwrap(dispatcher, 'auth:signIn', { username: 'apatel', password: BENCH_PASSWORD }).catch(
    async () => {
      // Demo users carry the bench hash above, so sign-in works; this is only a guard.
      throw new Error('could not sign in to the bench database');
    },
  );
  const sqlite: Database.Database = conn.sqlite;
  const iterations = options.iterations ?? 300;
  const surnames = ['smi', 'pat', 'jon', 'obr', 'wil', 'kha', 'ngu', 'fer'];
  const nhs = (
    sqlite.prepare('SELECT nhs_number FROM patients WHERE id % 997 = 1 LIMIT 64').pluck().all() as string[]
  ).map((n) => `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`);
  const ids = sqlite.prepare('SELECT id FROM patients WHERE id % 991 = 1 LIMIT 64').pluck().all() as number[];

  const listSql = sqlite.prepare(
    `SELECT id, nhs_number, hospital_number, surname, forename, date_of_birth, sex FROM patients
     WHERE surname_key >= ? AND surname_key < ? ORDER BY surname_key, forename_key, id LIMIT 100`,
  );
  const countSql = sqlite
    .prepare('SELECT count(*) FROM patients WHERE surname_key >= ? AND surname_key < ?')
    .pluck();
  const nhsSql = sqlite.prepare(
    'SELECT id, nhs_number, hospital_number, surname, forename, date_of_birth, sex FROM patients WHERE nhs_number = ?',
  );
  const getSql = sqlite.prepare(
    `SELECT p.*, u.display_name AS lead_clinician_name FROM patients p LEFT JOIN users u ON u.id = p.lead_clinician_id WHERE p.id = ?`,
  );
  const allergySql = sqlite.prepare('SELECT * FROM allergies WHERE patient_id = ? ORDER BY id');

  const rows: BenchRow[] = [];
  const name = (i: number) => surnames[i % surnames.length]!;
  rows.push(
    row(
      'Patient search: surname prefix (first page of 100 + count)',
      16,
      await time((i) => unwrap(dispatcher, 'patients:search', { query: name(i), offset: 0, limit: 100 }), {
        iterations,
      }),
      await time(
        (i) => {
          const k = nameKey(name(i));
          return [listSql.all(k, prefixUpperBound(k)), countSql.get(k, prefixUpperBound(k))];
        },
        { iterations },
      ),
    ),
  );
  rows.push(
    row(
      'Patient search: NHS number typed with spaces',
      16,
      await time(
        (i) => unwrap(dispatcher, 'patients:search', { query: nhs[i % nhs.length]!, offset: 0, limit: 100 }),
        { iterations },
      ),
      await time((i) => nhsSql.all(nhs[i % nhs.length]!.replace(/ /g, '')), { iterations }),
    ),
  );
  rows.push(
    row(
      'Open a patient record (with allergies)',
      16,
      await time((i) => unwrap(dispatcher, 'patients:get', { id: ids[i % ids.length]! }), { iterations }),
      await time((i) => [getSql.get(ids[i % ids.length]!), allergySql.all(ids[i % ids.length]!)], {
        iterations,
      }),
    ),
  );
  rows.push(
    row(
      'Patient list: scroll to page 500 (rows 50,000-50,099)',
      16,
      await time(
        () =>
          unwrap(dispatcher, 'patients:search', {
            query: '',
            offset: Math.min(50_000, options.patients - 100),
            limit: 100,
          }),
        { iterations: Math.min(iterations, 100) },
      ),
      null,
    ),
  );
  const ctx: BenchContext = {
    dispatcher,
    sqlite,
    iterations,
    patients: options.patients,
    call: (c, p) => unwrap(dispatcher, c, p),
    row,
  };
  for (const moduleBench of [medicinesBench, rehabBench, interventionsBench, mdtBench, dataBench])
    rows.push(...(await moduleBench(ctx)));
  const mem = process.memoryUsage();
  await conn.close();
  return {
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
    },
    patients: options.patients,
    generateSeconds,
    rows,
    memory: { rssMiB: Math.round(mem.rss / 2 ** 20), heapUsedMiB: Math.round(mem.heapUsed / 2 ** 20) },
  };
}

const f = (n: number) => n.toFixed(2);

export function toMarkdown(r: BenchReport, extra: string[] = []): string {
  const lines = [
    `Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}, ${r.machine.platform}.`,
    `Data: ${r.patients.toLocaleString('en-GB')} synthetic patients, generated in ${r.generateSeconds.toFixed(1)} s. Process memory after the run: RSS ${r.memory.rssMiB} MiB, heap ${r.memory.heapUsedMiB} MiB.`,
    ...extra,
    '',
    '| Operation | Target | Ours median | Ours p95 | SQL baseline p95 | Ratio (p95) | Met |',
    '|---|---|---:|---:|---:|---:|:-:|',
    ...r.rows.map(
      (x) =>
        `| ${x.operation} | ${x.target} | ${f(x.ours.median)} ms | ${f(x.ours.p95)} ms | ${x.baseline ? `${f(x.baseline.p95)} ms` : '—'} | ${x.ratio === null ? '—' : `${x.ratio.toFixed(1)}×`} | ${x.met === null ? '—' : x.met ? 'yes' : '**no**'} |`,
    ),
  ];
  return lines.join('\n') + '\n';
}
