/**
 * The team server under load at 100,000 patients (issue 19): `npm run bench:server-100k -- --database-url
 * postgres://…/alongside_bench [--clients 40] [--seconds 120] [--instances 2] [--out FILE]`.
 *
 * The database is a SCRATCH copy of the 100,000-patient demo database moved in with
 * `npm run server:import-sqlite` (its name must contain "bench": the users' passwords are reset to the
 * benchmark's). Server instances run as their own processes (`npm run server`, HTTPS, self-signed
 * certificate); each simulated workstation signs in as one of the demo's clinicians over its own
 * connection and runs, with no pause, a clinic's mix: find a patient, open the record, the medicines, a page
 * of the interventions waiting list, one day's theatre lists, the MDT meetings and one meeting's list; and
 * the writes clinicians make: (consultants and the coordinator) an MDT outcome draft; (consultants, nurses,
 * the pharmacist) a medicines entry, confirming with a reason any entry warning the checks raise, as the
 * prescriber does on the form; (the physiotherapist and psychologist) a PHQ-9 for a patient with an active
 * rehab plan (chosen from the database up front); (the coordinator) a booking: a page of the waiting list,
 * one ready patient on it, the sessions that fit them (`interventions:findSlot`), the best one with no
 * warning booked. (`interventions:fillSession`, the other way round, has its own benchmark: bench/fill-session.ts.) Reports requests/s and p50/p95 per operation, errors, the
 * acknowledged writes counted afterwards, the servers' memory, and the machine's load.
 *
 * The same mix against the single-computer build (SQLite): `--sqlite-file FILE` (a SCRATCH copy whose name
 * contains "bench") runs ONE server instance on that file (`npm run server -- --sqlite-file`: the same
 * dispatcher, services and SQLite storage as the desktop app, behind the same HTTPS front), so only the
 * storage differs from the PostgreSQL run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { hashPassword } from '../db/services/passwords';
import { connectToServer, type RemoteConnection } from '../server/client';
import type { RequestDetail, SlotOption, WaitingListPage } from '../shared/domain/interventions';
import { makeSelfSigned } from '../server/tls';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    'sqlite-file': { type: 'string' },
    clients: { type: 'string' },
    seconds: { type: 'string' },
    instances: { type: 'string' },
    out: { type: 'string' },
    'make-ready': { type: 'string' },
  },
});
const SQLITE_FILE = values['sqlite-file'];
const URL_ = SQLITE_FILE ? undefined : (values['database-url'] ?? process.env.ALONGSIDE_BENCH_DATABASE_URL);
if (SQLITE_FILE ? !/bench/.test(SQLITE_FILE) : !URL_ || !/bench/.test(new URL(URL_).pathname))
  throw new Error(
    'Give --database-url of a SCRATCH database, or --sqlite-file of a SCRATCH copy, whose name contains "bench" (passwords are reset).',
  );
const CLIENTS = Number(values.clients ?? 40);
/** Waiting requests on the list's first pages whose readiness the coordinator completes before the run. */
const MAKE_READY = Number(values['make-ready'] ?? 150);
const SECONDS = Number(values.seconds ?? 120);
// SQLite is one file with one writer: one server instance.
const INSTANCES = SQLITE_FILE ? 1 : Number(values.instances ?? 2);
const ENGINE = SQLITE_FILE ? 'SQLite (the single-computer build)' : 'PostgreSQL';
const PASSWORD = 'bench password 100k';
const RUN = `run-${Date.now().toString(36)}`;

