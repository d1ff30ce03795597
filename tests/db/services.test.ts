import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine, rawRows } from '../helpers/engines';

describeEachEngine('services', (engine) => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp(engine);
  });
  afterEach(async () => app.close());

  const jo = {
    nhsNumber: '943 476 5919',
    surname: 'Smith',
    forename: 'Jo',
    dateOfBirth: '1960-02-29',
    sex: 'female' as const,
    allergies: [{ agent: 'Penicillin', reaction: 'Rash' }],
  };
  const count = async (table: string) =>
    Number((await rawRows(app.dispatcher.conn, `SELECT count(*) AS n FROM ${table}`))[0]!.n);

  describe('patients', () => {
    it('creates a patient with allergies, audited with who and what', async () => {
      const me = await signedInAs(app, 'nurse');
      const p = await app.ok('patients:create', jo);
      expect(p).toMatchObject({
        nhsNumber: '9434765919',
        surname: 'Smith',
        version: 1,
        allergies: [{ agent: 'Penicillin', reaction: 'Rash', recordedOn: null }],
      });
      const history = await app.ok('patients:history', { id: p.id });
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({
        action: 'patient.create',
        userId: me.user.id,
        userName: 'Test nurse',
        patientId: p.id,
      });
      expect(history[0]!.changes).toContainEqual({ field: 'nhsNumber', before: null, after: '9434765919' });
    });

    it('refuses a duplicate NHS number with a message on the field, saving nothing', async () => {
      await signedInAs(app);
      await app.ok('patients:create', jo);
      const before = { patients: await count('patients'), audit: await count('audit_log') };
      const r = await app.call('patients:create', { ...jo, forename: 'Joanna' });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('CONFLICT');
      expect(r.error.fields?.nhsNumber).toMatch(/already has this NHS number: SMITH, Jo/);
      expect({ patients: await count('patients'), audit: await count('audit_log') }).toEqual(before);
    });

    it('edits with a version check, records before and after, and refuses a stale edit', async () => {
      await signedInAs(app);
      const p = await app.ok('patients:create', jo);
      const edited = await app.ok('patients:update', {
        id: p.id,
        version: 1,
        patient: { ...jo, forename: 'Joanne', allergies: [] },
      });
      expect(edited).toMatchObject({ forename: 'Joanne', version: 2, allergies: [] });
      const [latest] = await app.ok('patients:history', { id: p.id });
      expect(latest!.action).toBe('patient.update');
      expect(latest!.changes).toContainEqual({ field: 'forename', before: 'Jo', after: 'Joanne' });
      expect(latest!.changes.find((c) => c.field === 'allergies')).toBeTruthy();
      const stale = await app.call('patients:update', {
        id: p.id,
        version: 1,
        patient: { ...jo, forename: 'Jojo' },
      });
      expect(!stale.ok && stale.error.code).toBe('CONFLICT');
      expect((await app.ok('patients:get', { id: p.id })).forename).toBe('Joanne');
    });

    it('finds patients by NHS number with spaces, surname prefix, "surname, forename" and hospital number', async () => {
      await signedInAs(app);
      await app.ok('patients:create', { ...jo, hospitalNumber: 'h123' });
      await app.ok('patients:create', {
        nhsNumber: '4010232137',
        surname: "O'Brien",
        forename: 'Sean',
        dateOfBirth: '1971-05-01',
        sex: 'male',
        allergies: [],
      });
      const search = async (query: string) =>
        (await app.ok('patients:search', { query })).items.map((i) => i.surname);
      expect(await search('943 476 5919')).toEqual(['Smith']);
      expect(await search('smi')).toEqual(['Smith']);
      expect(await search('obri')).toEqual(["O'Brien"]);
      expect(await search("o'brien, se")).toEqual(["O'Brien"]);
      expect(await search('sean obrien')).toEqual(["O'Brien"]);
      expect(await search('H12')).toEqual(['Smith']);
      expect(await search('jones')).toEqual([]);
      expect((await app.ok('patients:search', { query: '' })).total).toBe(2);
    });

    it('rolls back the whole write when a later step fails (no patient without its audit row)', async () => {
      await signedInAs(app);
      // Make the audit insert fail inside the transaction.
      if (engine === 'sqlite')
        await rawRows(
          app.dispatcher.conn,
          "CREATE TRIGGER break_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'patient.create' BEGIN SELECT RAISE(ABORT, 'disk trouble'); END",
        );
      else
        await rawRows(
          app.dispatcher.conn,
          "CREATE TRIGGER break_audit BEFORE INSERT ON audit_log FOR EACH ROW WHEN (NEW.action = 'patient.create') EXECUTE FUNCTION alongside_refuse('disk trouble')",
        );
      const r = await app.call('patients:create', jo);
      expect(r.ok).toBe(false);
      expect(await count('patients')).toBe(0);
      expect(await count('allergies')).toBe(0);
    });
  });

  describe('sign-in, lock and permissions', () => {
    it('refuses a wrong password with one message, and audits the attempt', async () => {
      await signedInAs(app, 'admin');
      const r = await app.call('auth:signIn', { username: 'admin', password: 'wrong password!' }, 'other');
      expect(r).toEqual({
        ok: false,
        error: {
          code: 'BAD_CREDENTIALS',
          message: 'That username and password do not match an active account.',
        },
      });
      const unknown = await app.call(
        'auth:signIn',
        { username: 'nobody', password: 'wrong password!' },
        'other',
      );
      expect(!unknown.ok && unknown.error.message).toBe(
        'That username and password do not match an active account.',
      );
      expect(
        (
          await rawRows(
            app.dispatcher.conn,
            "SELECT count(*) AS n FROM audit_log WHERE action = 'auth.sign-in-failed'",
          )
        )[0]!.n,
      ).toBe(2);
    });

    it('locks after the configured inactivity in the main process, and unlocks with the password', async () => {
      await signedInAs(app, 'consultant');
      app.clock.now = new Date(app.clock.now.getTime() + 9 * 60_000);
      expect((await app.call('patients:search', { query: '' })).ok).toBe(true); // 9 minutes idle: still open
      app.clock.now = new Date(app.clock.now.getTime() + 10 * 60_000 + 1000);
      const locked = await app.call('patients:search', { query: '' });
      expect(!locked.ok && locked.error.code).toBe('LOCKED');
      const wrong = await app.call('auth:unlock', { password: 'not it at all' });
      expect(!wrong.ok && wrong.error.fields?.password).toBeTruthy();
      expect((await app.ok('auth:unlock', { password: 'correct horse battery' })).locked).toBe(false);
      expect((await app.call('patients:search', { query: '' })).ok).toBe(true);
    });

    it('uses the lock time an administrator sets', async () => {
      await signedInAs(app, 'admin', 'admin-session');
      await app.ok('settings:update', { version: 0, lockAfterMinutes: 2 }, 'admin-session');
      await signedInAs(app, 'nurse');
      app.clock.now = new Date(app.clock.now.getTime() + 2 * 60_000 + 1);
      const r = await app.call('patients:search', { query: '' });
      expect(!r.ok && r.error.code).toBe('LOCKED');
    });

    it('enforces the role matrix in the main process', async () => {
      await signedInAs(app, 'admin', 'admin');
      await signedInAs(app, 'nurse', 'nurse');
      const nurseUsers = await app.call('users:list', {}, 'nurse');
      expect(!nurseUsers.ok && nurseUsers.error.code).toBe('FORBIDDEN');
      const adminPatients = await app.call('patients:search', { query: '' }, 'admin');
      expect(!adminPatients.ok && adminPatients.error.code).toBe('FORBIDDEN');
      const anon = await app.call('patients:search', { query: '' }, 'nobody');
      expect(!anon.ok && anon.error.code).toBe('UNAUTHENTICATED');
    });

    it('ends the sessions of a deactivated user at once', async () => {
      await signedInAs(app, 'admin', 'admin');
      const nurse = await signedInAs(app, 'nurse', 'nurse');
      await app.ok('users:update', { id: nurse.user.id, version: 0, active: false }, 'admin');
      const r = await app.call('patients:search', { query: '' }, 'nurse');
      expect(!r.ok && r.error.code).toBe('UNAUTHENTICATED');
      const again = await app.call(
        'auth:signIn',
        { username: 'nurse1', password: 'correct horse battery' },
        'nurse',
      );
      expect(!again.ok && again.error.code).toBe('BAD_CREDENTIALS');
    });

    it('creates the first administrator only once; demonstration data is not offered over the contract', async () => {
      await app.ok('setup:createFirstAdmin', {
        username: 'boss',
        displayName: 'Boss',
        password: 'correct horse battery',
      });
      const again = await app.call('setup:createFirstAdmin', {
        username: 'boss2',
        displayName: 'Boss',
        password: 'correct horse battery',
      });
      expect(!again.ok && again.error.code).toBe('FORBIDDEN');
      const demo = await app.dispatcher.dispatch('test', 'setup:loadDemo', { patients: 10 });
      expect(!demo.ok && demo.error.code).toBe('UNKNOWN_CHANNEL');
    });

    it('stores passwords as scrypt hashes, never in the clear', async () => {
      await signedInAs(app, 'admin');
      const hash = (
        await rawRows(app.dispatcher.conn, "SELECT password_hash FROM users WHERE username = 'admin'")
      )[0]!.password_hash as string;
      expect(hash).toMatch(/^scrypt\$\d+\$8\$1\$/);
      expect(hash).not.toContain('correct horse');
    });
  });
});
