import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createDispatcher } from '../db/dispatcher';
import { generateDemo } from '../db/demo/generate';
import { openAndMigrate } from '../db/open';
import { hashPassword } from '../db/services/passwords';
import { time } from './measure';

/**
 * `npx tsx bench/profile.ts --db /tmp/x.sqlite --patients 20000 --op patients:get`: calls a few operations
 * many times (run under `node --cpu-prof --import tsx` to see where the time goes). Keeps the database
 * file between runs.
 */
const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    patients: { type: 'string' },
    iterations: { type: 'string' },
    op: { type: 'string', multiple: true },
  },
});
const file = values.db ?? '/tmp/alongside-profile.sqlite';
const fresh = !existsSync(file);
const { conn } = await openAndMigrate(file);
if (fresh) {
  generateDemo(conn.sqlite, {
    patients: Number(values.patients ?? 20_000),
    passwordHash: await hashPassword('bench-password-1', { N: 1 << 10 }),
  });
  conn.sqlite.exec('ANALYZE');
}
const d = createDispatcher(conn, { passwordCost: { N: 1 << 10 } });
const s = await d.dispatch('p', 'auth:signIn', { username: 'apatel', password: 'bench-password-1' });
if (!s.ok) throw new Error('sign-in');
const n = await d.dispatch('n', 'auth:signIn', { username: 'sjones', password: 'bench-password-1' });
if (!n.ok) throw new Error('sign-in');
const one = (sql: string) => conn.sqlite.prepare(sql).pluck().get() as number;
const ids = conn.sqlite
  .prepare('SELECT id FROM patients WHERE id % 991 = 1 LIMIT 64')
  .pluck()
  .all() as number[];
const nhs = conn.sqlite
  .prepare('SELECT nhs_number FROM patients WHERE id % 997 = 1 LIMIT 64')
  .pluck()
  .all() as string[];
const meetingId = one("SELECT id FROM mdt_meetings WHERE status = 'planned' ORDER BY start_at LIMIT 1");
const listingIds = conn.sqlite
  .prepare('SELECT id FROM mdt_listings WHERE meeting_id = ?')
  .pluck()
  .all(meetingId) as number[];
const medPatients = conn.sqlite
  .prepare('SELECT patient_id FROM patient_ome WHERE total_mg_per_24h > 0 ORDER BY patient_id LIMIT 500')
  .pluck()
  .all() as number[];
const rehabPatients = conn.sqlite
  .prepare('SELECT DISTINCT patient_id FROM rehab_reviews ORDER BY patient_id LIMIT 5000')
  .pluck()
  .all() as number[];
const waiting = conn.sqlite
  .prepare("SELECT id FROM intervention_requests WHERE status = 'waiting' ORDER BY id DESC LIMIT 64")
  .pluck()
  .all() as number[];
const ops: Record<string, [string, string, (i: number) => unknown]> = {
  'patients:get': ['p', 'patients:get', (i) => ({ id: ids[i % ids.length] })],
  nhs: ['p', 'patients:search', (i) => ({ query: nhs[i % nhs.length], offset: 0, limit: 50 })],
  surname: ['p', 'patients:search', () => ({ query: 'smi', offset: 0, limit: 50 })],
  'meds:patient': ['p', 'meds:patient', (i) => ({ patientId: medPatients[i % medPatients.length] })],
  'rehab:summary': [
    'p',
    'rehab:summary',
    (i) => ({ patientId: rehabPatients[(i * 7919) % rehabPatients.length] }),
  ],
  'mdt:case:summary': ['p', 'mdt:case:summary', (i) => ({ listingId: listingIds[i % listingIds.length] })],
  'mdt:meeting:suggestions': ['p', 'mdt:meeting:suggestions', () => ({ meetingId, limit: 50 })],
  'interventions:findSlot': [
    'n',
    'interventions:findSlot',
    (i) => ({ requestId: waiting[i % waiting.length], patientAgreedShortNotice: false }),
  ],
};
const chosen = values.op?.length ? values.op : Object.keys(ops);
for (const name of chosen) {
  const [key, channel, payload] = ops[name]!;
  const t = await time(
    async (i) => {
      const r = await d.dispatch(key, channel, payload(i));
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    },
    { iterations: Number(values.iterations ?? 500) },
  );
  console.log(`${name.padEnd(26)} median ${t.median.toFixed(3)} ms  p95 ${t.p95.toFixed(3)} ms`);
}
await conn.close();