/** The bench's own reads and its password reset, on either engine ($1 placeholders, ::int casts). */
let q: <T>(text: string, params?: unknown[]) => Promise<T[]>;
let closeDb: () => Promise<void>;
if (SQLITE_FILE) {
  // The server migrates the file when it starts; the bench's reads need the current schema only for the
  // columns below, which are unchanged since schema 75.
  const lite = new Database(SQLITE_FILE);
  lite.pragma('busy_timeout = 30000');
  q = async <T>(text: string, params: unknown[] = []) => {
    const stmt = lite.prepare(text.replace(/\$\d+/g, '?').replace(/::int/g, ''));
    return (stmt.reader ? stmt.all(...params) : (stmt.run(...params), [])) as T[];
  };
  closeDb = async () => void lite.close();
} else {
  const db = new pg.Client({ connectionString: URL_ });
  await db.connect();
  q = async <T>(text: string, params: unknown[] = []) => (await db.query(text, params)).rows as T[];
  closeDb = () => db.end();
}

// --- what the workstations will ask for, read from the database once ---
await q('UPDATE users SET password_hash = $1, active = 1', [await hashPassword(PASSWORD)]);
const users = await q<{ username: string; role: string }>('SELECT username, role FROM users ORDER BY id');
const clinicians = users.filter((u) => u.role !== 'admin');
const writers = new Set(['consultant', 'coordinator']);
// Medicines entries (medicines.write) and rehab measures (rehab.write), by the roles that make them.
const medsWriters = new Set(['consultant', 'nurse', 'pharmacist']);
const rehabWriters = new Set(['physiotherapist', 'psychologist']);
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
const maxPatient = (await q<{ m: number }>('SELECT max(id) AS m FROM patients'))[0]!.m;
const surnames = (
  await q<{ s: string }>('SELECT DISTINCT surname AS s FROM patients ORDER BY surname LIMIT 200')
).map((r) => r.s);
const meetings = (await q<{ id: number }>('SELECT id FROM mdt_meetings ORDER BY id')).map((r) => r.id);
const openListings = (
  await q<{ id: number }>(
    `SELECT l.id FROM mdt_listings l WHERE l.status NOT IN ('withdrawn')
       AND NOT EXISTS (SELECT 1 FROM mdt_outcomes o WHERE o.listing_id = l.id AND o.status <> 'draft')
     ORDER BY l.id DESC LIMIT 3000`,
  )
).map((r) => r.id);
const waiting = Number(
  (
    await q<{ n: number }>(`SELECT count(*)::int AS n FROM intervention_requests WHERE status = 'waiting'`)
  )[0]!.n,
);
// Patients with an active rehab plan (measures are recorded against the plan), shuffled by the database.
const rehabPatients = (
  await q<{ p: number }>(
    `SELECT patient_id AS p FROM rehab_plans WHERE status = 'active' ORDER BY random() LIMIT 5000`,
  )
).map((r) => r.p);
// The days of future sessions (the theatre-day view).
const sessionDays = (
  await q<{ d: string }>(
    `SELECT DISTINCT date AS d FROM intervention_sessions WHERE date > $1 ORDER BY date LIMIT 120`,
    [TODAY],
  )
).map((r) => r.d);
const auditStart = Number((await q<{ m: number }>('SELECT max(id)::int AS m FROM audit_log'))[0]!.m);

