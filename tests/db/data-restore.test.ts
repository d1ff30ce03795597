import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { takeBackup } from '../../db/backup';
import { restoreBackup } from '../../db/backup-restore';
import { LATEST_VERSION } from '../../db/migrations/index';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';

/**
 * The restore replaces the live database with the backup's schema and rows inside one write
 * transaction (db/backup.ts restoreBackup): the result is the backup exactly (every table, index,
 * trigger and view, AUTOINCREMENT sequences, statistics, schema version), the protections still hold
 * (audit rows cannot be changed), and a failure at any point leaves the live database as it was.
 */

const snapshot = (db: Database.Database, schema = 'main') => ({
  objects: db
    .prepare(`SELECT type, name, tbl_name, sql FROM ${schema}.sqlite_master ORDER BY type, name`)
    .all(),
  version: db.pragma(`${schema}.user_version`, { simple: true }),
  sequences: db.prepare(`SELECT name, seq FROM ${schema}.sqlite_sequence ORDER BY name`).all(),
  patients: db.prepare(`SELECT * FROM ${schema}.patients ORDER BY id`).all(),
  audit: db.prepare(`SELECT * FROM ${schema}.audit_log ORDER BY id`).all(),
});

async function appWithData(): Promise<{ app: TestApp; backup: string; dir: string }> {
  const app = await createTestApp();
  await signedInAs(app, 'consultant', 'c');
  for (const [nhs, surname] of [
    ['9434765919', 'Smith'],
    ['9434765870', 'Jones'],
  ] as const)
    await app.ok(
      'patients:create',
      { nhsNumber: nhs, surname, forename: 'Jo', dateOfBirth: '1961-03-07', sex: 'female', allergies: [] },
      'c',
    );
  app.dispatcher.conn.sqlite.exec('ANALYZE');
  const dir = join(app.dir, 'backups');
  const backup = await takeBackup(app.dispatcher.conn.sqlite, dir, 'manual');
  // Changes after the backup: a patient, a deleted-and-reused sequence, no statistics.
  await app.ok(
    'patients:create',
    {
      nhsNumber: '9434765838',
      surname: 'After',
      forename: 'Backup',
      dateOfBirth: '1970-01-01',
      sex: 'male',
      allergies: [],
    },
    'c',
  );
  app.dispatcher.conn.sqlite.exec('DELETE FROM sqlite_stat1');
  return { app, backup, dir };
}

describe('restoreBackup: the backup exactly, or nothing', () => {
  it('restores every object, row, sequence, statistic and the schema version; protections still hold', async () => {
    const { app, backup, dir } = await appWithData();
    const sqlite = app.dispatcher.conn.sqlite;
    const expected = (() => {
      const b = new Database(backup, { readonly: true });
      try {
        return {
          ...snapshot(b),
          stats: b.prepare('SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx').all(),
        };
      } finally {
        b.close();
      }
    })();
    const liveAudit = snapshot(sqlite).audit as { id: number }[];
    const r = await restoreBackup(sqlite, app.file, backup, dir, { latestVersion: LATEST_VERSION });
    expect(r.contents.patients).toBe(2);
    const after = snapshot(sqlite);
    expect({ ...after, audit: undefined, sequences: undefined }).toEqual({
      objects: expected.objects,
      version: expected.version,
      patients: expected.patients,
      audit: undefined,
      sequences: undefined,
    });
    // Issue 17: the audit trail is not rewound. The backup's rows, then the replaced database's row for
    // the patient created after the backup, carried over with its own id (marked); no id reused.
    const backupAudit = expected.audit as { id: number }[];
    expect(after.audit).toEqual([
      ...backupAudit,
      ...liveAudit
        .slice(backupAudit.length)
        .map((row) => ({ ...row, carried_over: 'replaced-database', original_id: row.id })),
    ]);
    // Sequences never go back: patients stays at 3 (the replaced database had handed out id 3).
    expect(after.sequences).toEqual(
      (expected.sequences as { name: string; seq: number }[]).map((s) =>
        s.name === 'patients'
          ? { ...s, seq: 3 }
          : s.name === 'audit_log'
            ? { ...s, seq: liveAudit.at(-1)!.id }
            : s,
      ),
    );
    expect(sqlite.prepare('SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx').all()).toEqual(
      expected.stats,
    );
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(() => sqlite.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow();
    expect(() => sqlite.prepare('DELETE FROM audit_log').run()).toThrow();
    // The safety backup holds the state that was replaced (three patients).
    const safety = new Database(r.safetyBackup, { readonly: true });
    expect(safety.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(3);
    safety.close();
    // And the app carries on: a new patient gets the next id never handed out before (4, not 3: the
    // carried audit rows name patient 3 of the replaced database).
    // Every session ended with the restore (issue 17): the administrator signs in again first.
    await app.ok('auth:signIn', { username: 'admin', password: 'correct horse battery' }, 'setup');
    await signedInAs(app, 'consultant', 'c2');
    const p = await app.ok(
      'patients:create',
      {
        nhsNumber: '9434765838',
        surname: 'Again',
        forename: 'New',
        dateOfBirth: '1970-01-01',
        sex: 'male',
        allergies: [],
      },
      'c2',
    );
    expect(p.id).toBe(4);
    await app.close();
  });

  it.each([
    'private copy, signature checked',
    'schema and integrity checked',
    'safety backup, checked',
    'copy the backup in',
  ])('a failure at "%s" leaves the live database exactly as it was', async (failAt) => {
    const { app, backup, dir } = await appWithData();
    const sqlite = app.dispatcher.conn.sqlite;
    const before = snapshot(sqlite);
    await expect(
      restoreBackup(sqlite, app.file, backup, dir, {
        latestVersion: LATEST_VERSION,
        onPhase: (phase: string) => {
          if (phase === failAt) throw new Error(`injected failure at ${phase}`);
        },
      }),
    ).rejects.toThrow(/injected failure/);
    expect(sqlite.inTransaction).toBe(false);
    expect(snapshot(sqlite)).toEqual(before);
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    // Nothing stays attached.
    expect(
      (sqlite.pragma('database_list') as { name: string }[]).map((d) => d.name).filter((n) => n !== 'temp'),
    ).toEqual(['main']);
    await app.close();
  });
});
