import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createDispatcher } from '../db/dispatcher';
import { openDatabase } from '../db/connection';
import { londonToday } from '../shared/dates';
import { time } from './measure';

/**
 * `npx tsx bench/screen-ops.ts --db COPY [--only REGEX] [--iterations N]` (issue 18): the dispatcher reads
 * that the slow screens make, each timed on its own in Node against a migrated COPY of a large database
 * (bench:browser's --work copy; never the original), so a screen's time splits into its reads and the
 * renderer's work. Reads only: nothing is written. `--statements`: after each operation, nine more calls, each
 * SQL statement's median CPU time a call and SQLite's query plan (EXPLAIN QUERY PLAN), the costliest first.
 */
const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    only: { type: 'string' },
    iterations: { type: 'string' },
    statements: { type: 'boolean' },
  },
});
if (!values.db) throw new Error('--db COPY');
/** Each statement's SQL text and its CPU time (ms) in the current call, when --statements. */
const spent = new Map<string, { ms: number; calls: number }>();
if (values.statements) {
  const prepare = Database.prototype.prepare;
  const wrapped = new WeakSet<object>();
  Database.prototype.prepare = function (this: Database.Database, sql: string) {
    const stmt = prepare.call(this, sql) as Database.Statement;
    const proto = Object.getPrototypeOf(stmt) as Record<string, unknown>;
    if (!wrapped.has(proto)) {
      wrapped.add(proto);
      for (const m of ['all', 'get', 'run', 'iterate'] as const) {
        const f = proto[m] as (...a: unknown[]) => unknown;
        proto[m] = function (this: Database.Statement, ...a: unknown[]) {
          // CPU time, not wall time: on a loaded machine the wall clock runs on while the process waits.
          const c0 = process.cpuUsage();
          try {
            return f.apply(this, a);
          } finally {
            const c = process.cpuUsage(c0);
            const e = spent.get(this.source) ?? { ms: 0, calls: 0 };
            e.ms += (c.user + c.system) / 1000;
            e.calls += 1;
            spent.set(this.source, e);
          }
        };
      }
    }
    return stmt;
  } as typeof prepare;
}
const conn = openDatabase(values.db);
const d = createDispatcher(conn, { passwordCost: { N: 1 << 10 } });
const s = await d.dispatch('c', 'auth:signIn', { username: 'apatel', password: 'bench-password-1' });
if (!s.ok) throw new Error(`sign-in: ${s.error.message}`);
const one = (sql: string) => conn.sqlite.prepare(sql).pluck().get() as number;
const today = londonToday();
const planned = one("SELECT id FROM mdt_meetings WHERE status = 'planned' ORDER BY start_at LIMIT 1");
const fullest = one(
  `SELECT m.id FROM mdt_meetings m WHERE m.status <> 'closed'
   ORDER BY (SELECT count(*) FROM mdt_listings l WHERE l.meeting_id = m.id) DESC LIMIT 1`,
);
const taperPlan = one('SELECT id FROM taper_plans ORDER BY id DESC LIMIT 1');
const planPatient = one(`SELECT patient_id FROM taper_plans WHERE id = ${taperPlan}`);
const request = one('SELECT id FROM intervention_requests ORDER BY id DESC LIMIT 1');
const requestPatient = one(`SELECT patient_id FROM intervention_requests WHERE id = ${request}`);
const monday = (() => {
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
})();
const ops: [string, string, unknown][] = [
  [
    'Waiting list',
    'interventions:list',
    { status: 'waiting', atRiskOnly: false, readyOnly: false, offset: 0, limit: 200 },
  ],
  ['Waiting list', 'interventions:catalogue', {}],
  ['Waiting list', 'mdt:links:drafts', { module: 'interventions', patientId: null }],
  ['Procedure calendar', 'interventions:week', { weekStart: monday }],
  ['Procedure calendar', 'rules:active', { kind: 'bank-holidays' }],
  ['Follow-ups due', 'interventions:followUps', {}],
  ['Intervention request', 'interventions:get', { id: request }],
  ['Intervention request', 'patients:get', { id: requestPatient }],
  ['Intervention request', 'rehab:riskAlerts', { patientId: requestPatient }],
  ['Intervention request', 'mdt:links:source', { kind: 'intervention-request', itemId: request }],
  ['Intervention request', 'rules:active', { kind: 'anticoagulant-holds' }],
  ['Taper plan', 'meds:plan', { planId: taperPlan }],
  ['Taper plan', 'patients:get', { id: planPatient }],
  ['Taper plan', 'rehab:riskAlerts', { patientId: planPatient }],
  ['Taper plan', 'mdt:links:source', { kind: 'taper-plan', itemId: taperPlan }],
  ['Taper plan', 'meds:patient', { patientId: planPatient }],
  ['Rehab: groups', 'rehab:groups', {}],
  ['Measures due', 'rehab:worklist', { asOf: today, limit: 200 }],
  ['Rehab home', 'mdt:links:drafts', { module: 'rehab', patientId: null }],
  ['Social prescribing', 'rehab:spList', { status: null, limit: 200 }],
  ['Open a meeting', 'mdt:meeting:get', { meetingId: planned }],
  ['Open a meeting', 'mdt:meeting:suggestions', { meetingId: planned, limit: 50 }],
  ['Open a meeting', 'mdt:people', {}],
  ['Open a meeting', 'mdt:meetings:list', { from: null, limit: 60 }],
  ['Open a meeting', 'mdt:case:summaries', { meetingId: planned }],
  ['Open the fullest meeting', 'mdt:meeting:get', { meetingId: fullest }],
  ['Open the fullest meeting', 'mdt:case:summaries', { meetingId: fullest }],
  ['Medicines worklist', 'meds:worklist', { nurseId: null }],
  ['Medicines worklist', 'users:clinicians', {}],
  ['Medicines worklist', 'mdt:links:drafts', { module: 'medicines', patientId: null }],
  ['Medicines service view', 'meds:serviceView', {}],
  ['Finish meeting (review)', 'mdt:meeting:finishReview', { meetingId: fullest }],
];
const only = values.only ? new RegExp(values.only, 'i') : null;
console.log(`today ${today}; planned meeting ${planned}; fullest open meeting ${fullest}`);
for (const [screen, channel, payload] of ops) {
  if (only && !only.test(`${screen} ${channel}`)) continue;
  const t0 = performance.now();
  const r0 = await d.dispatch('c', channel, payload);
  const first = performance.now() - t0;
  if (!r0.ok) throw new Error(`${channel}: ${r0.error.message}`);
  const t = await time(
    async () => {
      const r = await d.dispatch('c', channel, payload);
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    },
    { warmup: 1, iterations: Number(values.iterations ?? 7) },
  );
  const size = JSON.stringify(r0.value).length;
  console.log(
    `${screen.padEnd(26)} ${channel.padEnd(26)} first ${first.toFixed(0).padStart(5)} ms  median ${t.median.toFixed(0).padStart(5)} ms  p95 ${t.p95.toFixed(0).padStart(5)} ms  ${(size / 1024).toFixed(0)} KB`,
  );
  if (values.statements) {
    // Nine more calls: each statement's median time per call, and the call's median wall and CPU time (a
    // loaded machine stretches wall time when the process is not scheduled; CPU time is what it used).
    const per = new Map<string, number[]>();
    const walls: number[] = [];
    const cpus: number[] = [];
    const calls = 9;
    for (let i = 0; i < calls; i += 1) {
      spent.clear();
      const c0 = process.cpuUsage();
      const t1 = performance.now();
      await d.dispatch('c', channel, payload);
      walls.push(performance.now() - t1);
      const c = process.cpuUsage(c0);
      cpus.push((c.user + c.system) / 1000);
      for (const [sql, e] of spent) per.set(sql, [...(per.get(sql) ?? []), e.ms]);
      per.set('(all statements)', [
        ...(per.get('(all statements)') ?? []),
        [...spent.values()].reduce((n, e) => n + e.ms, 0),
      ]);
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(
      `  ${calls} more calls: median ${med(walls).toFixed(1)} ms wall, ${med(cpus).toFixed(1)} ms CPU`,
    );
    const rows = [...per].map(
      ([sql, xs]) => [sql, med([...xs, ...Array<number>(calls - xs.length).fill(0)])] as const,
    );
    for (const [sql, ms] of rows.sort((a, b) => b[1] - a[1]).slice(0, 8)) {
      if (ms < 0.3) break;
      console.log(`  ${ms.toFixed(1).padStart(7)} ms ${sql.replace(/\s+/g, ' ').slice(0, 240)}`);
      if (/^\s*select/i.test(sql) && !sql.startsWith('(')) {
        const plan = conn.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...placeholders(sql)) as {
          detail: string;
        }[];
        for (const row of plan) console.log(`            ${row.detail}`);
      }
    }
  }
}

/** Nulls for a statement's parameters (EXPLAIN QUERY PLAN needs them bound; the plan does not use them). */
function placeholders(sql: string): null[] {
  return Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => null);
}
await conn.close();
