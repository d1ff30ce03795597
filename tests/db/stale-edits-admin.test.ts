import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Engine } from '../../db/connection';
import type { MeetingTypeView } from '../../shared/domain/mdt';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { CHAIR, COORD, MDT_PASSWORD, mdtUser } from '../helpers/mdt';

/**
 * Issue 19, administration: a meeting type (its quorum rules, recurrence and chair) saved at two desks. The
 * second save, made from a screen read before the first, silently put back the first person's quorum rule.
 * Now it is refused, naming who changed it and when, and nothing of it is saved. Expected messages written by
 * hand. The test clock is 21-Nov-2026 10:00 UTC (10:00 in London, GMT in November).
 */

/** The form's values for a meeting type as the screen showed it (the meeting-type form does the same). */
function asShown(t: MeetingTypeView) {
  return {
    id: t.id,
    version: t.version,
    code: t.code,
    name: t.name,
    purpose: t.purpose,
    recurrence: t.recurrence as {
      kind: 'weekly';
      weekday: 'tuesday';
      everyWeeks: number;
      startsOn: string;
      time: string;
    },
    durationMinutes: t.durationMinutes,
    cutOffHours: t.cutOffHours,
    chairId: t.chairId,
    coreMemberIds: t.coreMemberIds,
    defaultMinutesPerCase: t.defaultMinutesPerCase,
    quorumRules: t.quorumRules
      .filter((r) => r.appliesToThisType)
      .map((r) => ({
        label: r.label,
        caseCategories: r.caseCategories as null,
        requirements: r.requirements.map((q) => ({
          disciplines: q.disciplines.filter(
            (d): d is Exclude<typeof d, 'coordinator'> => d !== 'coordinator',
          ),
          min: q.min,
          label: q.label,
        })),
        enforcement: r.enforcement,
      })),
  };
}

const SAFEGUARDING_RULE = {
  label: 'Safeguarding: a psychologist present',
  caseCategories: ['safeguarding' as const],
  requirements: [{ disciplines: ['psychologist' as const], min: 1, label: 'psychologist' }],
  enforcement: 'block' as const,
};

describeEachEngine(
  'a meeting type saved at two desks: the second is refused, naming who and when',
  (engine: Engine) => {
    let app: TestApp;
    let typeId = 0;
    beforeEach(async () => {
      app = await createTestApp(engine); // clock: 21-Nov-2026 10:00 UTC
      await signedInAs(app, 'consultant', CHAIR);
      await signedInAs(app, 'coordinator', COORD);
      // A second consultant (who may also change quorum rules) at another desk.
      await mdtUser(app, 'consultant2', 'consultant');
      await app.ok('auth:signIn', { username: 'consultant2', password: MDT_PASSWORD }, 'chair-2');
      typeId = (await app.ok('mdt:meetingTypes:list', {}, CHAIR)).find(
        (t) => t.code === 'complex-pain-mdt',
      )!.id;
    });
    afterEach(async () => app.close());

    const stored = async () =>
      (await app.ok('mdt:meetingTypes:list', {}, CHAIR)).find((t) => t.id === typeId)!;

    it('one adds a quorum rule, the other (from an older read) moves the time: the time is refused, the rule kept', async () => {
      const read = await stored();
      expect(read.version).toBe(0);
      const a = asShown(read);
      // Desk B (the chair) adds a safeguarding rule.
      await app.ok(
        'mdt:meetingTypes:save',
        { ...asShown(read), quorumRules: [...asShown(read).quorumRules, SAFEGUARDING_RULE] },
        CHAIR,
      );
      // Desk A (the second consultant, screen read before) moves the time to 14:00.
      const r = await app.call(
        'mdt:meetingTypes:save',
        { ...a, recurrence: { ...a.recurrence, time: '14:00' } },
        'chair-2',
      );
      expect(r.ok).toBe(false);
      expect(r.ok ? null : r.error).toMatchObject({
        code: 'CONFLICT',
        message:
          'This meeting type changed after you opened it. Yours was not saved: open it again, check their change, and make yours again if it is still needed. ' +
          'Test consultant changed it at 10:00 on 21-Nov-2026 (MDT meeting type saved).',
      });
      const now = await stored();
      expect(now.recurrence).toMatchObject({ time: '09:00' });
      expect(now.quorumRules.map((q) => q.label)).toContain('Safeguarding: a psychologist present');
      expect(now.version).toBe(1);
    });

    it('a save made against the version read is saved and moves the version on; a new type needs no version', async () => {
      const read = await stored();
      const a = asShown(read);
      const saved = await app.ok(
        'mdt:meetingTypes:save',
        { ...a, recurrence: { ...a.recurrence, time: '14:00' } },
        COORD,
      );
      expect(saved).toMatchObject({ version: 1, recurrence: { time: '14:00' } });
      const again = await app.ok('mdt:meetingTypes:save', { ...asShown(saved), durationMinutes: 90 }, COORD);
      expect(again).toMatchObject({ version: 2, durationMinutes: 90 });
      const created = await app.ok(
        'mdt:meetingTypes:save',
        { ...a, id: null, version: null, code: 'spinal-mdt', name: 'Spinal MDT', quorumRules: undefined },
        COORD,
      );
      expect(created).toMatchObject({ code: 'spinal-mdt', version: 0 });
    });

    it('changing a meeting type without saying which version was shown is refused', async () => {
      const { version: _version, ...noVersion } = asShown(await stored());
      const r = await app.call('mdt:meetingTypes:save', { ...noVersion, durationMinutes: 90 }, COORD);
      expect(r.ok ? null : r.error.code).toBe('VALIDATION');
      expect((await stored()).durationMinutes).toBe(120);
    });
  },
);

