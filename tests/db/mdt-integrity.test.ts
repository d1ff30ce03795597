/**
 * Issue 16 (MDT integrity): confirming needs the meeting under way, dates are plausible, finishing is a review
 * step, cases can be withdrawn or moved, triage cannot be reopened once the MDT has started on the case.
 * Expected values are worked out by hand from the failures.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { CHAIR, COORD, confirmUnread, confirmRead, mdtPatient, mdtUser, setMdtClock } from '../helpers/mdt';

let app: TestApp;
let ids: { consultant: number; physio: number; psych: number };
let complexType: number;
const sqlite = () => app.dispatcher.conn.sqlite;
const count = (table: string) => sqlite().prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

beforeEach(async () => {
  app = await createTestApp();
  const chair = await signedInAs(app, 'consultant', CHAIR);
  await signedInAs(app, 'coordinator', COORD);
  ids = {
    consultant: chair.user.id,
    physio: await mdtUser(app, 'physio', 'physiotherapist'),
    psych: await mdtUser(app, 'psych', 'psychologist'),
  };
  complexType = (await app.ok('mdt:meetingTypes:list', {}, COORD)).find(
    (t) => t.code === 'complex-pain-mdt',
  )!.id;
});
afterEach(async () => app.close());

/** Lists a patient on the next complex pain MDT (Tuesday 24-Nov-2026 09:00; the clock is 21-Nov-2026). */
async function listPatient(
  surname: string,
  reason: 'pmp-suitability' | 'neuromodulation-assessment' = 'pmp-suitability',
) {
  const p = await mdtPatient(app, surname);
  return app.ok(
    'mdt:referral:create',
    {
      patientId: p.id,
      question: 'Suitable for the PMP?',
      reason,
      patientAware: true,
      meetingTypeId: complexType,
    },
    COORD,
  );
}
const meetingId = async () => (await app.ok('mdt:meetings:list', { from: null }, COORD))[0]!.id;
const present = async (m: number, userId: number) =>
  app.ok('mdt:attendance:set', { meetingId: m, userId, status: 'present', version: null }, COORD);

const outcome = (extra: Record<string, unknown> = {}) => ({
  kind: 'recommendation' as const,
  summary: 'Offer the pain management programme.',
  rationale: 'Goals are about function.',
  reviewDate: '2027-02-23',
  patientSummary: 'You told us you want to walk further.',
  actions: [
    { description: 'Refer to PMP', type: 'other' as const, ownerId: ids.consultant, dueDate: '2026-12-15' },
  ],
  ...extra,
});

describe('confirming needs the meeting under way', () => {
  it('refuses an outcome confirmed a week before its meeting with nobody present, and an action due in 1900', async () => {
    const l = await listPatient('Early');
    const m = await meetingId();
    // 17-Nov-2026 is a week before the meeting on 24-Nov-2026; nobody is recorded present.
    await setMdtClock(app, '2026-11-17T10:00:00Z');
    const before = { o: count('mdt_outcomes'), a: count('mdt_actions') };
    const early = await confirmUnread(app, { listingId: l.id, outcome: outcome() }, CHAIR);
    expect(early.ok).toBe(false);
    if (early.ok) return;
    expect(early.error.fields?.meeting).toBe(
      'This meeting is on 24-Nov-2026: outcomes can be confirmed on the day, once the meeting is under way.',
    );
    // On the day, still nobody recorded present.
    await setMdtClock(app, '2026-11-24T09:05:00Z');
    const nobody = await confirmUnread(app, { listingId: l.id, outcome: outcome() }, CHAIR);
    expect(nobody.ok ? '' : nobody.error.fields?.meeting).toBe(
      'Record who is at the meeting before confirming an outcome.',
    );
    await present(m, ids.consultant);
    await present(m, ids.physio);
    const in1900 = await confirmUnread(
      app,
      {
        listingId: l.id,
        outcome: outcome({
          actions: [{ description: 'Refer', type: 'other', ownerId: ids.consultant, dueDate: '1900-01-01' }],
        }),
      },
      CHAIR,
    );
    expect(in1900.ok ? '' : in1900.error.fields?.['actions.0.dueDate']).toBe(
      'Action 1 is due on 01-Jan-1900, before the meeting (24-Nov-2026): check the date.',
    );
    // More than two years after the meeting (24-Nov-2028 is the last plausible day).
    const farReview = await confirmUnread(
      app,
      { listingId: l.id, outcome: outcome({ reviewDate: '2030-01-01' }) },
      CHAIR,
    );
    expect(farReview.ok ? '' : farReview.error.fields?.reviewDate).toBe(
      'The review date 01-Jan-2030 is more than two years after the meeting: check the date.',
    );
    expect({ o: count('mdt_outcomes'), a: count('mdt_actions') }).toEqual(before);
    const ok = await confirmRead(app, { listingId: l.id, outcome: outcome() }, CHAIR);
    expect(ok.outcome.status).toBe('confirmed');
  });

  it('refuses to start discussing a case before the meeting day', async () => {
    const l = await listPatient('Eager');
    const r = await app.call('mdt:case:start', { listingId: l.id }, COORD);
    expect(r.ok ? '' : r.error.message).toBe(
      'This meeting is on 24-Nov-2026: cases can be discussed on the day.',
    );
  });
});

