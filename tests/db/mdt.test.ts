import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestOf } from '../../shared/ipc/contract';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import {
  CHAIR,
  COORD,
  confirmUnread,
  confirmRead,
  MDT_PASSWORD,
  mdtPatient,
  mdtUser,
  setMdtClock,
} from '../helpers/mdt';
import { itOnSqlite } from '../helpers/engines';

let app: TestApp;
const sqlite = () => app.dispatcher.conn.sqlite;
const count = (table: string) => sqlite().prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

let ids: { consultant: number; coordinator: number; physio: number; psych: number; nurse: number };
let complexType: number;

const makeUser = (username: string, role: string) => mdtUser(app, username, role);

const patient = (surname: string, extra: Record<string, unknown> = {}) => mdtPatient(app, surname, extra);

const setClock = (iso: string) => setMdtClock(app, iso);

/** Finishes a meeting the way the chair does: the review's prefilled reason for each case not confirmed. */
async function finishReviewed(meetingId: number) {
  const review = await app.ok('mdt:meeting:finishReview', { meetingId }, CHAIR);
  const reasons = Object.fromEntries(review.cases.map((c) => [String(c.listingId), c.suggestedReason]));
  return app.ok('mdt:meeting:finish', { meetingId, reasons }, CHAIR);
}

const refer = (patientId: number, extra: Record<string, unknown> = {}, key = COORD) =>
  app.call(
    'mdt:referral:create',
    {
      patientId,
      question: 'Is a spinal cord stimulator trial appropriate?',
      reason: 'new-complex',
      urgency: 'routine',
      presenterId: ids.consultant,
      patientAware: true,
      whatMatters: 'Walking the dog again',
      meetingTypeId: complexType,
      ...extra,
    },
    key,
  );

/** Lists a patient for the next meeting of the complex pain MDT (patient aware), as the coordinator. */
const listFor = (
  patientId: number,
  referral: { question: string; reason: RequestOf<'mdt:referral:create'>['reason']; whatMatters?: string },
) =>
  app.ok(
    'mdt:referral:create',
    { patientId, patientAware: true, meetingTypeId: complexType, ...referral },
    COORD,
  );

/** The next meeting's id, with the consultant (the chair) marked present. */
async function nextMeetingWithChair(): Promise<number> {
  const meetingId = (await app.ok('mdt:meetings:list', { from: null }, COORD))[0]!.id;
  await app.ok(
    'mdt:attendance:set',
    { meetingId, userId: ids.consultant, status: 'present', version: null },
    COORD,
  );
  return meetingId;
}

const typeInput = () => ({
  code: 'complex-pain-mdt',
  name: 'Weekly complex pain MDT',
  recurrence: {
    kind: 'weekly' as const,
    weekday: 'tuesday' as const,
    everyWeeks: 1,
    startsOn: '2026-01-06',
    time: '09:00',
  },
  durationMinutes: 120,
  cutOffHours: 24,
  chairId: null,
  defaultMinutesPerCase: 10,
});

beforeEach(async () => {
  app = await createTestApp();
  const chair = await signedInAs(app, 'consultant', CHAIR);
  const coord = await signedInAs(app, 'coordinator', COORD);
  ids = {
    consultant: chair.user.id,
    coordinator: coord.user.id,
    physio: await makeUser('physio', 'physiotherapist'),
    psych: await makeUser('psych', 'psychologist'),
    nurse: await makeUser('nurse', 'nurse'),
  };
  const types = await app.ok('mdt:meetingTypes:list', {}, COORD);
  complexType = types.find((t) => t.code === 'complex-pain-mdt')!.id;
});
afterEach(async () => app.close());

