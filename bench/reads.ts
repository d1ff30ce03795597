import type Database from 'better-sqlite3';
import { CHANNELS, contract, type Channel } from '../shared/ipc/contract';
import type { BenchContext, BenchRow } from './context';
import { time } from './measure';

/**
 * Issue 18: every read operation of the contract in the service benchmark. Reads with a dedicated row
 * (beside a hand-written SQL baseline) name the file that times them; every other read is timed here
 * through the dispatcher with realistic arguments drawn from the generated data. tests/unit/bench-reads.test.ts
 * fails when a read operation has no entry.
 *
 * Budgets: every read within 50 ms p95; the service views (whole-service lists and figures) within 250 ms.
 */

/** Ids and dates drawn from the generated data, spread over it. */
export interface Samples {
  patients: number[];
  medicinePatients: number[];
  taperPlans: number[];
  rehabPatients: number[];
  spReferrals: number[];
  spPatients: number[];
  programmes: number[];
  meetings: number[];
  finishedMeetings: number[];
  listings: number[];
  letters: number[];
  requests: number[];
  /** SCS trial requests (their episode, when one is recorded). */
  scsTrialRequests: number[];
  sessions: number[];
  weekStarts: string[];
  today: string;
  rule: { kind: string; setKey: string; version: number } | null;
  backupName: string | null;
}

export type ReadEntry =
  { args: (s: Samples, i: number) => unknown; view?: boolean } | { coveredBy: string } | { exempt: string };

const pick = <T>(xs: readonly T[], i: number): T => {
  if (xs.length === 0) throw new Error('no sample');
  return xs[i % xs.length]!;
};

const VIEW_MS = 250;
const READ_MS = 50;

