import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { JO } from '../helpers/seed';
import { itOnSqlite } from '../helpers/engines';

/**
 * Issue 17: "because audit rows hold only a user id and the restore rewinds ids, later rows are shown under
 * the next account created". Each row now carries the name and role as they were when it was written.
 */
let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => app.close());

describe('audit rows name the user as they were at the time', () => {
  itOnSqlite(
    'a row survives the account being renamed, given a new role, or its id being reused after a rewind',
    async () => {
      await signedInAs(app, 'admin', 'admin');
      const nurse = await signedInAs(app, 'nurse', 'nurse');
      const p = await app.ok('patients:create', JO, 'nurse');
      await app.ok(
        'users:update',
        { id: nurse.user.id, version: 0, displayName: 'Renamed Person', role: 'pharmacist' },
        'admin',
      );
      // What a restore that rewinds ids does: the account disappears and the next one created takes its id.
      const sqlite = app.dispatcher.conn.sqlite;
      sqlite.prepare('DELETE FROM users WHERE id = ?').run(nurse.user.id);
      sqlite.prepare("UPDATE sqlite_sequence SET seq = seq - 1 WHERE name = 'users'").run();
      const next = await app.ok(
        'users:create',
        {
          username: 'someone',
          displayName: 'Someone Else',
          role: 'consultant',
          password: 'violet kettle harbour',
        },
        'admin',
      );
      expect(next.id).toBe(nurse.user.id);
      await signedInAs(app, 'consultant', 'cons');
      const history = await app.ok('patients:history', { id: p.id }, 'cons');
      const created = history.find((h) => h.action === 'patient.create')!;
      expect(created).toMatchObject({ userName: 'Test nurse', userRole: 'nurse' });
      const search = await app.ok('audit:search', { group: null, patient: String(p.id) }, 'admin');
      expect(search.items.find((r) => r.action === 'patient.create')).toMatchObject({
        userName: 'Test nurse',
        userRole: 'nurse',
        detail: null, // no clinical content on the audit screen
      });
    },
  );

  it('the subject-access export lists who accessed the record, with formula-like cells neutralised', async () => {
    await signedInAs(app, 'admin', 'admin');
    await signedInAs(app, 'nurse', 'nurse');
    const p = await app.ok('patients:create', JO, 'nurse');
    const evil = await app.ok(
      'users:create',
      {
        username: 'evil',
        displayName: '=HYPERLINK("http://x")',
        role: 'nurse',
        password: 'violet kettle harbour',
      },
      'admin',
    );
    await app.ok('auth:signIn', { username: 'evil', password: 'violet kettle harbour' }, 'evil');
    await app.ok('patients:get', { id: p.id }, 'evil');
    expect(evil.id).toBeGreaterThan(0);
    const out = await app.ok('audit:subjectAccessExport', { patient: '943 476 5919' }, 'admin');
    expect(out.csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(out.csv).not.toMatch(/(^|,)"=/m);
    expect(out.csv).toContain('Opened a record');
    // UK dates and 24-hour times for the person who asked, on both engines (never an ISO instant).
    expect(out.csv).toMatch(/^"\d{2}-[A-Z][a-z]{2}-\d{4} \d{2}:\d{2}",/m);
    expect(out.csv).not.toMatch(/\d{4}-\d{2}-\d{2}[T ]\d{2}:/);
    expect(out.rows).toBe(2); // created, then opened
    const recorded = app.dispatcher.conn.sqlite
      .prepare("SELECT patient_id FROM audit_log WHERE action = 'audit.export'")
      .pluck()
      .all();
    expect(recorded).toEqual([p.id]);
  });

  it('the IT administrator cannot read record history (the review read full details through it)', async () => {
    await signedInAs(app, 'admin', 'admin');
    await signedInAs(app, 'nurse', 'nurse');
    const p = await app.ok('patients:create', JO, 'nurse');
    const r = await app.call('patients:history', { id: p.id }, 'admin');
    expect(!r.ok && r.error.code).toBe('FORBIDDEN');
    const get = await app.call('patients:get', { id: p.id }, 'admin');
    expect(!get.ok && get.error.code).toBe('FORBIDDEN');
  });
});