describe('MDT referrals and the list', () => {
  it('seeds the two example meeting types with the example quorum rules', async () => {
    const types = await app.ok('mdt:meetingTypes:list', {}, COORD);
    expect(types.map((t) => t.code)).toEqual(['complex-pain-mdt', 'neuromodulation-mdt']);
    expect(types[0]!.quorumRuleSet).toMatchObject({ id: 'example-pain-mdt-quorum', example: true });
  });

  it('merges two referrals of one patient to one meeting into one listing with both requesters', async () => {
    const p = await patient('Merge');
    const first = await refer(p.id);
    expect(first.ok).toBe(true);
    const second = await refer(
      p.id,
      { question: 'Should opioids be tapered?', reason: 'opioid-deprescribing', urgency: 'urgent' },
      CHAIR,
    );
    if (!second.ok) throw new Error(second.error.message);
    expect(second.value.id).toBe(first.ok ? first.value.id : 0);
    expect(second.value.requesters.map((r) => r.id)).toEqual([ids.coordinator, ids.consultant]);
    expect(second.value.questions).toHaveLength(2);
    expect(second.value.urgency).toBe('urgent');
    expect(count('mdt_listings')).toBe(1);
    expect(count('mdt_referrals')).toBe(2);
    // The meeting was created from the recurrence: Tuesday 24 November 2026, 09:00.
    const meetings = await app.ok('mdt:meetings:list', { from: '2026-11-01' }, COORD);
    expect(meetings[0]).toMatchObject({
      date: '2026-11-24',
      startLocal: '2026-11-24T09:00',
      startAt: '2026-11-24T09:00:00Z',
    });
  });

  it('refuses a referral without a question and saves nothing', async () => {
    const p = await patient('NoQuestion');
    const before = { r: count('mdt_referrals'), a: count('audit_log') };
    const r = await refer(p.id, { question: '   ' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.fields?.question).toBe('Write the question for the MDT.');
    expect({ r: count('mdt_referrals'), a: count('audit_log') }).toEqual(before);
  });

  it('marks a late addition after the cut-off, and only the chair can approve it', async () => {
    const p = await patient('Late');
    await setClock('2026-11-23T09:30:00Z'); // cut-off was 23 Nov 09:00 (24 h before)
    const r = await refer(p.id);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.lateState).toBe('awaiting-chair-approval');
    const refused = await app.call('mdt:case:start', { listingId: r.value.id }, CHAIR);
    expect(refused.ok).toBe(false);
    const coordTry = await app.call('mdt:listing:approveLate', { listingId: r.value.id }, COORD);
    expect(coordTry.ok ? '' : coordTry.error.code).toBe('FORBIDDEN');
    const approved = await app.ok('mdt:listing:approveLate', { listingId: r.value.id }, CHAIR);
    expect(approved.lateState).toBe('approved');
    expect(approved.lateApprovedByName).toBe('Test consultant');
  });

  it('reorders the list and keeps a running total against the meeting length', async () => {
    const a = await patient('Alpha');
    const b = await patient('Bravo');
    const la = await app.ok(
      'mdt:referral:create',
      { patientId: a.id, question: 'Q', reason: 'other', patientAware: true, meetingTypeId: complexType },
      COORD,
    );
    const lb = await app.ok(
      'mdt:referral:create',
      { patientId: b.id, question: 'Q', reason: 'other', patientAware: true, meetingTypeId: complexType },
      COORD,
    );
    await app.ok('mdt:listing:update', { listingId: lb.id, plannedMinutes: 25 }, COORD);
    const moved = await app.ok('mdt:listing:move', { listingId: lb.id, direction: 'up' }, COORD);
    expect(moved.map((l) => l.id)).toEqual([lb.id, la.id]);
    const detail = await app.ok(
      'mdt:meeting:get',
      { meetingId: (await app.ok('mdt:meetings:list', { from: null }, COORD))[0]!.id },
      COORD,
    );
    expect(detail.plan.totalMinutes).toBe(35);
    expect(detail.listings[1]!.plannedStartLocal).toBe('2026-11-24T09:25');
  });
});

