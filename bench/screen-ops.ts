import { parseArgs } from 'node:util';
import { createDispatcher } from '../db/dispatcher';
import { openDatabase } from '../db/connection';
import { londonToday } from '../shared/dates';
import { time } from './measure';

/**
 * `npx tsx bench/screen-ops.ts --db COPY [--only REGEX] [--iterations N]` (issue 18): the dispatcher reads
 * that the slow screens make, each timed on its own in Node against a migrated COPY of a large database
 * (bench:browser's --work copy; never the original), so a screen's time splits into its reads and the
 * renderer's work. Reads only: nothing is written.
 */
const { values } = parseArgs({
  options: { db: { type: 'string' }, only: { type: 'string' }, iterations: { type: 'string' } },
});
if (!values.db) throw new Error('--db COPY');
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
const ops: [string, string, unknown][] = [
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
}
await conn.close();
