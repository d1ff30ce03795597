import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { CHAIR, COORD, confirmRead, mdtPatient, mdtUser, setMdtClock } from '../helpers/mdt';

/** The minutes of a finished MDT meeting ('mdt:meeting:minutes'), on real SQLite through the dispatcher. */

let app: TestApp;
const sqlite = () => app.dispatcher.conn.sqlite;
let ids: { consultant: number; physio: number; psych: number; nurse: number };
let complexType: number;

const makeUser = (username: string, role: string) => mdtUser(app, username, role);

const patient = (surname: string, extra: Record<string, unknown> = {}) => mdtPatient(app, surname, extra);

const setClock = (iso: string) => setMdtClock(app, iso);

const refer = (patientId: number, question: string) =>
  app.ok(
    'mdt:referral:create',
    {
      patientId,
      question,
      reason: 'neuromodulation-assessment',
      patientAware: true,
      meetingTypeId: complexType,
      presenterId: ids.consultant,
    },
    COORD,
  );

beforeEach(async () => {
  app = await createTestApp();
  const chair = await signedInAs(app, 'consultant', CHAIR);
  await signedInAs(app, 'coordinator', COORD);
  ids = {
    consultant: chair.user.id,
    physio: await makeUser('physio', 'physiotherapist'),
    psych: await makeUser('psych', 'psychologist'),
    nurse: await makeUser('nurse', 'nurse'),
  };
  const types = await app.ok('mdt:meetingTypes:list', {}, COORD);
  complexType = types.find((t) => t.code === 'complex-pain-mdt')!.id;
});
afterEach(async () => app.close());

describe('MDT minutes', () => {
  async function meetingWithCases() {
    const a = await patient('Early', { nhsNumber: '943 476 5919' });
    const b = await patient('Later');
    const c = await patient('Noted');
    const la = await refer(a.id, 'SCS?');
    const lb = await refer(b.id, 'SCS too?');
    const lc = await refer(c.id, 'Repeat the facet joint injection?');
    await app.ok('mdt:listing:update', { listingId: lc.id, category: 'protocol-noted' }, COORD);
    const meetingId = (await app.ok('mdt:meetings:list', { from: null }, COORD))[0]!.id;
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
    return { a, b, la, lb, lc, meetingId };
  }

  const outcome = () => ({
    kind: 'recommendation' as const,
    summary: 'Proceed to a spinal cord stimulator trial.',
    rationale: 'Neuropathic leg pain; conservative care exhausted.',
    reviewDate: '2027-02-24',
    patientSummary: 'The team suggests a trial of a spinal cord stimulator.',
    actions: [
      {
        description: 'Book SCS trial',
        type: 'other' as const,
        ownerId: ids.consultant,
        dueDate: '2026-12-15',
      },
    ],
  });

  it('holds attendance intervals, each discussed case with outcome, quorum, actions and amendments, and the carried case', async () => {
    const { la, lb, lc, meetingId } = await meetingWithCases();
    await setClock('2026-11-24T09:05:00Z');
    await app.ok('mdt:case:start', { listingId: la.id }, COORD);
    const c = await confirmRead(app, { listingId: la.id, outcome: outcome() }, CHAIR);
    await app.ok(
      'mdt:outcome:amend',
      {
        outcomeId: c.outcome.id,
        reason: 'Typo in the plan',
        change: {
          kind: 'recommendation',
          summary: 'Proceed to SCS trial after psychology review.',
          rationale: 'Neuropathic leg pain; conservative care exhausted.',
          reviewDate: '2027-02-24',
        },
      },
      CHAIR,
    );

    // Not finished yet: refused.
    const early = await app.call('mdt:meeting:minutes', { meetingId }, COORD);
    expect(early.ok ? '' : early.error).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/finished/),
    });

    await setClock('2026-11-24T10:30:00Z');
    await app.ok('mdt:meeting:finish', { meetingId, reasons: { [lb.id]: 'Ran out of time' } }, CHAIR);
    const rows = () => sqlite().prepare('SELECT count(*) FROM mdt_listings').pluck().get() as number;
    const listingsBefore = rows();
    const m = await app.ok('mdt:meeting:minutes', { meetingId }, COORD);
    // A read: nothing changed.
    expect(rows()).toBe(listingsBefore);

    expect(m.meeting).toMatchObject({
      id: meetingId,
      status: 'closed',
      meetingTypeName: 'Complex pain MDT (example)',
    });
    expect(m.actualEndAt).toBe('2026-11-24T10:30:00.000Z');
    const psych = m.attendance.find((x) => x.userId === ids.psych)!;
    expect(psych).toMatchObject({ discipline: 'psychologist', status: 'present' });
    expect(psych.intervals).toEqual([{ joinedAt: '2026-11-24T09:00:00Z', leftAt: '2026-11-24T09:20:00Z' }]);
    expect(m.attendance.find((x) => x.userId === ids.nurse)?.status).toBe('apologies');

    expect(m.discussed).toHaveLength(1);
    const d = m.discussed[0]!;
    expect(d.listing).toMatchObject({ id: la.id, patientName: 'EARLY, Alex', questions: ['SCS?'] });
    expect(d.listing.nhsNumber?.replace(/\s/g, '')).toBe('9434765919');
    expect(d.outcome).toMatchObject({
      version: 2,
      status: 'confirmed',
      kind: 'recommendation',
      summary: 'Proceed to SCS trial after psychology review.',
      rationale: 'Neuropathic leg pain; conservative care exhausted.',
      reviewDate: '2027-02-24',
    });
    expect(d.outcome?.quorum?.met).toBe(true);
    expect(d.outcome?.quorum?.presentByDiscipline).toMatchObject({ psychologist: 1, physiotherapist: 1 });
    expect(d.outcome?.actions.map((x) => [x.description, x.ownerName, x.dueDate, x.type])).toEqual([
      ['Book SCS trial', 'Test consultant', '2026-12-15', 'other'],
    ]);
    expect(d.amendments).toEqual([expect.objectContaining({ version: 2, reason: 'Typo in the plan' })]);

    expect(m.notDiscussed).toEqual([
      expect.objectContaining({
        listing: expect.objectContaining({ id: lb.id, patientName: 'LATER, Alex', status: 'deferred' }),
        reason: 'Ran out of time',
        deferralCount: 1,
        escalate: false,
      }),
    ]);
    expect(m.notDiscussed[0]?.nextMeetingId).not.toBeNull();
    expect(m.protocolNoted.map((l) => l.id)).toEqual([lc.id]);
    expect(m.forInformation).toEqual([]);
  });

  it('refuses the minutes of a meeting that is not finished, and of one that does not exist', async () => {
    const { meetingId } = await meetingWithCases();
    const r = await app.call('mdt:meeting:minutes', { meetingId }, CHAIR);
    expect(r.ok ? null : r.error.code).toBe('CONFLICT');
    expect(r.ok ? '' : r.error.message).toBe('Minutes are available once the meeting is finished.');
    const missing = await app.call('mdt:meeting:minutes', { meetingId: 999_999 }, CHAIR);
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
  });
});