export const READ_BENCH: Record<string, ReadEntry> = {
  'setup:status': { args: () => ({}) },
  'auth:signIn': { exempt: 'password hashing is slow on purpose (scrypt); not a screen' },
  'auth:unlock': { exempt: 'password hashing is slow on purpose (scrypt); not a screen' },
  'auth:session': { args: () => ({}) },
  'auth:signOut': { exempt: 'ends the session (a state change, not a read of data)' },
  'auth:lock': { exempt: 'locks the session (a state change, not a read of data)' },
  'auth:touch': { args: () => ({}) },
  'auth:lockTime': { args: () => ({}) },
  'patients:search': { coveredBy: 'bench/suite.ts' },
  'patients:get': { coveredBy: 'bench/suite.ts' },
  'patients:history': { args: (s, i) => ({ id: pick(s.patients, i) }) },
  'users:clinicians': { args: () => ({}) },
  'users:list': { args: () => ({}) },
  'settings:get': { args: () => ({}) },

  'meds:patient': { coveredBy: 'bench/medicines.ts' },
  'meds:plan': { args: (s, i) => ({ planId: pick(s.taperPlans, i) }) },
  'meds:planLetter': { args: (s, i) => ({ planId: pick(s.taperPlans, i) }) },
  'meds:worklist': { coveredBy: 'bench/medicines.ts' },
  'meds:serviceView': { coveredBy: 'bench/medicines.ts' },
  'meds:taperConcerns': { coveredBy: 'bench/medicines.ts' },

  'rehab:summary': { coveredBy: 'bench/rehab.ts' },
  'rehab:serviceOutcomes': { coveredBy: 'bench/rehab.ts' },
  'rehab:servicePeriod': {
    args: (s) => ({ pathway: null, from: `${Number(s.today.slice(0, 4)) - 1}-04-01`, to: s.today }),
    view: true,
  },
  'rehab:worklist': { args: (s) => ({ asOf: s.today, limit: 200 }), view: true },
  'rehab:noProgress': { args: () => ({ limit: 100 }), view: true },
  'rehab:spReferrals': { args: (s, i) => ({ patientId: pick(s.spPatients, i) }) },
  'rehab:spList': { args: (_s, i) => ({ status: i % 2 ? null : 'referred', limit: 200 }), view: true },
  'rehab:spGpMessage': { args: (s, i) => ({ referralId: pick(s.spReferrals, i) }) },
  'rehab:groups': { args: () => ({ limit: 100 }) },
  'rehab:group': { args: (s, i) => ({ programmeId: pick(s.programmes, i) }) },
  'rehab:cohortReport': { coveredBy: 'bench/rehab.ts' },
  'rehab:patientGroups': { args: (s, i) => ({ patientId: pick(s.rehabPatients, i) }) },

  'mdt:people': { args: () => ({}) },
  'mdt:meetingTypes:list': { args: () => ({}) },
  'mdt:meetings:list': { args: () => ({}) },
  'mdt:meeting:get': { coveredBy: 'bench/mdt.ts' },
  'mdt:meeting:finishReview': { args: (s, i) => ({ meetingId: pick(s.meetings, i) }) },
  'mdt:meeting:minutes': { args: (s, i) => ({ meetingId: pick(s.finishedMeetings, i) }) },
  'mdt:meeting:suggestions': { coveredBy: 'bench/mdt.ts' },
  'mdt:triage:list': { args: (_s, i) => ({ status: i % 2 ? 'awaiting' : null }), view: true },
  'mdt:case:summary': { coveredBy: 'bench/mdt.ts' },
  'mdt:case:summaries': { args: (s, i) => ({ meetingId: pick(s.meetings, i) }) },
  'mdt:outcome:get': { args: (s, i) => ({ listingId: pick(s.listings, i) }) },
  'mdt:outcome:previewPatientLetter': { args: (s, i) => ({ listingId: pick(s.listings, i) }) },
  'mdt:outcome:versions': { args: (s, i) => ({ listingId: pick(s.listings, i) }) },
  'mdt:letters:list': { args: (s, i) => ({ meetingId: pick(s.finishedMeetings, i) }) },
  'mdt:letter:get': { args: (s, i) => ({ letterId: pick(s.letters, i) }) },
  'mdt:letterTemplates:list': { args: () => ({}) },
  'mdt:worklist': {
    args: (_s, i) => ({
      kind: (['my-actions', 'overdue-actions', 'awaiting-decision', 'review-due'] as const)[i % 4],
    }),
    view: true,
  },
  'mdt:dashboard': { coveredBy: 'bench/mdt.ts' },
  'mdt:links:drafts': {
    args: (_s, i) => ({ module: (['interventions', 'medicines', 'rehab'] as const)[i % 3] }),
    view: true,
  },
  'mdt:links:source': { args: (s, i) => ({ kind: 'intervention-request', itemId: pick(s.requests, i) }) },
  'mdt:patient:overview': { args: (s, i) => ({ patientId: pick(s.patients, i) }) },

  'interventions:catalogue': { args: () => ({}) },
  'interventions:list': { args: (_s, i) => ({ atRiskOnly: i % 2 === 1 }), view: true },
  'interventions:patientRequests': { args: (s, i) => ({ patientId: pick(s.patients, i) }) },
  'interventions:procedureHistory': { args: (s, i) => ({ patientId: pick(s.patients, i) }) },
  'interventions:get': { args: (s, i) => ({ id: pick(s.requests, i) }) },
  'interventions:week': { args: (s, i) => ({ weekStart: pick(s.weekStarts, i) }) },
  'interventions:session': { args: (s, i) => ({ id: pick(s.sessions, i) }) },
  'interventions:theatreDay': { args: (s, i) => ({ date: pick(s.weekStarts, i) }) },
  'interventions:theatreList': { args: (s, i) => ({ id: pick(s.sessions, i) }) },
  'interventions:findSlot': { coveredBy: 'bench/interventions.ts' },
  'interventions:fillSession': { args: (s, i) => ({ sessionId: pick(s.sessions, i) }), view: true },
  'interventions:followUps': { args: () => ({ limit: 100 }), view: true },
  'interventions:scsTrial': { args: (s, i) => ({ requestId: pick(s.scsTrialRequests, i) }) },

  'data:status': { args: () => ({}) },
  'data:alerts': { args: () => ({}) },
  'data:backupPreview': { args: (s) => ({ name: s.backupName }) },
  'data:importPreview': { coveredBy: 'bench/data.ts' },

  'rules:list': { args: () => ({}) },
  'rules:proposals': { args: () => ({}) },
  'rehab:riskAlerts': { args: (s, i) => ({ patientId: pick(s.rehabPatients, i) }) },
  'rehab:riskWorklist': { args: () => ({}), view: true },
  'fhir:bulkExportStatus': { coveredBy: 'bench/fhir-bulk.ts' },
  'fhir:exportPatient': { args: (s, i) => ({ patientId: pick(s.patients, i) }) },
  'fhir:importPreview': {
    // A one-patient bundle, as a GP Connect record would bring: its cost is the check against the database.
    args: (_s, i) => ({
      json: JSON.stringify({
        resourceType: 'Bundle',
        type: 'collection',
        entry: [
          {
            resource: {
              resourceType: 'Patient',
              name: [{ family: `Bench${i}`, given: ['Import'] }],
              birthDate: '1970-01-01',
              gender: 'female',
            },
          },
        ],
      }),
    }),
  },
  'audit:search': { args: () => ({}), view: true },
  'audit:alerts': { args: () => ({}) },
  'rules:history': { args: (s) => ({ kind: s.rule?.kind, setKey: s.rule?.setKey }) },
  'rules:version': { args: (s) => s.rule },
  'rules:active': { args: (s, i) => ({ kind: i % 2 ? 'formulary' : 'ome-thresholds' }) },
};

