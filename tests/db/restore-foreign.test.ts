import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../db/dispatcher';
import { openAndMigrate } from '../../db/open';
import type { PatientPage } from '../../shared/ipc/contract';
import { TEST_PASSWORD_COST, createTestApp, signedInAs, type TestApp } from '../helpers/db';

/**
 * Issue 17, restore and recovery, the points no other file replays:
 * - an unsigned file (a genuine Alongside database copied by hand, or an old backup) is refused unless an
 *   administrator imports it explicitly as foreign; the foreign import is audited as such. Before the
 *   signatures any Alongside-looking file was restored silently.
 * - after a refused restore of a file that is not an Alongside database, the app starts again and answers
 *   (the review: "after a restart every call fails and the in-app restore cannot be reached").
 */

let app: TestApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

async function setUp(): Promise<{ app: TestApp; dir: string }> {
  const a = await createTestApp();
  await signedInAs(a, 'consultant', 'c');
  await a.ok(
    'patients:create',
    {
      nhsNumber: '9434765919',
      surname: 'Smith',
      forename: 'Jo',
      dateOfBirth: '1961-03-07',
      sex: 'female',
      allergies: [],
    },
    'c',
  );
  await signedInAs(a, 'admin', 'admin');
  const { backupDir } = await a.ok('data:status', {}, 'admin');
  mkdirSync(backupDir, { recursive: true });
  return { app: a, dir: backupDir };
}

const auditActions = (a: TestApp) =>
  a.dispatcher.conn.sqlite
    .prepare("SELECT action FROM audit_log WHERE action LIKE 'data.restore%' ORDER BY id")
    .pluck()
    .all() as string[];

describe('issue 17: an unsigned backup needs an explicit foreign import, which is audited as such', () => {
  it('a genuine Alongside copy without a signature is refused, then restored only as foreign, with its own audit row', async () => {
    const s = await setUp();
    app = s.app;
    // A plain copy of the live database: the right schema, but no metadata and no MAC.
    await app.dispatcher.conn.sqlite.backup(join(s.dir, 'copied-by-hand.sqlite'));
    const listed = (await app.ok('data:status', {}, 'admin')).backups.find(
      (b) => b.name === 'copied-by-hand.sqlite',
    );
    expect(listed?.signed).toBe(false);

    const refused = await app.call('data:restore', { name: 'copied-by-hand.sqlite', confirm: true }, 'admin');
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('VALIDATION');
      expect(refused.error.message).toMatch(/carries no signature/);
      expect(refused.error.message).toMatch(/import it as a foreign backup/);
    }
    expect(auditActions(app)).toEqual(['data.restore.refused']);

    const restored = await app.call(
      'data:restore',
      { name: 'copied-by-hand.sqlite', confirm: true, foreign: true },
      'admin',
    );
    expect(restored.ok).toBe(true);
    // The restore signed everyone out; the audit trail (carried over) names the foreign import.
    expect(auditActions(app)).toEqual(['data.restore.refused', 'data.restore.foreign']);
  });
});

describe('issue 17: a refused restore leaves an app that starts again', () => {
  it.each([
    ['a text file', (f: string) => writeFileSync(f, 'not a database\n'.repeat(500))],
    [
      "another program's SQLite database claiming a schema version",
      (f: string) => {
        const db = new Database(f);
        db.exec(
          'CREATE TABLE photos (id INTEGER PRIMARY KEY, title TEXT); INSERT INTO photos (title) VALUES (1)',
        );
        db.pragma('user_version = 14');
        db.close();
      },
    ],
    [
      "another program's SQLite database",
      (f: string) => {
        const db = new Database(f);
        db.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY, title TEXT)');
        db.close();
      },
    ],
  ])('after refusing %s, the database reopens and every call answers', async (_label, make) => {
    const s = await setUp();
    app = s.app;
    make(join(s.dir, 'holiday-photos.sqlite'));
    const r = await app.call(
      'data:restore',
      { name: 'holiday-photos.sqlite', confirm: true, foreign: true },
      'admin',
    );
    expect(r.ok).toBe(false);
    // "Restart": a new connection and dispatcher on the same file, as the app does at start-up.
    const { conn } = await openAndMigrate(app.file);
    try {
      const d = createDispatcher(conn, { passwordCost: TEST_PASSWORD_COST });
      const signIn = await d.dispatch('x', 'auth:signIn', {
        username: 'consultant1',
        password: 'correct horse battery',
      });
      expect(signIn.ok).toBe(true);
      const found = await d.dispatch('x', 'patients:search', { query: 'Smith' });
      expect(found.ok).toBe(true);
      if (found.ok)
        expect((found.value as PatientPage).items.map((p) => p.nhsNumber)).toEqual(['9434765919']);
      const admin = await d.dispatch('y', 'auth:signIn', {
        username: 'admin',
        password: 'correct horse battery',
      });
      expect(admin.ok).toBe(true);
      const backups = await d.dispatch('y', 'data:status', {});
      expect(backups.ok, 'the in-app restore can still be reached').toBe(true);
    } finally {
      await conn.close();
    }
  });
});
