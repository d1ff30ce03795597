import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createDispatcher, type Dispatcher } from '../db/dispatcher';
import { openAndMigrate } from '../db/open';
import { auditRead } from '../db/services/access-audit';
import type { HandlerContext } from '../db/services/context';
import { hashPassword } from '../db/services/passwords';
import { contract } from '../shared/ipc/contract';
import { time, type Timing } from './measure';

/**
 * Issue 17, "Who looked at whom": what auditing every read costs on a 100,000-patient database.
 *
 *   npx tsx bench/read-audit.ts --db /work/bench100k/alongside.sqlite [--iterations 300] [--out file.md]
 *
 * The database is COPIED to a temporary folder first (the original is never opened for writing). Timed:
 * - the access row alone (`auditRead`: the record.view row in its own transaction, and the unusual-access
 *   count over the user's recent reads), for distinct records;
 * - `patients:get` through the dispatcher (the read and its access row) for distinct records;
 * - `patients:search` (its records.list row with the terms);
 * - the Audit screen's searches over the whole audit table (everyone, one user, one record, one event
 *   group) and the subject-access export, and a record's "who accessed it" history.
 * On a shared machine every figure is an upper bound.
 */
const { values } = parseArgs({
  options: {
    db: { type: 'string', default: '/work/bench100k/alongside.sqlite' },
    iterations: { type: 'string', default: '300' },
    out: { type: 'string' },
  },
});
const PASSWORD = 'bench-password-1';
const iterations = Number(values.iterations);

async function ok(d: Dispatcher, key: string, channel: string, payload: unknown): Promise<unknown> {
  const r = await d.dispatch(key, channel, payload);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

const fmt = (t: Timing) => `${t.median.toFixed(2)} | ${t.p95.toFixed(2)}`;

async function main() {
  const source = resolve(values.db!);
  const dir = mkdtempSync(join(tmpdir(), 'alongside-read-audit-'));
  const file = join(dir, 'alongside.sqlite');
  try {
    process.stderr.write(`copying ${source} …\n`);
    copyFileSync(source, file);
    if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${file}-wal`);
    const { conn } = await openAndMigrate(file);
    const sqlite = conn.sqlite;
    const count = (sql: string) => sqlite.prepare(sql).pluck().get() as number;
    const patients = count('SELECT count(*) FROM patients');
    const auditRowsBefore = count('SELECT count(*) FROM audit_log');
    // The copy only: known passwords for one consultant and the administrator.
    const hash = await hashPassword(PASSWORD, { N: 1 << 10 });
    sqlite
      .prepare(
        "UPDATE users SET password_hash = ?, must_change_password = 0 WHERE username IN ('apatel', 'admin')",
      )
      .run(hash);
    const dispatcher = createDispatcher(conn, { passwordCost: { N: 1 << 10 } });
    await ok(dispatcher, 'c', 'auth:signIn', { username: 'apatel', password: PASSWORD });
    await ok(dispatcher, 'a', 'auth:signIn', { username: 'admin', password: PASSWORD });
    const ids = sqlite
      .prepare('SELECT id FROM patients WHERE id % 97 = 3 ORDER BY id LIMIT ?')
      .pluck()
      .all(iterations * 3 + 60) as number[];
    const pick = (i: number) => ids[i % ids.length]!;

    const rows: [string, Timing, string][] = [];
    // 1. The access row alone, as the dispatcher writes it after a successful patients:get.
    const ctx: HandlerContext = {
      conn,
      sessions: dispatcher.sessions,
      sessionKey: 'c',
      session: dispatcher.sessions.get('c'),
      now: () => new Date(),
      options: {},
    };
    const reads = contract['patients:get'].reads!;
    let offset = 0;
    rows.push([
      'Access row alone (record.view + unusual-access count)',
      await time((i) => auditRead(ctx, 'patients:get', reads, { id: pick(offset + i) }, {}), { iterations }),
      'auditRead as the dispatcher calls it',
    ]);
    offset += iterations + 20;
    // 2. A record opened through the dispatcher (read + access row).
    rows.push([
      'patients:get (record read + its access row)',
      await time((i) => ok(dispatcher, 'c', 'patients:get', { id: pick(offset + i) }), { iterations }),
      'distinct records',
    ]);
    const surnames = ['smi', 'pat', 'jon', 'obr', 'wil', 'kha', 'ngu', 'fer'];
    rows.push([
      'patients:search (a page of 50 + its records.list row)',
      await time((i) => ok(dispatcher, 'c', 'patients:search', { query: surnames[i % surnames.length] }), {
        iterations,
      }),
      'the terms recorded',
    ]);
    const auditRows = count('SELECT count(*) FROM audit_log');
    const userId = count("SELECT id FROM users WHERE username = 'apatel'");
    const few = Math.max(20, Math.floor(iterations / 5));
    rows.push([
      'audit:search, everyone, first page',
      await time(() => ok(dispatcher, 'a', 'audit:search', { userId: null, patient: '', group: null }), {
        iterations: few,
        warmup: 3,
      }),
      `counts ${auditRows.toLocaleString('en-GB')} rows`,
    ]);
    rows.push([
      'audit:search, one user',
      await time(() => ok(dispatcher, 'a', 'audit:search', { userId, patient: '', group: null }), {
        iterations: few,
        warmup: 3,
      }),
      '',
    ]);
    rows.push([
      'audit:search, one record',
      await time(
        (i) => ok(dispatcher, 'a', 'audit:search', { userId: null, patient: String(pick(i)), group: null }),
        { iterations: few, warmup: 3 },
      ),
      '',
    ]);
    rows.push([
      'audit:search, record access events',
      await time(() => ok(dispatcher, 'a', 'audit:search', { userId: null, patient: '', group: 'access' }), {
        iterations: few,
        warmup: 3,
      }),
      '',
    ]);
    rows.push([
      'audit:search, failed sign-ins',
      await time(
        () => ok(dispatcher, 'a', 'audit:search', { userId: null, patient: '', group: 'sign-in-failed' }),
        { iterations: few, warmup: 3 },
      ),
      '',
    ]);
    rows.push([
      'audit:subjectAccessExport (one record, CSV)',
      await time((i) => ok(dispatcher, 'a', 'audit:subjectAccessExport', { patient: String(pick(i)) }), {
        iterations: few,
        warmup: 3,
      }),
      'also writes its audit.export row',
    ]);
    rows.push([
      'patients:history (who accessed the record)',
      await time((i) => ok(dispatcher, 'c', 'patients:history', { id: pick(i) }), {
        iterations: few,
        warmup: 3,
      }),
      '',
    ]);
    const fileMb = count('SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()') / 1e6;
    const md = [
      `# Read audit at ${patients.toLocaleString('en-GB')} patients (issue 17)`,
      '',
      `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on a copy of ${source}`,
      `(${fileMb.toFixed(0)} MB; audit rows ${auditRowsBefore.toLocaleString('en-GB')} before the run). The machine is shared`,
      '(2 cores, other work running), so every figure is an upper bound.',
      '',
      '| What | median ms | p95 ms | iterations | note |',
      '|---|--:|--:|--:|---|',
      ...rows.map(([what, t, note]) => `| ${what} | ${fmt(t)} | ${t.iterations} | ${note} |`),
      '',
    ].join('\n');
    process.stdout.write(md);
    if (values.out) writeFileSync(values.out, md);
    await conn.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