/** The read operations of the contract (writes are timed by their modules' rows). */
export const READ_CHANNELS: Channel[] = CHANNELS.filter((c) => !contract[c].write);

function ids(sqlite: Database.Database, sql: string): number[] {
  return sqlite.prepare(sql).pluck().all() as number[];
}

function mondayOf(iso: string): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

function samples(sqlite: Database.Database): Samples {
  const today = new Date().toISOString().slice(0, 10);
  return {
    patients: ids(sqlite, 'SELECT id FROM patients WHERE id % 983 = 1 LIMIT 64'),
    medicinePatients: ids(sqlite, 'SELECT DISTINCT patient_id FROM medicine_entries LIMIT 64'),
    taperPlans: ids(sqlite, 'SELECT id FROM taper_plans WHERE id % 7 = 1 LIMIT 64'),
    rehabPatients: ids(sqlite, "SELECT patient_id FROM rehab_plans WHERE status = 'active' LIMIT 64"),
    spReferrals: ids(sqlite, 'SELECT id FROM rehab_sp_referrals LIMIT 64'),
    spPatients: ids(sqlite, 'SELECT DISTINCT patient_id FROM rehab_sp_referrals LIMIT 64'),
    programmes: ids(sqlite, 'SELECT id FROM rehab_programmes ORDER BY id DESC LIMIT 16'),
    meetings: ids(sqlite, 'SELECT id FROM mdt_meetings ORDER BY start_at DESC LIMIT 16'),
    finishedMeetings: ids(
      sqlite,
      "SELECT id FROM mdt_meetings WHERE status <> 'planned' ORDER BY start_at DESC LIMIT 16",
    ),
    listings: ids(sqlite, 'SELECT id FROM mdt_listings WHERE id % 97 = 1 ORDER BY id DESC LIMIT 64'),
    letters: ids(sqlite, 'SELECT id FROM mdt_letters ORDER BY id LIMIT 64'),
    requests: ids(sqlite, 'SELECT id FROM intervention_requests WHERE id % 89 = 1 LIMIT 64'),
    scsTrialRequests: ids(
      sqlite,
      "SELECT id FROM intervention_requests WHERE procedure_code = 'SCS_TRIAL' ORDER BY id LIMIT 64",
    ),
    sessions: ids(sqlite, 'SELECT id FROM intervention_sessions WHERE date >= date() ORDER BY date LIMIT 32'),
    weekStarts: [
      ...new Set(
        (
          sqlite
            .prepare('SELECT date FROM intervention_sessions WHERE date >= date() ORDER BY date LIMIT 200')
            .pluck()
            .all() as string[]
        ).map(mondayOf),
      ),
    ].slice(0, 8),
    today,
    rule: null,
    backupName: null,
  };
}