describe('running the meeting', () => {
  async function setUpMeeting() {
    const a = await patient('Early', { whatMatters: 'Sleep', nhsNumber: '943 476 5919' });
    const b = await patient('Later');
    const la = await app.ok(
      'mdt:referral:create',
      {
        patientId: a.id,
        question: 'SCS?',
        reason: 'neuromodulation-assessment',
        patientAware: true,
        meetingTypeId: complexType,
        presenterId: ids.consultant,
        whatMatters: 'Sleeping through',
      },
      COORD,
    );
    const lb = await app.ok(
      'mdt:referral:create',
      {
        patientId: b.id,
        question: 'SCS too?',
        reason: 'neuromodulation-assessment',
        patientAware: true,
        meetingTypeId: complexType,
      },
      COORD,
    );
    const meetingId = (await app.ok('mdt:meetings:list', { from: null }, COORD))[0]!.id;
    // Attendance: the psychologist joins at 09:00 and leaves early at 09:20.
    for (const [userId, extra] of [
      [ids.consultant, {}],
      [ids.physio, {}],
      [ids.psych, { joinedAt: '2026-11-24T09:00:00Z', leftAt: '2026-11-24T09:20:00Z' }],
      [ids.nurse, { status: 'apologies' }],
    ] as const) {
      await app.ok(
        'mdt:attendance:set',
        { meetingId, userId, status: 'present', version: null, ...extra },
        COORD,
      );
    }
    return { a, b, la, lb, meetingId };
  }
  const outcome = (extra: Record<string, unknown> = {}) => ({
    kind: 'recommendation' as const,
    summary: 'Proceed to a spinal cord stimulator trial.',
    rationale: 'Neuropathic leg pain; conservative care exhausted.',
    reviewDate: '2027-02-24',
    patientSummary: 'The team suggests a trial of a spinal cord stimulator.',
    actions: [
      {
        description: 'Book SCS trial',
        // 'other': linked drafts in other modules (intervention etc.) are tested with the action links.
        type: 'other' as const,
        ownerId: ids.consultant,
        dueDate: '2026-12-15',
      },
    ],
    ...extra,
  });

  it('checks quorum per case over join and leave times: a member leaving early blocks a later neuromodulation case', async () => {
    const { la, lb, meetingId } = await setUpMeeting();
    await setClock('2026-11-24T09:10:00Z');
    await app.ok('mdt:case:start', { listingId: la.id }, COORD);
    const ok = await confirmRead(app, { listingId: la.id, outcome: outcome() }, CHAIR);
    expect(ok.outcome.quorum?.met).toBe(true);
    expect(ok.outcome.quorum?.present.map((p) => p.discipline).sort()).toEqual([
      'consultant',
      'physiotherapist',
      'psychologist',
    ]);

    await setClock('2026-11-24T09:25:00Z');
    const detail = await app.ok('mdt:case:start', { listingId: lb.id }, COORD);
    expect(detail.quorum[lb.id]?.met).toBe(false);
    expect(detail.quorum[lb.id]?.enforcement).toBe('block');
    expect(detail.forecast?.finishLocal).toBe('2026-11-24T09:35');
    const before = { o: count('mdt_outcomes'), a: count('mdt_actions') };
    const refused = await confirmUnread(app, { listingId: lb.id, outcome: outcome() }, CHAIR);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('VALIDATION');
    expect(refused.error.fields?.quorum).toMatch(/psychologist/);
    expect({ o: count('mdt_outcomes'), a: count('mdt_actions') }).toEqual(before);
    void meetingId;
  });

  it('warns (and confirms) when a warn-only rule fails; needs an action or explicit no action', async () => {
    const c = await patient('Warn');
    const l = await listFor(c.id, { question: 'PMP?', reason: 'pmp-suitability', whatMatters: 'Work' });
    const meetingId = await nextMeetingWithChair();
    await app.ok(
      'mdt:attendance:set',
      { meetingId, userId: ids.physio, status: 'remote', version: null },
      COORD,
    );
    await setClock('2026-11-24T09:05:00Z');
    await app.ok('mdt:case:start', { listingId: l.id }, COORD);
    const noAction = await confirmUnread(app, { listingId: l.id, outcome: outcome({ actions: [] }) }, CHAIR);
    expect(noAction.ok ? '' : noAction.error.fields?.actions).toMatch(/at least one action/);
    const r = await confirmRead(
      app,
      { listingId: l.id, outcome: outcome({ actions: [], noAction: true }) },
      CHAIR,
    );
    expect(r.warnings.map((w) => w.code)).toEqual(['QUORUM_NOT_MET']);
    expect(r.outcome.quorum?.enforcement).toBe('warn');
  });

  it('autosaves drafts, then versioned amendments keep the old version readable', async () => {
    const { la } = await setUpMeeting();
    await setClock('2026-11-24T09:05:00Z');
    await app.ok('mdt:case:start', { listingId: la.id }, COORD);
    await app.ok('mdt:outcome:saveDraft', { listingId: la.id, summary: 'Half typed' }, COORD);
    expect((await app.ok('mdt:outcome:get', { listingId: la.id }, COORD))?.summary).toBe('Half typed');
    const c = await confirmRead(app, { listingId: la.id, outcome: outcome() }, CHAIR);
    const noReason = await app.call(
      'mdt:outcome:amend',
      { outcomeId: c.outcome.id, reason: ' ', change: { kind: 'recommendation', summary: 'x' } },
      CHAIR,
    );
    expect(noReason.ok).toBe(false);
    const amended = await app.ok(
      'mdt:outcome:amend',
      {
        outcomeId: c.outcome.id,
        reason: 'Typo in the plan',
        change: { kind: 'recommendation', summary: 'Proceed to SCS trial after psychology review.' },
      },
      CHAIR,
    );
    expect(amended).toMatchObject({
      version: 2,
      previousVersionId: c.outcome.id,
      amendReason: 'Typo in the plan',
      status: 'confirmed',
    });
    const versions = await app.ok('mdt:outcome:versions', { listingId: la.id }, COORD);
    expect(versions.map((v) => [v.version, v.status, v.summary])).toEqual([
      [2, 'confirmed', 'Proceed to SCS trial after psychology review.'],
      [1, 'superseded', 'Proceed to a spinal cord stimulator trial.'],
    ]);
    expect(
      sqlite().prepare(`SELECT count(*) FROM audit_log WHERE action = 'mdt.outcome.amend'`).pluck().get(),
    ).toBe(1);
  });

  it('finishes: carries undiscussed cases with a deferral count, escalates the second deferral, queues letters', async () => {
    const { la, lb, meetingId } = await setUpMeeting();
    await setClock('2026-11-24T09:05:00Z');
    await app.ok('mdt:case:start', { listingId: la.id }, COORD);
    await confirmRead(app, { listingId: la.id, outcome: outcome() }, CHAIR);
    const notChair = await app.call('mdt:meeting:finish', { meetingId }, COORD);
    expect(notChair.ok ? '' : notChair.error.code).toBe('FORBIDDEN');
    const fin = await app.ok(
      'mdt:meeting:finish',
      { meetingId, reasons: { [lb.id]: 'Ran out of time' } },
      CHAIR,
    );
    expect(fin.carried).toEqual([expect.objectContaining({ deferralCount: 1, escalate: false })]);
    // Issue 16: no referring clinician was recorded (the coordinator keyed it), so the referrer letter is
    // not addressed to anyone until the referrer is recorded.
    expect(fin.letters.map((l) => [l.audience, l.status])).toEqual([
      ['gp', 'ready'],
      ['referrer', 'needs-attention'],
      ['patient', 'ready'],
    ]);
    const next = await app.ok('mdt:meeting:get', { meetingId: fin.nextMeetingId! }, COORD);
    expect(next.meeting.date).toBe('2026-12-01');
    expect(next.listings[0]).toMatchObject({
      source: 'carried',
      deferralCount: 1,
      deferReason: 'Ran out of time',
      questions: ['SCS too?'],
    });
    const old = await app.ok('mdt:meeting:get', { meetingId }, COORD);
    expect(old.listings.find((l) => l.id === lb.id)?.status).toBe('deferred');

    // Second deferral: flagged to the chair.
    await setClock('2026-12-01T11:00:00Z');
    const fin2 = await finishReviewed(fin.nextMeetingId!);
    expect(fin2.carried).toEqual([expect.objectContaining({ deferralCount: 2, escalate: true })]);
    const next2 = await app.ok('mdt:meeting:get', { meetingId: fin2.nextMeetingId! }, COORD);
    expect(next2.listings[0]).toMatchObject({
      escalate: true,
      deferReason: 'Not reached in the time available.',
    });

    // The GP letter, kept as sent with its template version.
    const gp = (await app.ok('mdt:letters:list', { meetingId }, COORD)).find((l) => l.audience === 'gp')!;
    expect(gp.body).toContain('Re: Alex Early');
    expect(gp.body).toContain('Proceed to a spinal cord stimulator trial.');
    expect(gp.body).toContain('Book SCS trial (owner: Test consultant; due 15 December 2026)');
    const sent = await app.ok('mdt:letter:markSent', { letterId: gp.id }, COORD);
    expect(sent).toMatchObject({ status: 'sent', templateId: 'mdt-gp-letter', templateVersion: '2.0.0' });
    expect(() => sqlite().prepare(`UPDATE mdt_letters SET body = 'x' WHERE id = ?`).run(gp.id)).toThrow(
      /sent letter/,
    );
  });

  it('refuses a patient letter with an unfilled placeholder (kept as needing attention)', async () => {
    const { la, meetingId } = await setUpMeeting();
    await setClock('2026-11-24T09:05:00Z');
    await app.ok('mdt:case:start', { listingId: la.id }, COORD);
    await confirmRead(app, { listingId: la.id, outcome: outcome({ patientSummary: '' }) }, CHAIR);
    await finishReviewed(meetingId);
    const letters = await app.ok('mdt:letters:list', { meetingId }, COORD);
    const pl = letters.find((l) => l.audience === 'patient')!;
    expect(pl.status).toBe('needs-attention');
    expect(pl.body).toBeNull();
    expect(pl.problem).toMatch(/patientSummary/);
    // The missing summary is part of the outcome: an amendment adds it, and the letters follow it.
    const o = (await app.ok('mdt:outcome:get', { listingId: la.id }, COORD))!;
    const v2 = await app.ok(
      'mdt:outcome:amend',
      {
        outcomeId: o.id,
        reason: 'Patient summary added',
        change: {
          kind: o.kind,
          summary: o.summary,
          patientSummary: 'The team suggests a trial of a stimulator.',
        },
      },
      CHAIR,
    );
    expect(v2.patientSummary).toBe('The team suggests a trial of a stimulator.');
    const after = (await app.ok('mdt:letters:list', { meetingId }, COORD)).filter(
      (l) => l.outcomeId === v2.id,
    );
    expect(after.find((l) => l.audience === 'patient')).toMatchObject({
      status: 'ready',
      replacesLetterId: pl.id,
    });
  });

  it('suggests a patient whose actions from the last MDT are overdue, saying why', async () => {
    const { la, meetingId } = await setUpMeeting();
    await setClock('2026-11-24T09:05:00Z');
    await app.ok('mdt:case:start', { listingId: la.id }, COORD);
    await confirmRead(app, { listingId: la.id, outcome: outcome() }, CHAIR);
    await finishReviewed(meetingId);
    await setClock('2026-12-20T10:00:00Z');
    const next = await app.ok('mdt:meetings:createNext', { meetingTypeId: complexType }, COORD);
    const s = await app.ok('mdt:meeting:suggestions', { meetingId: next.id }, COORD);
    const mine = s.find((x) => x.patientName === 'EARLY, Alex');
    expect(mine?.reasons.map((r) => r.code)).toEqual(['overdue-mdt-actions']);
    expect(mine?.reasons[0]?.text).toMatch(/Book SCS trial/);
    // Completing the action keeps the precomputed state in step: no longer suggested.
    const action = (await app.ok('mdt:worklist', { kind: 'overdue-actions' }, COORD))[0]!;
    await app.ok(
      'mdt:action:complete',
      { actionId: action.id, version: action.version, status: 'done' },
      CHAIR,
    );
    expect((await app.ok('mdt:meeting:suggestions', { meetingId: next.id }, COORD)).length).toBe(0);
  });

  it('compiles a case summary with readiness', async () => {
    const { la, lb } = await setUpMeeting();
    const s = await app.ok('mdt:case:summary', { listingId: la.id }, COORD);
    expect(s.questions).toEqual(['SCS?']);
    expect(s.sections.find((x) => x.title === 'Interventions')?.text).toBeNull();
    // Issue 16: with no medicines list and no outcome measures the case is not ready, and says why.
    expect(s.readiness).toEqual({
      ready: false,
      missing: ['No medicines list recorded', 'No outcome measures recorded'],
    });
    const s2 = await app.ok('mdt:case:summary', { listingId: lb.id }, COORD);
    expect(s2.readiness.missing).toContain('No presenter named');
  });

  it('counts a member who leaves and rejoins over each interval, and refuses a rejoin while still in', async () => {
    const { la, lb, meetingId } = await setUpMeeting();
    // The psychologist left at 09:20 (setUpMeeting); she rejoins at 09:40.
    await setClock('2026-11-24T09:40:00Z');
    const still = await app.call('mdt:attendance:rejoin', { meetingId, userId: ids.consultant }, COORD);
    expect(still.ok ? '' : still.error.message).toMatch(/still in the meeting/);
    const att = await app.ok('mdt:attendance:rejoin', { meetingId, userId: ids.psych }, COORD);
    const psych = att.find((a) => a.userId === ids.psych)!;
    expect(psych.intervals).toEqual([
      { joinedAt: '2026-11-24T09:00:00Z', leftAt: '2026-11-24T09:20:00Z' },
      { joinedAt: '2026-11-24T09:40:00.000Z', leftAt: null },
    ]);
    expect(psych.inRoom).toBe(true);
    // Case A at 09:10 (first interval) and case B at 09:45 (second interval) both have the psychologist.
    await setClock('2026-11-24T09:10:00Z');
    await app.ok('mdt:case:start', { listingId: la.id }, COORD);
    await setClock('2026-11-24T09:45:00Z');
    const d = await app.ok('mdt:case:start', { listingId: lb.id }, COORD);
    expect(d.quorum[la.id]?.met).toBe(true);
    expect(d.quorum[lb.id]?.met).toBe(true);
    // She leaves again at 09:50: a case started at 09:55 has no psychologist.
    await setClock('2026-11-24T09:50:00Z');
    const left = await app.ok('mdt:attendance:leave', { meetingId, userId: ids.psych }, COORD);
    expect(left.find((a) => a.userId === ids.psych)?.intervals).toHaveLength(2);
    const again = await app.call('mdt:attendance:leave', { meetingId, userId: ids.psych }, COORD);
    expect(again.ok ? '' : again.error.message).toMatch(/already left/);
    expect(
      sqlite().prepare(`SELECT count(*) FROM audit_log WHERE action = 'mdt.attendance.rejoin'`).pluck().get(),
    ).toBe(1);
  });

  it('counts a deputy for the core member they stand in for, only while that member is away', async () => {
    const { la, meetingId } = await setUpMeeting();
    await app.ok(
      'mdt:meetingTypes:save',
      {
        ...typeInput(),
        id: complexType,
        version: 0,
        coreMemberIds: [ids.consultant, ids.psych, ids.physio],
      },
      COORD,
    );
    const before = count('mdt_attendance');
    const noPrincipal = await app.call(
      'mdt:attendance:set',
      { meetingId, userId: ids.nurse, status: 'deputy', version: null },
      COORD,
    );
    expect(noPrincipal.ok ? '' : noPrincipal.error.fields?.deputyForUserId).toMatch(/whom the deputy/);
    const notCore = await app.call(
      'mdt:attendance:set',
      { meetingId, userId: ids.nurse, status: 'deputy', deputyForUserId: ids.coordinator, version: 0 },
      COORD,
    );
    expect(notCore.ok ? '' : notCore.error.fields?.deputyForUserId).toMatch(/core member/);
    expect(count('mdt_attendance')).toBe(before);
    // The nurse deputises for the psychologist (who left at 09:20) from 09:15.
    const att = await app.ok(
      'mdt:attendance:set',
      {
        meetingId,
        userId: ids.nurse,
        status: 'deputy',
        deputyForUserId: ids.psych,
        joinedAt: '2026-11-24T09:15:00Z',
        // The nurse's apologies, as recorded when the meeting was set up (version 0).
        version: 0,
      },
      COORD,
    );
    expect(att.find((a) => a.userId === ids.nurse)).toMatchObject({
      status: 'deputy',
      deputyForName: 'Dr psych',
      deputyForDiscipline: 'psychologist',
    });
    // 09:30: the psychologist has left; her deputy counts as the psychologist for the neuromodulation rule.
    await setClock('2026-11-24T09:30:00Z');
    const d = await app.ok('mdt:case:start', { listingId: la.id }, COORD);
    const q = d.quorum[la.id]!;
    expect(q.met).toBe(true);
    expect(q.present.find((p) => p.personId === String(ids.nurse))).toMatchObject({
      discipline: 'nurse',
      countedAs: 'psychologist',
    });
    // While the psychologist is in the room herself (09:10), the deputy counts as a nurse.
    const meeting = await app.ok('mdt:meeting:get', { meetingId }, COORD);
    void meeting;
    await setClock('2026-11-24T09:16:00Z');
    const other = await patient('Overlap');
    const lo = await app.ok(
      'mdt:referral:create',
      {
        patientId: other.id,
        question: 'Q',
        reason: 'neuromodulation-assessment',
        patientAware: true,
        meetingTypeId: complexType,
        meetingId,
      },
      COORD,
    );
    await app.ok('mdt:listing:approveLate', { listingId: lo.id }, CHAIR);
    const d2 = await app.ok('mdt:case:start', { listingId: lo.id }, COORD);
    expect(d2.quorum[lo.id]?.presentByDiscipline).toMatchObject({ psychologist: 1, nurse: 1 });
  });

  it('supersedes the letters of an amended outcome (kept as sent) and issues new ones saying why', async () => {
    const { la, meetingId } = await setUpMeeting();
    await setClock('2026-11-24T09:05:00Z');
    await app.ok('mdt:case:start', { listingId: la.id }, COORD);
    const c = await confirmRead(app, { listingId: la.id, outcome: outcome() }, CHAIR);
    await finishReviewed(meetingId);
    const first = await app.ok('mdt:letters:list', { meetingId }, COORD);
    const gp = first.find((l) => l.audience === 'gp')!;
    const sent = await app.ok('mdt:letter:markSent', { letterId: gp.id }, COORD);
    await setClock('2026-11-25T10:00:00Z');
    const amended = await app.ok(
      'mdt:outcome:amend',
      {
        outcomeId: c.outcome.id,
        reason: 'Psychology review first',
        change: { kind: 'recommendation', summary: 'Psychology review, then an SCS trial.' },
      },
      CHAIR,
    );
    const all = await app.ok('mdt:letters:list', { meetingId }, COORD);
    expect(all).toHaveLength(6);
    const oldGp = all.find((l) => l.id === gp.id)!;
    // The sent letter is kept exactly as sent, marked superseded by the amended version.
    expect(oldGp).toMatchObject({
      status: 'sent',
      body: sent.body,
      sentAt: sent.sentAt,
      supersededByOutcomeId: amended.id,
    });
    expect(oldGp.supersededAt).not.toBeNull();
    expect(all.filter((l) => l.outcomeId === c.outcome.id).every((l) => l.supersededAt !== null)).toBe(true);
    const fresh = all.filter((l) => l.outcomeId === amended.id);
    expect(fresh.map((l) => [l.audience, l.status, l.outcomeVersion])).toEqual([
      ['gp', 'ready', 2],
      ['referrer', 'needs-attention', 2], // no referring clinician recorded (issue 16)
      ['patient', 'ready', 2],
    ]);
    const newGp = fresh.find((l) => l.audience === 'gp')!;
    expect(newGp.replacesLetterId).toBe(gp.id);
    expect(newGp.amendReason).toBe('Psychology review first');
    // Issue 16: a sentence for the GP, not an internal "Amended:" line.
    expect(newGp.body).not.toMatch(/^Amended:/m);
    expect(newGp.body).toContain(
      'This letter replaces the one we sent on 24 November 2026 because the MDT outcome was amended: Psychology review first.',
    );
    expect(newGp.body).toContain('Psychology review, then an SCS trial.');
    // An unsent letter of the old version can no longer be sent.
    const oldPatient = all.find((l) => l.outcomeId === c.outcome.id && l.audience === 'patient')!;
    const refused = await app.call('mdt:letter:markSent', { letterId: oldPatient.id }, COORD);
    expect(refused.ok ? '' : refused.error.code).toBe('CONFLICT');
    // The sent letter's text still cannot be changed, nor superseded twice.
    expect(() => sqlite().prepare(`UPDATE mdt_letters SET body = 'x' WHERE id = ?`).run(gp.id)).toThrow(
      /sent letter/,
    );
    expect(() =>
      sqlite().prepare(`UPDATE mdt_letters SET superseded_at = 'x' WHERE id = ?`).run(gp.id),
    ).toThrow(/sent letter/);
    expect(
      sqlite().prepare(`SELECT count(*) FROM audit_log WHERE action = 'mdt.letter.reissue'`).pluck().get(),
    ).toBe(1);
  });

  it('regenerates a letter that needed attention once the missing detail is recorded', async () => {
    const p = await patient('Nogp', { gpPractice: null });
    const l = await listFor(p.id, { question: 'PMP?', reason: 'pmp-suitability' });
    const meetingId = await nextMeetingWithChair();
    await setClock('2026-11-24T09:05:00Z');
    await app.ok('mdt:case:start', { listingId: l.id }, COORD);
    await confirmRead(app, { listingId: l.id, outcome: outcome() }, CHAIR);
    await finishReviewed(meetingId);
    const gp = (await app.ok('mdt:letters:list', { meetingId }, COORD)).find((x) => x.audience === 'gp')!;
    expect(gp).toMatchObject({ status: 'needs-attention', body: null });
    expect(gp.problem).toMatch(/GP practice is not recorded/);
    const still = await app.ok('mdt:letter:regenerate', { letterId: gp.id }, COORD);
    expect(still.status).toBe('needs-attention');
    await app.ok(
      'patients:update',
      {
        id: p.id,
        version: 1,
        patient: {
          surname: 'Nogp',
          forename: 'Alex',
          dateOfBirth: '1970-05-01',
          sex: 'female',
          gpPractice: 'Hillside Practice',
          diagnosisSite: 'Lower back',
          nhsNumber: '943 476 5919',
          whatMatters: 'Getting back to work',
        },
      },
      COORD,
    );
    const fixed = await app.ok('mdt:letter:regenerate', { letterId: gp.id }, COORD);
    expect(fixed).toMatchObject({
      status: 'ready',
      problem: null,
      recipientName: 'GP, Hillside Practice',
    });
    expect(fixed.body).toContain('The GP\nHillside Practice\n');
    expect(fixed.body).toContain('Dear Doctor,');
    await app.ok('mdt:letter:markSent', { letterId: gp.id }, COORD);
    const sentAgain = await app.call('mdt:letter:regenerate', { letterId: gp.id }, COORD);
    expect(sentAgain.ok ? '' : sentAgain.error.message).toMatch(/kept exactly as sent/);
    await app.ok('auth:signIn', { username: 'physio', password: MDT_PASSWORD }, 'physio');
    const refused = await app.call('mdt:letter:regenerate', { letterId: gp.id }, 'physio');
    expect(refused.ok ? '' : refused.error.code).toBe('FORBIDDEN');
  });

  it('lets a clinical lead approve a new letter template version; unknown placeholders are refused', async () => {
    const list = await app.ok('mdt:letterTemplates:list', {}, COORD);
    expect(list.map((t) => [t.audience, t.version, t.current, t.example])).toEqual([
      ['gp', '2.0.0', true, true],
      ['gp', '1.0.0', false, true],
      ['patient', '2.0.0', true, true],
      ['patient', '1.0.0', false, true],
      ['referrer', '2.0.0', true, true],
      ['referrer', '1.0.0', false, true],
    ]);
    const gp = list.find((t) => t.audience === 'gp')!;
    expect(gp.placeholders).toContain('salutation');
    const input = {
      audience: 'gp' as const,
      name: 'MDT outcome letter to GP',
      body: gp.body.replace(
        'Yours sincerely,',
        'With kind regards,\n{{#isAmended}}\nAmended: {{amendReason}}\n{{/isAmended}}',
      ),
      changeNote: 'Warmer closing; amendment line at the end',
      basedOnId: gp.id,
    };
    const coordinator = await app.call('mdt:letterTemplates:save', input, COORD);
    expect(coordinator.ok ? '' : coordinator.error.code).toBe('FORBIDDEN');
    const before = count('mdt_letter_templates');
    const unknown = await app.call(
      'mdt:letterTemplates:save',
      { ...input, body: `${input.body}\nP.S. {{favouriteColour}}` },
      CHAIR,
    );
    expect(unknown.ok ? '' : unknown.error.fields?.body).toMatch(
      /Unknown placeholder \{\{favouriteColour\}\}/,
    );
    const unclosed = await app.call(
      'mdt:letterTemplates:save',
      { ...input, body: `${input.body}{{#actions}}` },
      CHAIR,
    );
    expect(unclosed.ok ? '' : unclosed.error.fields?.body).toMatch(/never closed/);
    expect(count('mdt_letter_templates')).toBe(before);
    const saved = await app.ok('mdt:letterTemplates:save', input, CHAIR);
    expect(saved).toMatchObject({
      templateId: 'mdt-gp-letter',
      version: '2.1.0',
      current: true,
      example: false,
      approvedByName: 'Test consultant',
      changeNote: 'Warmer closing; amendment line at the end',
    });
    expect(saved.placeholders).toContain('amendReason');
    const stale = await app.call('mdt:letterTemplates:save', input, CHAIR);
    expect(stale.ok ? '' : stale.error.code).toBe('CONFLICT');
    expect(() =>
      sqlite().prepare(`UPDATE mdt_letter_templates SET body = 'x' WHERE id = ?`).run(saved.id),
    ).toThrow(/new version/);
    expect(
      sqlite()
        .prepare(`SELECT count(*) FROM audit_log WHERE action = 'mdt.letter-template.approve'`)
        .pluck()
        .get(),
    ).toBe(1);
    // Letters written from now on use version 2.1.0; the amendment line sits where the template puts it.
    const { la, meetingId } = await setUpMeeting();
    await setClock('2026-11-24T09:05:00Z');
    await app.ok('mdt:case:start', { listingId: la.id }, COORD);
    const c = await confirmRead(app, { listingId: la.id, outcome: outcome() }, CHAIR);
    await finishReviewed(meetingId);
    const letter = (await app.ok('mdt:letters:list', { meetingId }, COORD)).find((l) => l.audience === 'gp')!;
    expect(letter).toMatchObject({ templateVersion: '2.1.0', status: 'ready' });
    expect(letter.body).toContain('With kind regards,');
    expect(letter.body).not.toContain('Amended:');
    await app.ok(
      'mdt:outcome:amend',
      {
        outcomeId: c.outcome.id,
        reason: 'Date corrected',
        change: { kind: 'recommendation', summary: 'SCS trial.' },
      },
      CHAIR,
    );
    const reissued = (await app.ok('mdt:letters:list', { meetingId }, COORD)).find(
      (l) => l.audience === 'gp' && l.outcomeVersion === 2,
    )!;
    expect(reissued.body).toMatch(/With kind regards,\nAmended: Date corrected\n/);
  });

  it('saves quorum rules per meeting type and case category, approved by a clinical lead only', async () => {
    const rules = [
      {
        label: 'Every case: a pain consultant',
        caseCategories: null,
        requirements: [{ disciplines: ['consultant' as const], min: 1, label: 'pain consultant' }],
        enforcement: 'warn' as const,
      },
      {
        label: 'Safeguarding: a psychologist present',
        caseCategories: ['safeguarding' as const],
        requirements: [{ disciplines: ['psychologist' as const], min: 1, label: 'psychologist' }],
        enforcement: 'block' as const,
      },
    ];
    const before = sqlite()
      .prepare(`SELECT quorum_rules_json FROM mdt_meeting_types WHERE id = ?`)
      .pluck()
      .get(complexType);
    const coordinator = await app.call(
      'mdt:meetingTypes:save',
      { ...typeInput(), id: complexType, version: 0, quorumRules: rules },
      COORD,
    );
    expect(coordinator.ok ? '' : coordinator.error.fields?.quorumRules).toMatch(/clinical lead/);
    expect(
      sqlite()
        .prepare(`SELECT quorum_rules_json FROM mdt_meeting_types WHERE id = ?`)
        .pluck()
        .get(complexType),
    ).toBe(before);
    const bad = await app.call(
      'mdt:meetingTypes:save',
      { ...typeInput(), id: complexType, version: 0, quorumRules: [{ ...rules[0]!, requirements: [] }] },
      CHAIR,
    );
    expect(bad.ok ? '' : bad.error.fields?.['quorumRules.0.requirements']).toMatch(
      /at least one requirement/,
    );
    const saved = await app.ok(
      'mdt:meetingTypes:save',
      { ...typeInput(), id: complexType, version: 0, quorumRules: rules },
      CHAIR,
    );
    expect(saved.quorumRuleSet).toMatchObject({
      id: 'quorum-complex-pain-mdt',
      version: '1',
      example: false,
    });
    expect(saved.quorumRules.map((r) => [r.label, r.caseCategories, r.enforcement])).toEqual([
      ['Every case: a pain consultant', null, 'warn'],
      ['Safeguarding: a psychologist present', ['safeguarding'], 'block'],
    ]);
    // The coordinator can still change the rest of the type (rules unchanged keep their version).
    const renamed = await app.ok(
      'mdt:meetingTypes:save',
      { ...typeInput(), id: complexType, version: 1, durationMinutes: 90, quorumRules: rules },
      COORD,
    );
    expect(renamed).toMatchObject({ durationMinutes: 90, quorumRuleSet: { version: '1' } });
    // The safeguarding rule blocks without a psychologist; other cases only need the consultant.
    const p = await patient('Safe');
    const l = await listFor(p.id, { question: 'Q', reason: 'safeguarding' });
    await nextMeetingWithChair();
    await setClock('2026-11-24T09:05:00Z');
    const d = await app.ok('mdt:case:start', { listingId: l.id }, COORD);
    expect(d.quorum[l.id]).toMatchObject({ met: false, enforcement: 'block' });
    expect(d.quorum[l.id]?.explanation).toMatch(/needs 1 psychologist, 0 present/);
  });

  it('refuses MDT management to a physiotherapist (and audits the refusal)', async () => {
    await signedInAs(app, 'physiotherapist', 'physio');
    const r = await app.call('mdt:meetings:createNext', { meetingTypeId: complexType }, 'physio');
    expect(r.ok ? '' : r.error.code).toBe('FORBIDDEN');
  });
});

