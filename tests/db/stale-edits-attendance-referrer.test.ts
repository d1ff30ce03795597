import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Engine } from '../../db/connection';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import {
  CHAIR,
  COORD,
  confirmedCase,
  mdtPatient,
  mdtUser,
  referToComplexMdt,
  setMdtClock,
} from '../helpers/mdt';

/**
 * Issue 19, two more MDT writes that wrote over a colleague's newer change without a word:
 * - attendance (mdt:attendance:set): it decides quorum, so a coordinator's out-of-date screen marking someone
 *   present over the chair's newer "apologies" made quorum look met when it was not;
 * - the referrer a letter goes to (mdt:letter:setReferrer): a second desk's referrer replaced the first's.
 * Now each carries a version: the change made against an older state is refused, naming who changed it and
 * when, and nothing of it is saved. Expected messages written by hand. The meeting is on Tuesday
 * 24-Nov-2026; the clock 09:05 UTC is 09:05 in London (GMT in November).
 */
describeEachEngine(
  'MDT attendance recorded at two desks: the second is refused, naming who and when',
  (engine: Engine) => {
    let app: TestApp;
    let meetingId = 0;
    let chairId = 0;
    let physio = 0;
    let psych = 0;
    beforeEach(async () => {
      app = await createTestApp(engine); // clock: 21-Nov-2026 10:00 UTC
      const chair = await signedInAs(app, 'consultant', CHAIR);
      await signedInAs(app, 'coordinator', COORD);
      chairId = chair.user.id;
      physio = await mdtUser(app, 'physio', 'physiotherapist');
      psych = await mdtUser(app, 'psych', 'psychologist');
      const p = await mdtPatient(app, 'Attendance');
      const l = await referToComplexMdt(app, p.id);
      meetingId = l.meetingId;
      await setMdtClock(app, '2026-11-24T09:05:00Z');
      for (const userId of [chairId, physio])
        await app.ok('mdt:attendance:set', { meetingId, userId, status: 'present', version: null }, COORD);
    });
    afterEach(async () => app.close());

    const row = (userId: number) =>
      app.dispatcher.conn.db
        .selectFrom('mdt_attendance')
        .select(['status', 'version'])
        .where('meeting_id', '=', meetingId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
    const shown = async (userId: number) =>
      (await app.ok('mdt:meeting:get', { meetingId }, COORD)).attendance.find((a) => a.userId === userId);

    it('the coordinator’s screen showed the physio present; the chair recorded apologies; marking present is refused', async () => {
      const read = await shown(physio);
      expect(read).toMatchObject({ status: 'present', version: 0 });
      await app.ok(
        'mdt:attendance:set',
        { meetingId, userId: physio, status: 'apologies', version: read!.version },
        CHAIR,
      );
      // Later, the coordinator records someone else: that is not the change the refusal names.
      await setMdtClock(app, '2026-11-24T09:10:00Z');
      await app.ok(
        'mdt:attendance:set',
        { meetingId, userId: psych, status: 'remote', version: null },
        COORD,
      );
      const r = await app.call(
        'mdt:attendance:set',
        { meetingId, userId: physio, status: 'remote', version: read!.version },
        COORD,
      );
      expect(r.ok).toBe(false);
      expect(r.ok ? null : r.error).toMatchObject({
        code: 'CONFLICT',
        message:
          'Dr physio’s attendance changed after you read it: it is now apologies. Yours was not saved. ' +
          'Test consultant changed it at 09:05 on 24-Nov-2026 (MDT attendance recorded).',
      });
      expect(await row(physio)).toEqual({ status: 'apologies', version: 1 });
      // Quorum is read from what the chair recorded: the physio is not counted.
      expect((await shown(physio))!.inRoom).toBe(false);
    });

    it('the screen showed nobody recorded for the psychologist; the chair recorded them: recording absent is refused', async () => {
      expect(await shown(psych)).toBeUndefined();
      await app.ok(
        'mdt:attendance:set',
        { meetingId, userId: psych, status: 'present', version: null },
        CHAIR,
      );
      const r = await app.call(
        'mdt:attendance:set',
        { meetingId, userId: psych, status: 'absent', version: null },
        COORD,
      );
      expect(r.ok ? null : r.error).toMatchObject({
        code: 'CONFLICT',
        message:
          'Dr psych’s attendance was recorded after you read it: it is now present. Yours was not saved. ' +
          'Test consultant changed it at 09:05 on 24-Nov-2026 (MDT attendance recorded).',
      });
      expect(await row(psych)).toEqual({ status: 'present', version: 0 });
    });

    it('leaving and rejoining move the version on: a change read before the physio left is refused', async () => {
      const read = await shown(physio);
      await setMdtClock(app, '2026-11-24T09:20:00Z');
      await app.ok('mdt:attendance:leave', { meetingId, userId: physio }, CHAIR);
      const r = await app.call(
        'mdt:attendance:set',
        { meetingId, userId: physio, status: 'absent', version: read!.version },
        COORD,
      );
      expect(r.ok ? null : r.error).toMatchObject({
        code: 'CONFLICT',
        message:
          'Dr physio’s attendance changed after you read it: it is now present, left at 09:20. Yours was not saved. ' +
          'Test consultant changed it at 09:20 on 24-Nov-2026 (left the MDT meeting).',
      });
      expect(await row(physio)).toEqual({ status: 'present', version: 1 });
      const left = await shown(physio);
      await setMdtClock(app, '2026-11-24T09:30:00Z');
      await app.ok('mdt:attendance:rejoin', { meetingId, userId: physio }, CHAIR);
      const again = await app.call(
        'mdt:attendance:set',
        { meetingId, userId: physio, status: 'absent', version: left!.version },
        COORD,
      );
      expect(again.ok ? null : again.error).toMatchObject({
        code: 'CONFLICT',
        message:
          'Dr physio’s attendance changed after you read it: it is now present. Yours was not saved. ' +
          'Test consultant changed it at 09:30 on 24-Nov-2026 (rejoined the MDT meeting).',
      });
      expect(await row(physio)).toEqual({ status: 'present', version: 2 });
    });

    it('a change made against the version shown is saved and moves the version on', async () => {
      await app.ok('mdt:attendance:set', { meetingId, userId: physio, status: 'remote', version: 0 }, COORD);
      await app.ok('mdt:attendance:set', { meetingId, userId: physio, status: 'absent', version: 1 }, CHAIR);
      expect(await row(physio)).toEqual({ status: 'absent', version: 2 });
      expect(await shown(physio)).toMatchObject({ status: 'absent', version: 2 });
    });
  },
);

describeEachEngine(
  'a letter’s referrer recorded at two desks: the second is refused, naming who and when',
  (engine: Engine) => {
    let app: TestApp;
    let letterId = 0;
    beforeEach(async () => {
      app = await createTestApp(engine); // clock: 21-Nov-2026 10:00 UTC
      const chair = await signedInAs(app, 'consultant', CHAIR);
      const coord = await signedInAs(app, 'coordinator', COORD);
      const physio = await mdtUser(app, 'physio', 'physiotherapist');
      // Keyed by the coordinator with no referring clinician recorded: the referrer letter cannot be addressed.
      const l = await confirmedCase(app, {
        surname: 'Letters',
        present: [chair.user.id, physio],
        actionOwner: coord.user.id,
      });
      const review = await app.ok('mdt:meeting:finishReview', { meetingId: l.meetingId }, CHAIR);
      const reasons = Object.fromEntries(review.cases.map((x) => [String(x.listingId), x.suggestedReason]));
      await app.ok('mdt:meeting:finish', { meetingId: l.meetingId, reasons }, CHAIR);
      const letters = await app.ok('mdt:letters:list', { meetingId: l.meetingId }, COORD);
      letterId = letters.find((x) => x.audience === 'referrer')!.id;
    });
    afterEach(async () => app.close());

    const referral = () =>
      app.dispatcher.conn.db
        .selectFrom('mdt_referrals')
        .select(['referrer_name', 'referrer_organisation', 'referrer_version'])
        .executeTakeFirstOrThrow();
    const rao = {
      name: 'Dr Jane Rao',
      role: 'Consultant rheumatologist',
      organisation: 'City Hospital',
      address: 'Leeds LS9 7TF',
    };
    const ade = {
      name: 'Dr Sam Ade',
      role: 'Consultant neurologist',
      organisation: 'General Infirmary',
      address: 'Leeds LS1 3EX',
    };

    it('the coordinator’s list was read; the chair recorded Dr Rao; the coordinator’s Dr Ade is refused', async () => {
      const read = await app.ok('mdt:letter:get', { letterId }, COORD);
      expect(read).toMatchObject({ status: 'needs-attention', referrerVersion: 0 });
      await app.ok('mdt:letter:setReferrer', { letterId, version: read.referrerVersion, ...rao }, CHAIR);
      const r = await app.call(
        'mdt:letter:setReferrer',
        { letterId, version: read.referrerVersion, ...ade },
        COORD,
      );
      expect(r.ok ? null : r.error).toMatchObject({
        code: 'CONFLICT',
        message:
          'The referrer for LETTERS, Alex changed after you read it: it is now Dr Jane Rao, Consultant rheumatologist, City Hospital. Yours was not saved. ' +
          'Test consultant changed it at 09:05 on 24-Nov-2026 (MDT referrer details changed).',
      });
      expect(await referral()).toEqual({
        referrer_name: 'Dr Jane Rao',
        referrer_organisation: 'City Hospital',
        referrer_version: 1,
      });
      expect(await app.ok('mdt:letter:get', { letterId }, COORD)).toMatchObject({
        recipientName: 'Dr Jane Rao',
        referrerVersion: 1,
      });
    });

    it('recording it against the version shown is saved and moves the version on', async () => {
      await app.ok('mdt:letter:setReferrer', { letterId, version: 0, ...rao }, COORD);
      await app.ok('mdt:letter:setReferrer', { letterId, version: 1, ...ade }, CHAIR);
      expect(await referral()).toEqual({
        referrer_name: 'Dr Sam Ade',
        referrer_organisation: 'General Infirmary',
        referrer_version: 2,
      });
    });
  },
);
