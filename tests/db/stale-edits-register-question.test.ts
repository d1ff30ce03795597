import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Engine } from '../../db/connection';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { CHAIR, COORD, mdtPatient } from '../helpers/mdt';

/**
 * Issue 19: "Two people saving the same thing get a clear conflict with the other person's change shown,
 * never a silent overwrite." Two writes still overwrote silently: a session's group register taken twice
 * (rehab:groupRegister) and an MDT case's question (mdt:listing:setQuestion). Two people open the same
 * thing; the first saves; the second saves what they opened and is refused, told who saved first and when;
 * the first person's work is what stays. Expected messages written by hand. The test clock is 21-Nov-2026
 * 10:00 UTC, 10:00 in London (GMT in November).
 */

const refusal = async (app: TestApp, channel: string, payload: unknown, who: string) => {
  const r = await app.call(channel as never, payload as never, who);
  expect(r.ok).toBe(false);
  if (r.ok) return { code: '', message: '', fields: undefined };
  return r.error;
};

describeEachEngine(
  'a second group register for the same session is refused, naming who and when',
  (engine: Engine) => {
    let app: TestApp;
    beforeEach(async () => {
      app = await createTestApp(engine); // clock: 21-Nov-2026 10:00 UTC
      await signedInAs(app, 'physiotherapist', 'physio');
      await signedInAs(app, 'consultant', 'cons');
    });
    afterEach(async () => app.close());

    /** A programme with sessions on 19-Nov-2026 (held) and 26-Nov-2026, and two participants. */
    async function programmeWithTwo() {
      const g = await app.ok(
        'rehab:groupCreate',
        {
          name: 'Autumn pain management programme',
          facilitators: 'Tom Nowak (physiotherapist)',
          location: 'Outpatients, room 4',
          capacity: 10,
          completionPercent: 75,
          sessions: [{ date: '2026-11-19' }, { date: '2026-11-26' }],
        },
        'physio',
      );
      for (const surname of ['Ashby', 'Brook']) {
        const p = await app.ok(
          'patients:create',
          { surname, forename: 'Jo', dateOfBirth: '1970-01-01', sex: 'female', allergies: [] },
          'physio',
        );
        await app.ok(
          'rehab:groupEnrol',
          { programmeId: g.id, patientId: p.id, enrolledOn: '2026-11-01' },
          'physio',
        );
      }
      return app.ok('rehab:group', { programmeId: g.id }, 'physio');
    }

    it('both opened session 1; the physiotherapist saved first; the consultant’s marks are refused and theirs kept', async () => {
      const opened = await programmeWithTwo();
      const session = opened.sessions[0]!;
      expect(session.registerVersion).toBe(0);
      const [ashby, brook] = opened.enrolments;
      // Both have the register open at version 0. The physiotherapist saves first.
      const saved = await app.ok(
        'rehab:groupRegister',
        {
          sessionId: session.id,
          version: session.registerVersion,
          entries: [
            { enrolmentId: ashby!.id, status: 'attended' },
            { enrolmentId: brook!.id, status: 'apologies' },
          ],
        },
        'physio',
      );
      expect(saved.sessions[0]!.registerVersion).toBe(1);
      // The consultant saves what they marked on the register as it was when they opened it.
      const e = await refusal(
        app,
        'rehab:groupRegister',
        {
          sessionId: session.id,
          version: session.registerVersion,
          entries: [
            { enrolmentId: ashby!.id, status: 'dna' },
            { enrolmentId: brook!.id, status: 'dna' },
          ],
        },
        'cons',
      );
      expect(e.code).toBe('CONFLICT');
      expect(e.message).toBe(
        'Someone else saved the register for session 1 (19-Nov-2026) after you opened it, so your marks were not saved: compare them with the register as it is now and save again if they are still right. ' +
          'Test physiotherapist changed it at 10:00 on 21-Nov-2026 (group programme register taken).',
      );
      const now = await app.ok('rehab:group', { programmeId: opened.id }, 'cons');
      expect(now.enrolments.map((x) => x.attendance[session.id])).toEqual(['attended', 'apologies']);
      // Having seen the register as it is now (version 1), the consultant may correct it deliberately.
      const corrected = await app.ok(
        'rehab:groupRegister',
        { sessionId: session.id, version: 1, entries: [{ enrolmentId: brook!.id, status: 'dna' }] },
        'cons',
      );
      expect(corrected.enrolments.map((x) => x.attendance[session.id])).toEqual(['attended', 'dna']);
      expect(corrected.sessions[0]!.registerVersion).toBe(2);
    });

    it('another session’s register does not refuse this one', async () => {
      const opened = await programmeWithTwo();
      const [first] = opened.sessions;
      const ashby = opened.enrolments[0]!;
      await app.ok(
        'rehab:groupRegister',
        { sessionId: first!.id, version: 0, entries: [{ enrolmentId: ashby.id, status: 'attended' }] },
        'physio',
      );
      // The second session is on 26-Nov-2026: its own version is untouched.
      const again = await app.ok('rehab:group', { programmeId: opened.id }, 'physio');
      expect(again.sessions.map((s) => s.registerVersion)).toEqual([1, 0]);
    });
  },
);