describe('meetings across the clock change', () => {
  it('holds a 09:00 meeting on 29 March and 25 October 2026 (BST starts / ends)', async () => {
    const t = await app.ok(
      'mdt:meetingTypes:save',
      {
        code: 'sunday-mdt',
        name: 'Last-Sunday MDT',
        recurrence: {
          kind: 'monthly-nth-weekday',
          weekday: 'sunday',
          nth: 'last',
          everyMonths: 1,
          startsOn: '2026-01-25',
          time: '09:00',
        },
        durationMinutes: 60,
        cutOffHours: 24,
      },
      CHAIR,
    );
    await setClock('2026-03-20T12:00:00Z');
    const march = await app.ok('mdt:meetings:createNext', { meetingTypeId: t.id }, COORD);
    expect(march).toMatchObject({
      date: '2026-03-29',
      startLocal: '2026-03-29T09:00',
      startAt: '2026-03-29T08:00:00Z',
      cutOffAt: '2026-03-28T08:00:00Z',
    });
    // 08:30 UTC on 28 March is after the cut-off (24 elapsed hours before 08:00 UTC on the 29th).
    await setClock('2026-03-28T08:30:00Z');
    const p = await patient('Clock');
    const l = await app.ok(
      'mdt:referral:create',
      { patientId: p.id, question: 'Q', reason: 'other', patientAware: true, meetingTypeId: t.id },
      COORD,
    );
    expect(l.lateState).toBe('awaiting-chair-approval');
    await setClock('2026-10-20T12:00:00Z');
    const october = await app.ok('mdt:meetings:createNext', { meetingTypeId: t.id }, COORD);
    expect(october).toMatchObject({
      date: '2026-10-25',
      startLocal: '2026-10-25T09:00',
      startAt: '2026-10-25T09:00:00Z',
    });
  });
});

describe('query plans', () => {
  itOnSqlite('finds overdue-action patients through the partial index', () => {
    const plan = sqlite()
      .prepare(
        `EXPLAIN QUERY PLAN SELECT patient_id FROM mdt_patient_state WHERE earliest_open_action_due IS NOT NULL AND earliest_open_action_due < ? ORDER BY earliest_open_action_due LIMIT 200`,
      )
      .all('2026-01-01') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/mdt_patient_state_overdue/);
    const actions = sqlite()
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM mdt_actions WHERE owner_id = ? AND status IN ('open','in-progress') ORDER BY due_date`,
      )
      .all(1) as { detail: string }[];
    expect(actions.map((p) => p.detail).join(' ')).toMatch(/mdt_actions_owner/);
  });
});
