import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Engine } from '../../db/connection';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { CHAIR, COORD, confirmRead, mdtPatient, mdtUser, setMdtClock } from '../helpers/mdt';

/**
 * Issue 19, MDT actions: marking an action from a worklist read before someone else changed it wrote over
 * their change (who completed it, when, their note) without a word. Now the action carries a version; the
 * second change is refused, naming who changed it and when. Expected messages written by hand. The meeting is
 * on Tuesday 24-Nov-2026; the clock 09:05 UTC is 09:05 in London (GMT in November).
 */
describeEachEngine(
  'an MDT action marked at two desks: the second is refused, naming who and when',
  (engine: Engine) => {
    let app: TestApp;
    let actionId = 0;
    beforeEach(async () => {
      app = await createTestApp(engine); // clock: 21-Nov-2026 10:00 UTC
      const chair = await signedInAs(app, 'consultant', CHAIR);
      const coord = await signedInAs(app, 'coordinator', COORD);
      const physio = await mdtUser(app, 'physio', 'physiotherapist');
      const complexType = (await app.ok('mdt:meetingTypes:list', {}, COORD)).find(
        (t) => t.code === 'complex-pain-mdt',
      )!.id;
      const p = await mdtPatient(app, 'Actions');
      const l = await app.ok(
        'mdt:referral:create',
        {
          patientId: p.id,
          question: 'Suitable for the PMP?',
          reason: 'pmp-suitability',
          patientAware: true,
          meetingTypeId: complexType,
        },
        COORD,
      );
      await setMdtClock(app, '2026-11-24T09:05:00Z');
      for (const userId of [chair.user.id, physio])
        await app.ok(
          'mdt:attendance:set',
          { meetingId: l.meetingId, userId, status: 'present', version: null },
          COORD,
        );
      await app.ok('mdt:case:start', { listingId: l.id }, COORD);
      await confirmRead(app, {
        listingId: l.id,
        outcome: {
          kind: 'recommendation',
          summary: 'Offer the pain management programme.',
          rationale: 'Goals are about function.',
          reviewDate: '2027-02-23',
          patientSummary: 'You told us you want to walk further.',
          actions: [
            { description: 'Write to the GP', type: 'other', ownerId: coord.user.id, dueDate: '2026-12-15' },
          ],
        },
      });
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
  },
);
