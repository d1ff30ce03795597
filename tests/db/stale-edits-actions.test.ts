import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Engine } from '../../db/connection';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { CHAIR, COORD, confirmedCase, MDT_PASSWORD, mdtUser, setMdtClock } from '../helpers/mdt';

/**
 * Issue 19, MDT actions and the patient's decision: marking an action from a worklist read before someone else changed it wrote over
 * their change (who completed it, when, their note) without a word. Now the action carries a version; the
 * second change is refused, naming who changed it and when. Expected messages written by hand. The meeting is
 * on Tuesday 24-Nov-2026; the clock 09:05 UTC is 09:05 in London (GMT in November).
 */
describeEachEngine(
  'an MDT action marked at two desks: the second is refused, naming who and when',
  (engine: Engine) => {
    let app: TestApp;
    let actionId = 0;
    let listingId = 0;
    let meetingId = 0;
    beforeEach(async () => {
      app = await createTestApp(engine); // clock: 21-Nov-2026 10:00 UTC
      const chair = await signedInAs(app, 'consultant', CHAIR);
      const coord = await signedInAs(app, 'coordinator', COORD);
      const physio = await mdtUser(app, 'physio', 'physiotherapist');
      // A second consultant, who chairs other meetings, at another desk.
      await mdtUser(app, 'consultant2', 'consultant');
      ({ listingId, meetingId } = await confirmedCase(app, {
        surname: 'Actions',
        patient: { nhsNumber: '943 476 5919' },
        present: [chair.user.id, physio],
        actionOwner: coord.user.id,
      }));
      actionId = (await app.ok('mdt:worklist', { kind: 'my-actions' }, COORD))[0]!.id;
    });
    afterEach(async () => app.close());

    const row = () =>
      app.dispatcher.conn.db
        .selectFrom('mdt_actions')
        .select(['status', 'completion_note', 'version'])
        .where('id', '=', actionId)
        .executeTakeFirstOrThrow();

    it('the coordinator’s worklist was read; the chair marked it done; the coordinator’s change is refused', async () => {
      const read = (await app.ok('mdt:worklist', { kind: 'my-actions' }, COORD))[0]!;
      expect(read).toMatchObject({ id: actionId, status: 'open', version: 0 });
      await app.ok(
        'mdt:action:complete',
        { actionId, version: read.version, status: 'done', note: 'Letter sent with the clinic letter' },
        CHAIR,
      );
      const r = await app.call(
        'mdt:action:complete',
        { actionId, version: read.version, status: 'cancelled', note: 'Not needed' },
        COORD,
      );
      expect(r.ok).toBe(false);
      expect(r.ok ? null : r.error).toMatchObject({
        code: 'CONFLICT',
        message:
          'This action changed after you read it: it is now done. Yours was not saved. ' +
          'Test consultant changed it at 09:05 on 24-Nov-2026 (MDT action status changed).',
      });
      expect(await row()).toEqual({
        status: 'done',
        completion_note: 'Letter sent with the clinic letter',
        version: 1,
      });
    });

    it('a change made against the version read is saved and moves the version on', async () => {
      await app.ok('mdt:action:complete', { actionId, version: 0, status: 'in-progress' }, COORD);
      await app.ok('mdt:action:complete', { actionId, version: 1, status: 'done', note: 'Sent' }, COORD);
      expect(await row()).toEqual({ status: 'done', completion_note: 'Sent', version: 2 });
    });

    it('a letter marked sent at two desks: the second is refused, naming who sent it and when', async () => {
      // The letters are written when the meeting is finished.
      const fin = await app.ok('mdt:meeting:finish', { meetingId, reasons: {} }, CHAIR);
      const letter = fin.letters.find((l) => l.audience === 'gp')!;
      expect(letter.status).toBe('ready');
      await setMdtClock(app, '2026-11-24T11:15:00Z');
      await app.ok('mdt:letter:markSent', { letterId: letter.id }, CHAIR);
      const r = await app.call('mdt:letter:markSent', { letterId: letter.id }, COORD);
      expect(r.ok ? null : r.error).toMatchObject({
        code: 'CONFLICT',
        message:
          'This letter was already sent; it was not sent twice. ' +
          'Test consultant changed it at 11:15 on 24-Nov-2026 (MDT letter sent).',
      });
    });

    it('an outcome amended at two desks: the second is refused, naming who amended it and when', async () => {
      const read = (await app.ok('mdt:outcome:get', { listingId }, COORD))!;
      const change = {
        kind: 'recommendation' as const,
        summary: 'Offer the pain management programme after a psychology assessment.',
        options: [],
        rationale: 'Goals are about function.',
        reviewDate: '2027-02-23',
      };
      await setMdtClock(app, '2026-11-24T12:30:00Z');
      await app.ok('auth:signIn', { username: 'consultant2', password: MDT_PASSWORD }, 'chair-2');
      await app.ok('mdt:outcome:amend', { outcomeId: read.id, reason: 'Psychology first', change }, CHAIR);
      const r = await app.call(
        'mdt:outcome:amend',
        { outcomeId: read.id, reason: 'Typo', change: { ...change, summary: 'Offer the PMP.' } },
        'chair-2',
      );
      expect(r.ok ? null : r.error).toMatchObject({
        code: 'CONFLICT',
        message:
          'This outcome was amended after you read it, so yours was not saved: reopen the current version and ' +
          'amend that if your change is still needed. ' +
          'Test consultant changed it at 12:30 on 24-Nov-2026 (MDT outcome amended).',
      });
      expect((await app.ok('mdt:outcome:get', { listingId }, COORD))?.summary).toBe(
        'Offer the pain management programme after a psychology assessment.',
      );
    });

    // The patient's decision on the outcome, recorded at two desks (the coordinator after a phone call, the
    // chair in clinic): the second, made from a read before the first, wrote over it without a word.
    const decision = () =>
      app.dispatcher.conn.db
        .selectFrom('mdt_outcomes')
        .select(['patient_decision', 'patient_decision_notes', 'patient_decision_at'])
        .where('listing_id', '=', listingId)
        .where('status', '=', 'confirmed')
        .executeTakeFirstOrThrow();

    it('the patient’s decision recorded from an older read is refused, naming who recorded theirs and when', async () => {
      const read = (await app.ok('mdt:outcome:get', { listingId }, COORD))!;
      expect(read.patientDecisionAt).toBeNull();
      await setMdtClock(app, '2026-11-24T09:40:00Z');
      const chairs = await app.ok(
        'mdt:outcome:recordDecision',
        {
          outcomeId: read.id,
          decision: 'declined',
          notes: 'Declined the programme in clinic',
          readDecisionAt: null,
        },
        CHAIR,
      );
      expect(chairs.patientDecisionAt).toBe('2026-11-24T09:40:00.000Z');
      const r = await app.call(
        'mdt:outcome:recordDecision',
        {
          outcomeId: read.id,
          decision: 'accepted',
          notes: 'Phoned: happy to go ahead',
          readDecisionAt: null,
        },
        COORD,
      );
      expect(r.ok ? null : r.error).toMatchObject({
        code: 'CONFLICT',
        message:
          'The patient’s decision changed after you read it: it is now “Declined”. Yours was not saved. ' +
          "Test consultant changed it at 09:40 on 24-Nov-2026 (patient's decision on the MDT outcome recorded).",
      });
      expect(await decision()).toEqual({
        patient_decision: 'declined',
        patient_decision_notes: 'Declined the programme in clinic',
        patient_decision_at: '2026-11-24T09:40:00.000Z',
      });
      // Read again, the coordinator can record the change the patient asked for.
      await setMdtClock(app, '2026-11-24T10:00:00Z');
      await app.ok(
        'mdt:outcome:recordDecision',
        {
          outcomeId: read.id,
          decision: 'accepted',
          notes: 'Phoned: changed their mind',
          readDecisionAt: '2026-11-24T09:40:00.000Z',
        },
        COORD,
      );
      expect(await decision()).toEqual({
        patient_decision: 'accepted',
        patient_decision_notes: 'Phoned: changed their mind',
        patient_decision_at: '2026-11-24T10:00:00.000Z',
      });
    });
  },
);