// --- the server instances, each its own process ---
const tlsDir = mkdtempSync(join(tmpdir(), 'alongside-bench-tls-'));
const tls = makeSelfSigned(tlsDir, ['127.0.0.1']);
const children: ChildProcess[] = [];
const urls: string[] = [];
for (let i = 0; i < INSTANCES; i++) {
  const port = 18_443 + i;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/main.ts',
      ...(SQLITE_FILE ? ['--sqlite-file', SQLITE_FILE] : ['--database-url', URL_!]),
      '--tls-cert',
      tls.certFile,
      '--tls-key',
      tls.keyFile,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--pool-size',
      '10',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      if (/listening/.test(b.toString())) resolve();
    });
    child.on('exit', (code) => reject(new Error(`server instance ${i} ended (${code})`)));
  });
  urls.push(`https://127.0.0.1:${port}`);
}
/** A line of the server process's /proc status in MB: VmRSS (all resident memory) or RssAnon (its heaps). */
const procMb = (c: ChildProcess, field: 'VmRSS' | 'RssAnon') => {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${c.pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
};
const rss = (c: ChildProcess) => procMb(c, 'VmRSS');
/** Each instance's memory once started, before the sign-ins and the preparation (not the run's doing). */
const memIdle = children.map(rss);

// --- the workstations ---
type Op = readonly [string, unknown];
const times = new Map<string, number[]>();
const errorsBy = new Map<string, string>();
let errors = 0;
/** Acknowledged writes per operation, counted afterwards in the audit (each write is audited with it). */
const acked = new Map<string, number>();
const WRITES: Record<string, string> = {
  'mdt:outcome:saveDraft': 'mdt.outcome.draft',
  'meds:add': 'medicines.add',
  'rehab:recordMeasure': 'rehab.recordMeasure',
  'interventions:book': 'interventions.book',
};
/** Medicines entries whose warning the prescriber then confirmed with a reason (the second request). */
let medsConfirmed = 0;
/** Bookings not attempted: no ready patient on the page, or no session for them without a warning. */
let noCandidate = 0;
/** Bookings refused because another coordinator had just booked that patient or filled the session. */
let bookingRaces = 0;
/** Bookings the rules refused ("Not booked. …": a warning only a clinician may accept, a list full). */
let bookingRefused = 0;
let bookingRefusedWhy = '';
const rand = (n: number) => Math.floor(Math.random() * n);
const memory: number[][] = [];
/** The heaps alone (RssAnon), sampled with `memory`: what would grow if a request left something behind. */
const anonMemory: number[][] = [];
const loads: number[] = [loadavg()[0]!];

function nextOp(role: string): Op {
  const r = Math.random();
  const patientId = 1 + rand(maxPatient);
  if (r < 0.15) return ['patients:search', { query: surnames[rand(surnames.length)]!.slice(0, 4) }];
  if (r < 0.35) return ['patients:get', { id: patientId }];
  if (r < 0.5) return ['meds:patient', { patientId }];
  if (r < 0.65) return ['interventions:list', { offset: 50 * rand(pages), limit: 50 }];
  if (r < 0.72) return ['mdt:meetings:list', {}];
  if (r < 0.78) return ['mdt:meeting:get', { meetingId: meetings[rand(meetings.length)]! }];
  if (r < 0.82 && sessionDays.length)
    return ['interventions:theatreDay', { date: sessionDays[rand(sessionDays.length)]! }];
  if (role === 'coordinator' && r < 0.92)
    return ['interventions:list', { offset: 50 * rand(pages), limit: 50, book: true }];
  if (medsWriters.has(role) && r < 0.92)
    return [
      'meds:add',
      {
        patientId,
        medicine: {
          formularyId: 'paracetamol-tablet',
          strength: '500 mg',
          doseKind: 'regular',
          doseMg: 1000,
          timesPerDay: 4,
          startDate: TODAY,
          prescriber: 'gp',
          indication: `Benchmark ${RUN}`,
        },
      },
    ];
  if (rehabWriters.has(role) && r < 0.92 && rehabPatients.length)
    return [
      'rehab:recordMeasure',
      // PHQ-9, item 9 (self-harm) answered 0: no risk alert is raised by the benchmark.
      {
        patientId: rehabPatients[rand(rehabPatients.length)]!,
        measure: 'PHQ-9',
        timePoint: 'other',
        administeredOn: TODAY,
        answers: [1, 1, 2, 1, 1, 0, 1, 0, 0],
      },
    ];
  if (r < 0.87 || !writers.has(role) || !openListings.length)
    return ['mdt:meeting:get', { meetingId: meetings[rand(meetings.length)]! }];
  return [
    'mdt:outcome:saveDraft',
    {
      listingId: openListings[rand(openListings.length)]!,
      summary: `Benchmark draft ${RUN}: continue the current plan and review in clinic.`,
    },
  ];
}

let signInRetries = 0;
/** Signs every workstation in first, one after another (a morning's sign-ins are not what is measured). */
async function signIn(i: number): Promise<RemoteConnection> {
  const who = clinicians[i % clinicians.length]!;
  const remote = connectToServer({ url: urls[i % urls.length]!, ca: tls.cert });
  for (let attempt = 0; ; attempt++) {
    const r = await remote.request('w', 'auth:signIn', { username: who.username, password: PASSWORD });
    if (r.ok) return remote;
    if (attempt === 4) throw new Error(`sign-in ${who.username}: ${r.error.message}`);
    signInRetries++;
  }
}
const remotes: RemoteConnection[] = [];
try {
  for (let i = 0; i < CLIENTS; i++) remotes.push(await signIn(i));
} catch (err) {
  for (const c of children) c.kill('SIGTERM');
  throw err;
}

// --- before the run: the coordinator's morning ---
// The demo's waiting list holds nobody with complete readiness (no consent or MRSA screen recorded), so the
// pre-assessment nurse first completes readiness, through the readiness form's own operation, for waiting patients
// on the pages the run reads: consent stage 1 and an MRSA screen today, the sedation checks. Not timed.
// Then one "ready only" read of the whole list (the filter a coordinator would use), timed on its own.
const pages = Math.min(10, Math.max(1, Math.floor(waiting / 50)));
const coordinatorAt = clinicians.findIndex((c) => c.role === 'coordinator');
// Consent, the MRSA screen, ASA grade and airway are a clinician's to record: the pre-assessment nurse.
const nurseAt = clinicians.findIndex((c) => c.role === 'nurse');
// The demo's sites are written as free text, so each request is left with a "Site not structured" warning no
// nurse can clear. The consultant reviews it and signs an override with a reason, through the same operation
// as the request page (interventions:approveOverride). Nothing else is overridden: hold plans, prerequisites
// and blocks stay as the rules left them (a passed breach date and a repeat interval are weighed at booking).
const consultantAt = clinicians.findIndex((c) => c.role === 'consultant');
const OVERRIDES: Record<string, string> = {
  'site-structured': 'Site checked against the referral letter.',
};
const AT_BOOKING = new Set(['session', 'priority-and-rtt', 'repeat-interval']);
let overridden = 0;
let madeReady = 0;
let readyAfterPrep = 0;
let readyOnlyMs = null as number | null;
let readyOnlyTotal = 0;
async function makeReady(): Promise<void> {
  if (coordinatorAt < 0 || coordinatorAt >= remotes.length || nurseAt < 0 || nurseAt >= remotes.length)
    return;
  const coord = remotes[coordinatorAt]!;
  const nurse = remotes[nurseAt]!;
  // Spread over the pages the run reads, so that most pages hold a few.
  const perPage = Math.ceil(MAKE_READY / pages);
  for (let page = 0; page < pages && madeReady < MAKE_READY; page++) {
    const list = await coord.request('w', 'interventions:list', { offset: 50 * page, limit: 50 });
    if (!list.ok) throw new Error(`prep list: ${list.error.message}`);
    let onPage = 0;
    for (const item of (list.value as WaitingListPage).items) {
      if (madeReady >= MAKE_READY || onPage >= perPage) break;
      onPage++;
      if (item.status !== 'waiting' || item.ready) continue;
      const got = await nurse.request('w', 'interventions:get', { id: item.id });
      if (!got.ok) throw new Error(`prep get: ${got.error.message}`);
      const d = got.value as RequestDetail;
      const saved = await nurse.request('w', 'interventions:updateReadiness', {
        id: d.id,
        version: d.version,
        readiness: {
          ...d.readinessRecord,
          eligibilityStatus: d.readinessRecord.eligibilityStatus === 'failed' ? 'failed' : 'passed',
          consentStage1Date: TODAY,
          consentLeafletVersion: 'Procedure leaflet v3',
          baselineOutcomesRecorded: true,
          antithromboticsReviewed: true,
          allergiesReviewed: true,
          activeInfection: false,
          mrsaScreenDate: TODAY,
          mrsaScreenResult: 'negative',
          devicesReviewed: true,
          pregnancyEnquiryArranged: true,
          fastingInstructionsGiven: true,
          escortConfirmed: true,
          asaGrade: d.readinessRecord.asaGrade ?? 2,
          airwayAssessed: true,
          exclusionsReviewed: true,
        },
      });
      if (!saved.ok) throw new Error(`prep readiness: ${saved.error.message}`);
      madeReady++;
      if (madeReady % 10 === 0) console.error(`prep: ${madeReady} readiness records completed`);
      let after = saved.value as RequestDetail;
      const open = after.readiness.items.filter(
        (i) => (i.status === 'warn' || i.status === 'missing') && !AT_BOOKING.has(i.id),
      );
      // Only when the free-text site is all that is left.
      if (
        consultantAt >= 0 &&
        consultantAt < remotes.length &&
        open.length > 0 &&
        open.every((i) => OVERRIDES[i.id] !== undefined)
      ) {
        for (const item of open) {
          const reason = OVERRIDES[item.id];
          if (!reason) continue;
          const o = await remotes[consultantAt]!.request('w', 'interventions:approveOverride', {
            requestId: after.id,
            version: after.version,
            itemId: item.id,
            reason,
          });
          if (!o.ok) throw new Error(`prep override: ${o.error.message}`);
          after = o.value as RequestDetail;
          overridden++;
        }
      }
      if (after.ready) readyAfterPrep++;
    }
  }
  const t = performance.now();
  const ro = await coord.request('w', 'interventions:list', { offset: 0, limit: 50, readyOnly: true });
  readyOnlyMs = performance.now() - t;
  readyOnlyTotal = ro.ok ? (ro.value as WaitingListPage).total : -1;
}
const prepStart = performance.now();
try {
  await makeReady();
} catch (err) {
  for (const c of children) c.kill('SIGTERM');
  throw err;
}
console.error(`prep: ${madeReady} made ready in ${((performance.now() - prepStart) / 1000).toFixed(0)} s`);

let end = 0;
async function timed(remote: RemoteConnection, op: string, payload: unknown) {
  const t0 = performance.now();
  const res = await remote.request('w', op, payload);
  (times.get(op) ?? times.set(op, []).get(op)!).push(performance.now() - t0);
  return res;
}
function tally(op: string, error: { code: string; message: string }): void {
  errors++;
  errorsBy.set(op, `${error.code} ${error.message}`);
}
/** The entry warnings a refusal names (`medicine.warning.<CODE>`), which a reason can confirm. */
function warningCodes(fields: Record<string, string> | undefined): string[] {
  return Object.keys(fields ?? {})
    .filter((k) => k.startsWith('medicine.warning.'))
    .map((k) => k.slice('medicine.warning.'.length));
}
async function workstation(i: number): Promise<void> {
  const who = clinicians[i % clinicians.length]!;
  const remote = remotes[i]!;
  while (Date.now() < end) {
    const [op, payload] = nextOp(who.role);
    const booking = op === 'interventions:list' && (payload as { book?: boolean }).book === true;
    if (booking) delete (payload as { book?: boolean }).book;
    let res = await timed(remote, op, payload);
    // An entry warning (not a refusal): the prescriber confirms it with a reason and saves again.
    const warned = res.ok ? [] : warningCodes(res.error.fields);
    if (op === 'meds:add' && !res.ok && res.error.code === 'VALIDATION' && warned.length) {
      const p = payload as { patientId: number; medicine: Record<string, unknown> };
      medsConfirmed++;
      res = await timed(remote, op, {
        ...p,
        medicine: {
          ...p.medicine,
          confirmWarnings: { codes: warned, reason: 'Reviewed with the patient and the GP; going ahead.' },
        },
      });
    }
    // The coordinator books a ready waiting patient from the page into the best session with room and no
    // warning (`interventions:findSlot`, as the booking screen offers), if there is one.
    if (booking && res.ok) {
      const ready = (res.value as WaitingListPage).items.filter((c) => c.status === 'waiting' && c.ready);
      const chosen = ready[rand(ready.length)];
      const slots = chosen ? await timed(remote, 'interventions:findSlot', { requestId: chosen.id }) : null;
      if (slots && !slots.ok) tally('interventions:findSlot', slots.error);
      // The best slot with no warning; else the best one, with the coordinator's reason for its warnings.
      const options = slots?.ok ? (slots.value as SlotOption[]) : [];
      const slot = options.find((o) => o.warnings.length === 0) ?? options[0];
      if (!chosen || !slot) noCandidate++;
      else {
        res = await timed(remote, 'interventions:book', {
          requestId: chosen.id,
          sessionId: slot.session.id,
          ...(slot.warnings.length
            ? { overrideReason: 'Agreed with the patient by phone; date suits them.' }
            : {}),
        });
        if (!res.ok && /only a waiting request can be booked|someone else/i.test(res.error.message)) {
          bookingRaces++;
          continue;
        }
        // A refusal the rules make (a warning only a clinician may accept, a full list): not an error.
        if (!res.ok && res.error.code === 'CONFLICT' && /^Not booked/.test(res.error.message)) {
          bookingRefused++;
          bookingRefusedWhy = res.error.message;
          continue;
        }
        if (res.ok) acked.set('interventions:book', (acked.get('interventions:book') ?? 0) + 1);
        else tally('interventions:book', res.error);
        continue;
      }
    }
    if (!res.ok) tally(op, res.error);
    else if (WRITES[op]) acked.set(op, (acked.get(op) ?? 0) + 1);
  }
  await remote.close();
}
const sampler = setInterval(() => {
  memory.push(children.map(rss));
  anonMemory.push(children.map((c) => procMb(c, 'RssAnon')));
  loads.push(loadavg()[0]!);
}, 5000);
/** Instance i's samples grouped by minute of the run (12 five-second samples a minute), each the mean. */
function byMinute(i: number): string[] {
  const out: string[] = [];
  for (let m = 0; m * 12 < memory.length; m++) {
    const xs = memory.slice(m * 12, m * 12 + 12).map((s) => s[i] ?? 0);
    out.push((xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(0));
  }
  return out;
}
/** Least-squares slope of instance i's samples, in MB a minute: near 0 when memory is flat. */
function slopePerMinute(i: number): number {
  const ys = memory.map((s) => s[i] ?? 0);
  const n = ys.length;
  if (n < 2) return 0;
  const xs = ys.map((_, k) => (k * 5) / 60);
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let k = 0; k < n; k++) {
    num += (xs[k]! - mx) * (ys[k]! - my);
    den += (xs[k]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}
const t0 = Date.now();
end = t0 + SECONDS * 1000;
const memStart = children.map(rss);
try {
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => workstation(i)));
} catch (err) {
  for (const c of children) c.kill('SIGTERM');
  throw err;
}
const seconds = (Date.now() - t0) / 1000;
clearInterval(sampler);
const memEnd = children.map(rss);

// --- acknowledged writes, counted ---
// Nothing else writes to the scratch database during the run: every audited write after auditStart is ours.
const found = new Map<string, number>();
for (const [op, action] of Object.entries(WRITES))
  found.set(
    op,
    Number(
      (
        await q<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE id > $1 AND action = $2`, [
          auditStart,
          action,
        ])
      )[0]!.n,
    ),
  );
const patients = Number((await q<{ n: number }>('SELECT count(*)::int AS n FROM patients'))[0]!.n);
await closeDb();
for (const c of children) c.kill('SIGTERM');

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
let total = 0;
const rows: string[] = [];
for (const [op, xs] of [...times].sort()) {
  total += xs.length;
  rows.push(
    `| ${op} | ${xs.length} | ${(xs.length / seconds).toFixed(1)} | ${pct(xs, 0.5).toFixed(0)} | ${pct(xs, 0.95).toFixed(0)} |`,
  );
}
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const mbList = (xs: number[]) => xs.map((m) => m.toFixed(0)).join(', ');
/** Per instance: the median of the first quarter of the samples → the median of the last quarter. */
const quarterTrend = (samples: number[][]) =>
  children
    .map((_, i) => {
      const xs = samples.map((s) => s[i] ?? 0);
      const n = Math.max(1, Math.floor(xs.length / 4));
      return `${pct(xs.slice(0, n), 0.5).toFixed(0)} → ${pct(xs.slice(-n), 0.5).toFixed(0)}`;
    })
    .join(', ');
const report = [
  `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: ${CLIENTS} workstations, ${INSTANCES} server instance(s) (own processes), ` +
    `${seconds.toFixed(0)} s, ${patients.toLocaleString('en-GB')} patients on ${ENGINE}; ${cpus().length} cores; ` +
    `1-minute load average ${loads[0]!.toFixed(1)} at the start, ${avg(loads).toFixed(1)} mean, ${Math.max(...loads).toFixed(1)} highest.`,
  '',
  '| operation | count | per s | p50 ms | p95 ms |',
  '|---|---|---|---|---|',
  ...rows,
  '',
  `Throughput ${(total / seconds).toFixed(0)} requests/s; errors ${errors}` +
    (errorsBy.size ? ` (${[...errorsBy].map(([o, m]) => `${o}: ${m}`).join('; ')})` : '') +
    '.',
  `Sign-ins retried after a refusal: ${signInRetries}.`,
  ...Object.keys(WRITES).map((op) => {
    const a = acked.get(op) ?? 0;
    const f = found.get(op) ?? 0;
    return `Acknowledged ${op} ${a}; in the database afterwards ${f}: ${a === f ? 'none lost' : 'MISMATCH'}.`;
  }),
  `meds:add with an entry warning the prescriber then confirmed with a reason (a second request): ${medsConfirmed}.`,
  `Before the run, a nurse completed readiness for ${madeReady} waiting requests on the first ${pages} pages ` +
    `and a consultant signed ${overridden} overrides of a free-text site, with a reason ` +
    `(${readyAfterPrep} then ready; the others held by a hold plan, a prerequisite or a hard block); one "ready only" list read ` +
    `(the whole list evaluated) took ${readyOnlyMs === null ? 'n/a' : `${readyOnlyMs.toFixed(0)} ms`} and found ${readyOnlyTotal} ready.`,
  `Bookings: no ready patient on the page or no session without a warning (reads only): ${noCandidate}; ` +
    `refused because another coordinator booked first (not errors): ${bookingRaces}; ` +
    `refused by the booking rules (not errors): ${bookingRefused}${bookingRefusedWhy ? ` (e.g. “${bookingRefusedWhy}”)` : ''}.`,
  `Server memory (RSS, MB) per instance: once started ${mbList(memIdle)}; start of the run (after the sign-ins ` +
    `and the preparation, with its one "ready only" read of the whole list) ${mbList(memStart)}; ` +
    `end ${mbList(memEnd)}; highest ${children.map((_, i) => Math.max(...memory.map((s) => s[i] ?? 0)).toFixed(0)).join(', ')}.`,
  // Start and end are single readings (the start one just after the preparation's garbage): whether memory
  // grows with the requests is read from the trend of the run's own samples, heaps apart.
  `Median of the 5-s samples, first quarter of the run → last quarter: RSS ${quarterTrend(memory)}; ` +
    `heaps (RssAnon) ${quarterTrend(anonMemory)}.`,
  `RSS samples every 5 s (MB), per instance: ${children.map((_, i) => memory.map((s) => (s[i] ?? 0).toFixed(0)).join(' ')).join(' | ')}.`,
  `Server memory by minute of the run (mean RSS of the 5-second samples, MB; per instance): ${children
    .map((_, i) => byMinute(i).join(' → '))
    .join('; ')}. Trend over the run (least-squares slope of every sample): ${children
    .map((_, i) => `${slopePerMinute(i) >= 0 ? '+' : ''}${slopePerMinute(i).toFixed(1)} MB a minute`)
    .join(', ')}.`,
].join('\n');
console.log(report);
if (values.out) writeFileSync(values.out, `${report}\n`);
process.exit(0);
