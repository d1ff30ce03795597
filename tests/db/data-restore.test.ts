import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { restoreBackup, takeBackup } from '../../db/backup';
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
    const r = await restoreBackup(sqlite, app.file, backup, dir, { latestVersion: 1000 });
    expect(r.contents.patients).toBe(2);
    expect(snapshot(sqlite)).toEqual({
      objects: expected.objects,
      version: expected.version,
      sequences: expected.sequences,
      patients: expected.patients,
      audit: expected.audit,
    });
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
    // And the app carries on: a new patient gets the next id.
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
    expect(p.id).toBe(3);
    await app.close();
  });

  it.each(['check the backup', 'safety backup, checked', 'copy the backup in'])(
    'a failure at "%s" leaves the live database exactly as it was',
    async (failAt) => {
      const { app, backup, dir } = await appWithData();
      const sqlite = app.dispatcher.conn.sqlite;
      const before = snapshot(sqlite);
      await expect(
        restoreBackup(sqlite, app.file, backup, dir, {
          latestVersion: 1000,
          onPhase: (phase) => {
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
    },
  );
});