/**
 * Issue 19, staff accounts: an administrator's screen read before another administrator deactivated a
 * leaver (or changed a role) wrote its own change over theirs: re-activating the leaver, or putting the old
 * role back. Now each account carries a version; a change made against an older one is refused, naming who
 * changed it and when, and nothing is saved.
 */
describeEachEngine(
  'an account changed at two administrators’ desks: the second is refused',
  (engine: Engine) => {
    let app: TestApp;
    let nurseId = 0;
    beforeEach(async () => {
      app = await createTestApp(engine); // clock: 21-Nov-2026 10:00 UTC
      await signedInAs(app, 'admin', 'admin');
      await app.ok(
        'users:create',
        { username: 'admin2', displayName: 'Second Admin', role: 'admin', password: MDT_PASSWORD },
        'admin',
      );
      await app.ok('auth:signIn', { username: 'admin2', password: MDT_PASSWORD }, 'admin-2');
      nurseId = (
        await app.ok(
          'users:create',
          { username: 'leaver', displayName: 'Pat Leaver', role: 'nurse', password: MDT_PASSWORD },
          'admin',
        )
      ).id;
    });
    afterEach(async () => app.close());

    const row = () =>
      app.dispatcher.conn.db
        .selectFrom('users')
        .select(['role', 'active', 'clinical_lead', 'version'])
        .where('id', '=', nurseId)
        .executeTakeFirstOrThrow();
    const listed = async () => (await app.ok('users:list', {}, 'admin')).find((u) => u.id === nurseId)!;

    it('one deactivates a leaver; the other (from an older list) changes their role: refused, they stay deactivated', async () => {
      const read = await listed();
      expect(read).toMatchObject({ active: true, role: 'nurse', version: 0 });
      await app.ok('users:update', { id: nurseId, version: read.version, active: false }, 'admin-2');
      const r = await app.call(
        'users:update',
        { id: nurseId, version: read.version, role: 'physiotherapist' },
        'admin',
      );
      expect(r.ok).toBe(false);
      expect(r.ok ? null : r.error).toMatchObject({
        code: 'CONFLICT',
        message:
          'Pat Leaver’s account changed after you read it: it is now deactivated. Yours was not saved. ' +
          'Second Admin changed it at 10:00 on 21-Nov-2026 (changed an account).',
      });
      expect(await row()).toEqual({ role: 'nurse', active: 0, clinical_lead: 0, version: 1 });
    });

    it('one changes the role; the other (from an older list) re-activates: refused, the role change kept', async () => {
      const read = await listed();
      await app.ok('users:update', { id: nurseId, version: 0, active: false }, 'admin');
      const deactivated = await listed();
      await app.ok(
        'users:update',
        { id: nurseId, version: deactivated.version, role: 'consultant' },
        'admin-2',
      );
      const r = await app.call(
        'users:update',
        { id: nurseId, version: deactivated.version, active: true },
        'admin',
      );
      expect(r.ok ? null : r.error.message).toBe(
        'Pat Leaver’s account changed after you read it: it is now deactivated. Yours was not saved. ' +
          'Second Admin changed it at 10:00 on 21-Nov-2026 (changed an account).',
      );
      expect(await row()).toEqual({ role: 'consultant', active: 0, clinical_lead: 0, version: 2 });
      expect(read.version).toBe(0);
    });

    it('a change made against the version read is saved and moves the version on; without a version it is refused', async () => {
      const a = await app.ok('users:update', { id: nurseId, version: 0, clinicalLead: true }, 'admin');
      expect(a).toMatchObject({ clinicalLead: true, version: 1 });
      const b = await app.ok('users:update', { id: nurseId, version: 1, active: false }, 'admin-2');
      expect(b).toMatchObject({ active: false, version: 2 });
      const r = await app.call('users:update', { id: nurseId, active: true } as never, 'admin');
      expect(r.ok ? null : r.error.code).toBe('VALIDATION');
      expect(await row()).toEqual({ role: 'nurse', active: 0, clinical_lead: 1, version: 2 });
    });
  },
);