describe('finishing the meeting is a review step', () => {
  it('lists every case not confirmed by name and state, needs a reason for each, keeps drafts with the carried case', async () => {
    const done = await listPatient('Done');
    const drafted = await listPatient('Drafted');
    const blocked = await listPatient('Blocked', 'neuromodulation-assessment');
    const notReached = await listPatient('Later');
    const m = await meetingId();
    await setMdtClock(app, '2026-11-24T09:05:00Z');
    await present(m, ids.consultant);
    await present(m, ids.physio); // no psychologist: the example neuromodulation rule blocks
    await app.ok('mdt:case:start', { listingId: done.id }, COORD);
    await confirmRead(app, { listingId: done.id, outcome: outcome() }, CHAIR);
    await app.ok('mdt:case:start', { listingId: drafted.id }, COORD);
    await app.ok(
      'mdt:outcome:saveDraft',
      { listingId: drafted.id, summary: 'Refer to psychology first.' },
      CHAIR,
    );
    await app.ok('mdt:case:start', { listingId: blocked.id }, COORD);
    const refused = await confirmUnread(app, { listingId: blocked.id, outcome: outcome() }, CHAIR);
    expect(refused.ok).toBe(false);

    const review = await app.ok('mdt:meeting:finishReview', { meetingId: m }, CHAIR);
    expect(review.cases.map((c) => [c.patientName, c.state, c.stateLabel])).toEqual([
      ['DRAFTED, Alex', 'draft', 'Outcome typed but not confirmed'],
      ['BLOCKED, Alex', 'blocked-by-quorum', 'Blocked: quorum not met'],
      ['LATER, Alex', 'not-reached', 'Not reached'],
    ]);
    expect(review.cases[0]!.suggestedReason).toBe(
      'Outcome typed but not confirmed; the draft is carried with the case.',
    );
    expect(review.cases[1]!.suggestedReason).toMatch(/^Quorum not met: .*psychologist/);
    expect(review.cases[2]!.suggestedReason).toBe('Not reached in the time available.');

    // Finishing without a reason for each case is refused, and nothing changes.
    const silent = await app.call('mdt:meeting:finish', { meetingId: m, reasons: {} }, CHAIR);
    expect(silent.ok).toBe(false);
    if (silent.ok) return;
    expect(Object.keys(silent.error.fields ?? {}).sort()).toEqual(
      [drafted.id, blocked.id, notReached.id].map((id) => `reasons.${id}`).sort(),
    );
    expect((await app.ok('mdt:meeting:get', { meetingId: m }, COORD)).meeting.status).not.toBe('closed');

    const reasons = Object.fromEntries(review.cases.map((c) => [String(c.listingId), c.suggestedReason]));
    const fin = await app.ok('mdt:meeting:finish', { meetingId: m, reasons }, CHAIR);
    expect(fin.carried.map((c) => c.patientName)).toEqual(['DRAFTED, Alex', 'BLOCKED, Alex', 'LATER, Alex']);
    const next = await app.ok('mdt:meeting:get', { meetingId: fin.nextMeetingId! }, COORD);
    const carriedDraft = next.listings.find((l) => l.patientName === 'DRAFTED, Alex')!;
    expect((await app.ok('mdt:outcome:get', { listingId: carriedDraft.id }, CHAIR))?.summary).toBe(
      'Refer to psychology first.',
    );
    const carriedBlocked = next.listings.find((l) => l.patientName === 'BLOCKED, Alex')!;
    expect(carriedBlocked.deferReason).toMatch(/^Quorum not met/);
  });
});

describe('the next meeting a finished meeting carries to is a later one', () => {
  it('carries to the following week when the series was moved later on the same weekday after this meeting was made', async () => {
    // Seen in the running app at 00:50 on a Tuesday: a meeting earlier on the series' own day was finished,
    // the next occurrence after its start was the same day, and the lookup by date found the meeting being
    // finished: "Cases cannot be carried over to the same meeting." and nothing could be finished.
    const later = await listPatient('Later');
    const m = await meetingId();
    // The coordinator moves the series from 09:00 to 14:00 on Tuesdays; this week's meeting stays at 09:00.
    await app.ok(
      'mdt:meetingTypes:save',
      {
        id: complexType,
        version: 0,
        code: 'complex-pain-mdt',
        name: 'Weekly complex pain MDT',
        recurrence: {
          kind: 'weekly',
          weekday: 'tuesday',
          everyWeeks: 1,
          startsOn: '2026-01-06',
          time: '14:00',
        },
        durationMinutes: 120,
        cutOffHours: 24,
        chairId: null,
        defaultMinutesPerCase: 10,
      },
      CHAIR,
    );
    await setMdtClock(app, '2026-11-24T09:05:00Z');
    await present(m, ids.consultant);
    const review = await app.ok('mdt:meeting:finishReview', { meetingId: m }, CHAIR);
    const reasons = Object.fromEntries(review.cases.map((c) => [String(c.listingId), c.suggestedReason]));
    const fin = await app.ok('mdt:meeting:finish', { meetingId: m, reasons }, CHAIR);
    expect(fin.nextMeetingId).not.toBe(m);
    const next = await app.ok('mdt:meeting:get', { meetingId: fin.nextMeetingId! }, COORD);
    // Tuesday 1-Dec-2026 at the series' new time, 14:00.
    expect([next.meeting.date, next.meeting.startLocal]).toEqual(['2026-12-01', '2026-12-01T14:00']);
    expect(next.listings.map((l) => l.patientName)).toEqual(['LATER, Alex']);
    expect(later.id).not.toBe(next.listings[0]!.id);
  });
});
