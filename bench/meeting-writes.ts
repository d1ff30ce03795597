import { parseArgs } from 'node:util';
import { openDatabase } from '../db/connection';
import { createDispatcher } from '../db/dispatcher';
import { patientLetterSeal } from '../shared/domain/letter-seal';

/**
 * `npx tsx bench/meeting-writes.ts --db SCRATCH_COPY` (issue 18): times the MDT chair's saves in Node on a
 * scratch copy of a large database (it WRITES: never the original, nor the copy other runs reuse): the
 * outcome autosave, confirming each case's outcome, the finish review and "Finish meeting". The clock is set
 * to 30 minutes into the first meeting not yet closed, with its members recorded present.
 */
const { values } = parseArgs({ options: { db: { type: 'string' } } });
if (!values.db) throw new Error('--db SCRATCH_COPY');
const conn = openDatabase(values.db);
const one = <T>(sql: string, ...p: unknown[]) => conn.sqlite.prepare(sql).get(...p) as T;
const meeting = one<{ id: number; start_at: string }>(
  "SELECT id, start_at FROM mdt_meetings WHERE status <> 'closed' ORDER BY start_at LIMIT 1",
);
const now = new Date(Date.parse(meeting.start_at) + 30 * 60_000);
const d = createDispatcher(conn, { passwordCost: { N: 1 << 10 }, now: () => now });
const ok = async (channel: string, payload: unknown) => {
  const t0 = performance.now();
  const r = await d.dispatch('c', channel, payload);
  const ms = performance.now() - t0;
  if (!r.ok) throw new Error(`${channel}: ${r.error.message} ${JSON.stringify(r.error.fields ?? {})}`);
  return { value: r.value as never, ms };
};
await ok('auth:signIn', { username: 'apatel', password: 'bench-password-1' });
const people = (await ok('mdt:people', {})).value as { id: number }[];
const attendanceVersion = conn.sqlite
  .prepare('SELECT version FROM mdt_attendance WHERE meeting_id = ? AND user_id = ?')
  .pluck();
for (const p of people) {
  // What is recorded now (null: nobody recorded), as the attendance screen sends what it showed (issue 19).
  const version = (attendanceVersion.get(meeting.id, p.id) as number | undefined) ?? null;
  await d.dispatch('c', 'mdt:attendance:set', {
    meetingId: meeting.id,
    userId: p.id,
    status: 'present',
    version,
  });
}
const listings = conn.sqlite
  .prepare('SELECT id FROM mdt_listings WHERE meeting_id = ? ORDER BY id')
  .pluck()
  .all(meeting.id) as number[];
const me = one<{ id: number }>("SELECT id FROM users WHERE username = 'apatel'").id;
const outcome = {
  kind: 'recommendation',
  summary: 'Offer the pain management programme.',
  rationale: 'Goals are about function.',
  reviewDate: '2027-02-23',
  patientSummary: 'You told us you want to walk further.',
  actions: [{ description: 'Refer to PMP', type: 'other', ownerId: me, dueDate: '2026-12-15' }],
};
const drafts: number[] = [];
const confirms: number[] = [];
// All but the last two confirmed; those two are carried to the next meeting by Finish.
for (const [i, listingId] of listings.entries()) {
  const { actions: _a, ...draft } = outcome;
  drafts.push((await ok('mdt:outcome:saveDraft', { listingId, ...draft })).ms);
  if (i < listings.length - 2) {
    // The confirm step: the outcome as typed is saved, the chair reads the patient letter, then confirms it.
    await ok('mdt:outcome:saveDraft', { listingId, ...outcome });
    const shown = (await ok('mdt:outcome:previewPatientLetter', { listingId })).value as {
      text: string;
      problem: string | null;
    };
    confirms.push(
      (await ok('mdt:outcome:confirm', { listingId, outcome, patientLetterSeal: patientLetterSeal(shown) }))
        .ms,
    );
  }
}
const review = await ok('mdt:meeting:finishReview', { meetingId: meeting.id });
const reasons = Object.fromEntries(
  (review.value as { cases: { listingId: number; suggestedReason: string }[] }).cases.map((c) => [
    String(c.listingId),
    c.suggestedReason,
  ]),
);
const finish = await ok('mdt:meeting:finish', { meetingId: meeting.id, reasons });
const f = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(' ');
console.log(`meeting ${meeting.id}, ${listings.length} cases, clock ${now.toISOString()}`);
console.log(`mdt:outcome:saveDraft ms: ${f(drafts)}`);
console.log(`mdt:outcome:confirm ms: ${f(confirms)}`);
console.log(
  `mdt:meeting:finishReview ${review.ms.toFixed(0)} ms; mdt:meeting:finish ${finish.ms.toFixed(0)} ms`,
);
console.log(JSON.stringify(finish.value).slice(0, 300));
await conn.close();