describeEachEngine(
  'an MDT case question edited by two people: the second is refused, naming who and when',
  (engine: Engine) => {
    let app: TestApp;
    let listingId = 0;
    beforeEach(async () => {
      app = await createTestApp(engine); // clock: 21-Nov-2026 10:00 UTC
      await signedInAs(app, 'consultant', CHAIR);
      await signedInAs(app, 'coordinator', COORD);
      const complexType = (await app.ok('mdt:meetingTypes:list', {}, COORD)).find(
        (t) => t.code === 'complex-pain-mdt',
      )!.id;
      const p = await mdtPatient(app, 'Question');
      listingId = (
        await app.ok(
          'mdt:referral:create',
          {
            patientId: p.id,
            question: 'Suitable for the PMP?',
            reason: 'pmp-suitability',
            patientAware: true,
            meetingTypeId: complexType,
          },
          COORD,
        )
      ).id;
    });
    afterEach(async () => app.close());

    const listing = async () => {
      const m = (await app.ok('mdt:meetings:list', { from: null }, COORD))[0]!;
      return (await app.ok('mdt:meeting:get', { meetingId: m.id }, COORD)).listings.find(
        (l) => l.id === listingId,
      )!;
    };

    it('both opened the case with no question of its own; the coordinator saved first; the chair is refused', async () => {
      const opened = await listing();
      expect(opened).toMatchObject({ ownQuestion: null, questionVersion: 0 });
      const first = await app.ok(
        'mdt:listing:setQuestion',
        { listingId, version: opened.questionVersion, question: 'PMP or psychology first?', reason: null },
        COORD,
      );
      expect(first).toMatchObject({ ownQuestion: 'PMP or psychology first?', questionVersion: 1 });
      // Meanwhile the chair changed the case's minutes: a change of the listing, not of its question (the
      // refusal names who changed the question, not who changed something else on the case since).
      await app.ok('mdt:listing:update', { listingId, plannedMinutes: 15 }, CHAIR);
      const e = await refusal(
        app,
        'mdt:listing:setQuestion',
        {
          listingId,
          version: opened.questionVersion,
          question: 'Should we start an opioid taper?',
          reason: null,
        },
        CHAIR,
      );
      expect(e.code).toBe('CONFLICT');
      expect(e.message).toBe(
        'Someone else changed this case’s question after you opened it. It now reads: “PMP or psychology first?”. ' +
          'Yours was not saved: compare the two and save yours again if it is still needed. ' +
          'Test coordinator changed it at 10:00 on 21-Nov-2026 (MDT question changed).',
      );
      expect((await listing()).ownQuestion).toBe('PMP or psychology first?');
    });

    it('an edit made against the current version is saved, and moves the version on', async () => {
      const q1 = await app.ok(
        'mdt:listing:setQuestion',
        { listingId, version: 0, question: 'PMP or psychology first?', reason: null },
        COORD,
      );
      const q2 = await app.ok(
        'mdt:listing:setQuestion',
        {
          listingId,
          version: q1.questionVersion,
          question: 'Psychology first, then the PMP?',
          reason: 'The psychologist asked to see her first.',
        },
        CHAIR,
      );
      expect(q2).toMatchObject({ ownQuestion: 'Psychology first, then the PMP?', questionVersion: 2 });
      // A second save from the editor opened at version 1 is now out of date too.
      const e = await refusal(
        app,
        'mdt:listing:setQuestion',
        { listingId, version: 1, question: 'PMP?', reason: 'Shorter' },
        COORD,
      );
      expect(e.message).toBe(
        'Someone else changed this case’s question after you opened it. It now reads: “Psychology first, then the PMP?”. ' +
          'Yours was not saved: compare the two and save yours again if it is still needed. ' +
          'Test consultant changed it at 10:00 on 21-Nov-2026 (MDT question changed).',
      );
    });
  },
);
