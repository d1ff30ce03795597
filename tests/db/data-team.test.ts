import { afterAll, beforeAll, expect, it } from 'vitest';
import { PG_MIGRATIONS } from '../../db/migrations-pg/index';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';

/**
 * Backups, restore and data health when Alongside runs on the team server's PostgreSQL database (issue 19).
 * The server's database is backed up by the trust's IT team with pg_dump (the service's clinical decisions (clinical lead), "Team mode": a
 * database the trust already runs and backs up), so the app says so in words and reports the database it is
 * on, instead of failing with a generic error on SQLite file operations.
 */
describeEachEngine('backups and data health', (engine) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(engine);
    await signedInAs(app, 'admin');
  });
  afterAll(() => app.close());

  if (engine === 'sqlite') {
    it('on this computer the status is the SQLite file and its backups, with no team server', async () => {
      const s = await app.ok('data:status', {});
      expect(s.teamServer).toBeNull();
      expect(s.databaseFile).toBe(app.file);
    });
    return;
  }

  it('reports the server database: connected, schema version, size and when it last changed', async () => {
    await signedInAs(app, 'consultant', 'clinician');
    app.clock.now = new Date('2026-11-21T10:01:00Z');
    await app.ok(
      'patients:create',
      {
        nhsNumber: null,
        surname: 'Teamwork',
        forename: 'Alex',
        dateOfBirth: '1970-01-01',
        sex: 'female',
        allergies: [],
      },
      'clinician',
    );
    app.clock.now = new Date('2026-11-21T10:02:00Z');
    await app.ok('patients:search', { query: 'Teamwork' }, 'clinician'); // a read: audited, but no change
    const s = await app.ok('data:status', {});
    expect(s.teamServer).not.toBeNull();
    const t = s.teamServer!;
    expect(t.connected).toBe(true);
    // The newest PostgreSQL migration shipped (db/migrations-pg/index.ts) is the one applied.
    expect(t.schemaVersion).toBe(PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version);
    expect(t.latestSchemaVersion).toBe(t.schemaVersion);
    expect(t.bytes).toBeGreaterThan(1024 * 1024); // an empty PostgreSQL database is several MB
    expect(t.serverVersion).toMatch(/^\d+(\.\d+)?/);
    // The last change is the patient created at 10:01 (the search at 10:02 is a read, not a change).
    expect(t.lastChangeAt).toBe('2026-11-21T10:01:00.000Z');
    expect(s.backups).toEqual([]);
    expect(s.alerts).toEqual([]);
    expect(s.networkWarning).toBeNull();
  });

  it('the data-health alerts are empty, not an error', async () => {
    expect(await app.ok('data:alerts', {})).toEqual([]);
  });

  for (const [operation, payload] of [
    ['data:backupNow', {}],
    ['data:setBackupDir', { dir: '/srv/backups' }],
    ['data:backupPreview', { name: 'alongside-2026.sqlite' }],
    ['data:restore', { name: 'alongside-2026.sqlite', confirm: true }],
  ] as const) {
    it(`${operation} is refused with words saying IT backs up and restores the team server`, async () => {
      const r = await app.call(operation, payload as never);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.message).toMatch(/team server/);
      expect(r.error.message).toMatch(/IT team/);
      expect(r.error.message).not.toMatch(/sqlite|undefined|Cannot read|INTERNAL/i);
    });
  }
});
