import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { CHAIR, COORD, confirmRead, mdtPatient, mdtUser, setMdtClock } from '../helpers/mdt';

/**
 * Issue 18: opening a meeting made one `mdt:case:summary` request per case. `mdt:case:summaries` reads every
 * case of the meeting at once (one statement per table); it must answer exactly what the single operation
 * answers for each case, including the reads cut per patient (open actions, the last three previous
 * discussions other than this listing's, the latest intervention outcomes).
 */
describeEachEngine('case summaries of a whole meeting', (engine) => {
  let app: TestApp;
  let ids: { consultant: number; physio: number; psych: number };
  let complexType = 0;

  beforeEach(async () => {
    app = await createTestApp(engine);
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
  afterEach(() => app.close());

  const refer = (patientId: number, extra: Record<string, unknown> = {}) =>
    app.ok(
      'mdt:referral:create',
      {
        patientId,
        question: 'Is a spinal cord stimulator trial appropriate?',
        reason: 'neuromodulation-assessment',
        patientAware: true,
        meetingTypeId: complexType,
        ...extra,
      },
      COORD,
    );

  const quorate = async (meetingId: number) => {
    for (const userId of [ids.consultant, ids.physio, ids.psych])
      await app.ok('mdt:attendance:set', { meetingId, userId, status: 'present', version: null }, COORD);
  };

  it('answers, for every case of a seeded meeting, what the single case summary answers', async () => {
    // First meeting, Tuesday 24 November 2026: Early is discussed, an action is agreed, the meeting finished.
    const early = await mdtPatient(app, 'Early', { whatMatters: 'Sleep', nhsNumber: '943 476 5919' });
    const later = await mdtPatient(app, 'Later');
    const first = await refer(early.id, { question: 'SCS?', presenterId: ids.consultant });
    await refer(later.id, { question: 'SCS too?' });
    const firstMeeting = (await app.ok('mdt:meetings:list', { from: null }, COORD))[0]!.id;
    await quorate(firstMeeting);
    await setMdtClock(app, '2026-11-24T09:05:00Z');
    await app.ok('mdt:case:start', { listingId: first.id }, COORD);
    await confirmRead(
      app,
      {
        listingId: first.id,
        outcome: {
          kind: 'recommendation',
          summary: 'Proceed to a spinal cord stimulator trial.',
          rationale: 'Neuropathic leg pain; conservative care exhausted.',
          reviewDate: '2027-02-24',
          patientSummary: 'The team suggests a trial of a spinal cord stimulator.',
          actions: [
            { description: 'Book SCS trial', type: 'other', ownerId: ids.consultant, dueDate: '2026-12-15' },
          ],
        },
      },
      CHAIR,
    );
    const review = await app.ok('mdt:meeting:finishReview', { meetingId: firstMeeting }, CHAIR);
    const reasons = Object.fromEntries(review.cases.map((c) => [String(c.listingId), c.suggestedReason]));
    await app.ok('mdt:meeting:finish', { meetingId: firstMeeting, reasons }, CHAIR);

    // A month later: Early's medicines and an intervention request, and the next meeting's list.
    await setMdtClock(app, '2026-12-20T10:00:00Z');
    await app.ok(
      'meds:add',
      {
        patientId: early.id,
        medicine: {
          formularyId: 'oxycodone-mr-tablet',
          strength: '20 mg',
          doseKind: 'regular',
          doseMg: 20,
          timesPerDay: 2,
          startDate: '2026-06-01',
          prescriber: 'gp',
          indication: 'Back pain',
        },
      },
      CHAIR,
    );
    await app.ok(
      'interventions:request',
      {
        patientId: early.id,
        procedureCode: 'SCS_TRIAL',
        side: 'midline',
        site: 'T8-T10',
        indication: 'Neuropathic leg pain',
        priority: 'P3',
        rttClockStart: '2026-10-01',
      } as never,
      CHAIR,
    );
    const next = await app.ok('mdt:meetings:createNext', { meetingTypeId: complexType }, COORD);
    const third = await mdtPatient(app, 'Third');
    await refer(early.id, { question: 'Trial booked: anything else?', presenterId: ids.consultant });
    await refer(third.id, { question: 'Pain management programme?' });
    const listings = (await app.ok('mdt:meeting:get', { meetingId: next.id }, COORD)).listings;
    expect(listings).toHaveLength(2);

    for (const meetingId of [firstMeeting, next.id]) {
      const batch = await app.ok('mdt:case:summaries', { meetingId }, COORD);
      const { listings: listed } = await app.ok('mdt:meeting:get', { meetingId }, COORD);
      expect(batch.map((s) => s.listingId)).toEqual(listed.map((l) => l.id));
      for (const s of batch)
        expect(s).toEqual(await app.ok('mdt:case:summary', { listingId: s.listingId }, COORD));
    }

    // Early's case on the second list, worked out by hand.
    const summary = (await app.ok('mdt:case:summaries', { meetingId: next.id }, COORD)).find(
      (s) => s.patient.id === early.id,
    )!;
    expect(summary.questions).toEqual(['Trial booked: anything else?']);
    expect(summary.whatMatters).toBe('Sleep');
    // The action agreed on 24 November, due 15 December: overdue on 20 December.
    expect(summary.openActions).toEqual([
      expect.objectContaining({ description: 'Book SCS trial', dueDate: '2026-12-15', overdue: true }),
    ]);
    // The first meeting's outcome is a previous discussion here (it is another listing's).
    expect(summary.previousDiscussions).toEqual([
      { date: '2026-11-24', kind: 'recommendation', summary: 'Proceed to a spinal cord stimulator trial.' },
    ]);
    const section = (title: string) => summary.sections.find((x) => x.title === title)?.text ?? null;
    // 20 mg twice a day = 40 mg oxycodone × 1.5 = 60 mg OME a day (FPM Opioids Aware).
    expect(section('Medicines')).toMatch(/Total OME 60 mg\/day/);
    // RTT clock from 1 October 2026 + 18 weeks (126 days) = 4 February 2027.
    expect(section('Interventions')).toMatch(/midline, T8-T10\): waiting, P3, breach 04-Feb-2027\./);
    // No diagnosis code or notes, but the site; a presenter; no outcome measures.
    expect(summary.readiness).toEqual({ ready: false, missing: ['No outcome measures recorded'] });
  });

  it('refuses a meeting that does not exist, and answers an empty list for a meeting with no cases', async () => {
    const r = await app.call('mdt:case:summaries', { meetingId: 999_999 }, COORD);
    expect(r.ok ? null : r.error.code).toBe('NOT_FOUND');
    const m = await app.ok('mdt:meetings:createNext', { meetingTypeId: complexType }, COORD);
    expect(await app.ok('mdt:case:summaries', { meetingId: m.id }, COORD)).toEqual([]);
  });
});