/**
 * Times every read that has no dedicated row: through the dispatcher, as a user whose role may call it
 * (consultant, else coordinator, else administrator), a warm-up then up to 50 calls.
 */
export async function readsBench(ctx: BenchContext): Promise<BenchRow[]> {
  const s = samples(ctx.sqlite);
  const now = Date.now();
  const sessions: string[] = ['bench'];
  for (const username of ['lmills', 'admin']) {
    const user = ctx.sqlite.prepare('SELECT id, role FROM users WHERE username = ?').get(username) as
      { id: number; role: string } | undefined;
    if (!user) continue;
    const key = `bench-reads-${username}`;
    ctx.dispatcher.sessions.set(key, {
      userId: user.id,
      username,
      displayName: username,
      role: user.role as never,
      signedInAt: now,
      lastActivityAt: now,
      locked: false,
      mustChangePassword: false,
      clinicalLead: false,
    });
    sessions.push(key);
  }
  const dispatch = async (key: string, channel: string, payload: unknown) =>
    ctx.dispatcher.dispatch(key, channel, payload);
  // A rule set to read, and a backup to preview (bench/data.ts may have taken one).
  for (const key of sessions) {
    const list = await dispatch(key, 'rules:list', {});
    if (!list.ok) continue;
    const kinds = list.value as { kind: string; sets: { setKey: string; version: number }[] }[];
    const first = kinds.find((k) => k.sets.length > 0);
    if (first) s.rule = { kind: first.kind, setKey: first.sets[0]!.setKey, version: first.sets[0]!.version };
    break;
  }
  for (const key of sessions) {
    const status = await dispatch(key, 'data:status', {});
    if (!status.ok) continue;
    const backups = (status.value as { backups?: { name: string }[] }).backups ?? [];
    s.backupName = backups[0]?.name ?? null;
    break;
  }
  const rows: BenchRow[] = [];
  const iterations = Math.min(ctx.iterations, 50);
  for (const channel of READ_CHANNELS) {
    const entry = READ_BENCH[channel];
    if (!entry || !('args' in entry)) continue;
    const target = entry.view ? VIEW_MS : READ_MS;
    const label = `Read ${channel}${entry.view ? ' (service view)' : ''}`;
    let args: (i: number) => unknown;
    try {
      entry.args(s, 0);
      args = (i) => entry.args(s, i);
    } catch {
      rows.push(skipped(ctx, label, target, 'no sample in the generated data'));
      continue;
    }
    // The first session whose role may call it, with these arguments.
    let session: string | null = null;
    let problem = '';
    for (const key of sessions) {
      const r = await dispatch(key, channel, args(0));
      if (r.ok) {
        session = key;
        break;
      }
      problem = `${r.error.code}: ${r.error.message}`;
    }
    if (!session) {
      rows.push(skipped(ctx, label, target, `not timed (${problem.slice(0, 120)})`));
      continue;
    }
    const key = session;
    const timing = await time(
      async (i) => {
        const r = await dispatch(key, channel, args(i));
        if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
      },
      { iterations, warmup: 5 },
    );
    rows.push(ctx.row(label, target, timing, null, { sameResult: null, note: 'through the dispatcher' }));
  }
  return rows;
}

function skipped(ctx: BenchContext, label: string, target: number, note: string): BenchRow {
  return {
    ...ctx.row(label, target, { median: NaN, p95: NaN, iterations: 0 }, null, { sameResult: null, note }),
    met: null,
  };
}