/**
 * Issue 19, the service's settings (the lock time, the unusual-access alert, the telephone number printed on
 * letters): a save from a Settings screen read before another administrator's put their values back. Now it
 * is refused, naming who saved theirs and when, and nothing of it is saved.
 */
describeEachEngine(
  'the settings saved at two administrators’ desks: the second is refused',
  (engine: Engine) => {
    let app: TestApp;
    beforeEach(async () => {
      app = await createTestApp(engine); // clock: 21-Nov-2026 10:00 UTC
      await signedInAs(app, 'admin', 'admin');
      await app.ok(
        'users:create',
        { username: 'admin2', displayName: 'Second Admin', role: 'admin', password: MDT_PASSWORD },
        'admin',
      );
      await app.ok('auth:signIn', { username: 'admin2', password: MDT_PASSWORD }, 'admin-2');
    });
    afterEach(async () => app.close());

    it('one shortens the lock time; the other (from an older screen) saves the telephone number: refused, the lock time kept', async () => {
      const read = await app.ok('settings:get', {}, 'admin');
      expect(read).toEqual({
        lockAfterMinutes: 10,
        accessAlertRecords: 50,
        accessAlertMinutes: 60,
        serviceContactNumber: '',
        version: 0,
      });
      await app.ok('settings:update', { ...read, lockAfterMinutes: 5 }, 'admin-2');
      const r = await app.call(
        'settings:update',
        { ...read, serviceContactNumber: '0114 271 1900' },
        'admin',
      );
      expect(r.ok ? null : r.error).toMatchObject({
        code: 'CONFLICT',
        message:
          'The settings changed after you opened them. Yours were not saved: check their change, and make yours again if it is still needed. ' +
          'Second Admin changed it at 10:00 on 21-Nov-2026 (changed settings).',
      });
      expect(await app.ok('settings:get', {}, 'admin')).toEqual({
        lockAfterMinutes: 5,
        accessAlertRecords: 50,
        accessAlertMinutes: 60,
        serviceContactNumber: '',
        version: 1,
      });
    });

    it('a save made against the version read is saved and moves the version on; without a version it is refused', async () => {
      await app.ok('settings:update', { version: 0, lockAfterMinutes: 5 }, 'admin');
      await app.ok('settings:update', { version: 1, serviceContactNumber: '0114 271 1900' }, 'admin-2');
      const r = await app.call('settings:update', { lockAfterMinutes: 30 } as never, 'admin');
      expect(r.ok ? null : r.error.code).toBe('VALIDATION');
      expect(await app.ok('settings:get', {}, 'admin')).toMatchObject({
        lockAfterMinutes: 5,
        serviceContactNumber: '0114 271 1900',
        version: 2,
      });
    });
  },
);
