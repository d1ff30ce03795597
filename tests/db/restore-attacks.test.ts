import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';

/**
 * Issue 17, restore and recovery: the attacks of the adversarial review, replayed through the real
 * dispatcher. Each failed (the attack worked) before the fix; see the note for issue 17.
 */

let app: TestApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

const PASSWORD = 'correct horse battery';

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

/**
 * The crafted "backup" of the review: a real copy of the database with two extra administrators, the
 * audit table's protective triggers dropped, a trigger deleting the new accounts' audit rows, a trigger
 * multiplying new doses by 10, and an extra statement hidden after a trigger's text.
 */
async function craftBackup(a: TestApp, dir: string, name: string): Promise<string> {
  const target = join(dir, name);
  await a.dispatcher.conn.sqlite.backup(target);
  const db = new Database(target);
  const admin = db.prepare("SELECT * FROM users WHERE role = 'admin' LIMIT 1").get() as Record<
    string,
    unknown
  >;
  for (const u of ['mallory', 'trudy'])
    db.prepare(
      'INSERT INTO users (username, display_name, role, password_hash, active, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)',
    ).run(u, u, 'admin', admin.password_hash, admin.created_at, admin.updated_at);
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  db.exec(`CREATE TRIGGER hide_new_admins AFTER INSERT ON audit_log
    WHEN new.user_id IN (SELECT id FROM users WHERE username IN ('mallory', 'trudy'))
    BEGIN DELETE FROM audit_log WHERE id = new.id; END`);
  db.exec(`CREATE TRIGGER dose_times_ten AFTER INSERT ON medicine_entries
    BEGIN UPDATE medicine_entries SET dose_mg = dose_mg * 10 WHERE id = new.id; END`);
  db.unsafeMode(true);
  db.pragma('writable_schema = ON');
  db.prepare(
    "UPDATE sqlite_master SET sql = sql || '; CREATE TABLE main.hidden_statement_ran(x)' WHERE name = 'dose_times_ten'",
  ).run();
  db.pragma('writable_schema = OFF');
  db.close();
  return target;
}

const objectNames = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT type || ' ' || name FROM sqlite_master ORDER BY 1").pluck().all();
  } finally {
    db.close();
  }
};

const sha = (file: string) =>
  createHash('sha256')
    .update(readFileSync(file))
    .update(existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0))
    .digest('hex');

describe('issue 17: a crafted backup is refused, nothing in its schema runs', () => {
  it('the crafted backup (extra admins, audit triggers dropped, hiding and dose triggers, hidden statement) is refused; the live database keeps its protections', async () => {
    const s = await setUp();
    app = s.app;
    const before = objectNames(app.file);
    await craftBackup(app, s.dir, 'manual-2026-11-21T09-00-00-000Z.sqlite');
    const r = await app.call(
      'data:restore',
      { name: 'manual-2026-11-21T09-00-00-000Z.sqlite', confirm: true },
      'admin',
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/not made by Alongside on this computer|signature/);
    const sqlite = app.dispatcher.conn.sqlite;
    expect(
      sqlite.prepare("SELECT count(*) FROM users WHERE username IN ('mallory', 'trudy')").pluck().get(),
    ).toBe(0);
    expect(objectNames(app.file)).toEqual(before);
    expect(() => sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('imported explicitly as foreign, the same file is still refused for its schema, with the reason', async () => {
    const s = await setUp();
    app = s.app;
    const before = objectNames(app.file);
    await craftBackup(app, s.dir, 'crafted.sqlite');
    const r = await app.call(
      'data:restore',
      { name: 'crafted.sqlite', confirm: true, foreign: true },
      'admin',
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toMatch(/not an Alongside backup/);
      expect(r.error.message).toMatch(/trigger "hide_new_admins"/);
      expect(r.error.message).toMatch(
        /missing: trigger "audit_log_no_update", trigger "audit_log_no_delete"/,
      );
    }
    const sqlite = app.dispatcher.conn.sqlite;
    expect(
      sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'hidden_statement_ran'").pluck().get(),
    ).toBe(0);
    expect(objectNames(app.file)).toEqual(before);
    // The refusal itself is audited.
    expect(
      sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'data.restore.refused'").pluck().get(),
    ).toBe(1);
  });

  it('the preview no longer says "integrity ok" for the crafted file: it names what differs', async () => {
    const s = await setUp();
    app = s.app;
    await craftBackup(app, s.dir, 'crafted.sqlite');
    const p = await app.ok('data:backupPreview', { name: 'crafted.sqlite' }, 'admin');
    expect(p.integrity).not.toBe('ok');
    expect(p.integrity).toMatch(/hide_new_admins/);
  });

  it('a backup of the same database, signed by this installation but changed afterwards, is refused as altered', async () => {
    const s = await setUp();
    app = s.app;
    const b = await app.ok('data:backupNow', {}, 'admin');
    const file = join(s.dir, b.name);
    const bytes = readFileSync(file);
    // One byte of the database part changed (in the middle of the file): the MAC no longer matches.
    const mid = Math.floor(bytes.length / 2);
    bytes[mid] = bytes[mid]! ^ 0x01;
    writeFileSync(file, bytes);
    const r = await app.call('data:restore', { name: b.name, confirm: true }, 'admin');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/changed after it was taken/);
  });
});

describe('issue 17: restoring something that is not an Alongside database changes nothing, byte for byte', () => {
  it.each([
    ['a text file', (f: string) => writeFileSync(f, 'hello, this is not a database\n'.repeat(200))],
    [
      'another SQLite database that claims a schema version',
      (f: string) => {
        const db = new Database(f);
        db.exec(
          'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES (1)',
        );
        db.pragma('user_version = 14');
        db.close();
      },
    ],
    ['an empty file', (f: string) => writeFileSync(f, '')],
  ])('%s: refused with the reason, the live database exactly as it was', async (_label, make) => {
    const s = await setUp();
    app = s.app;
    const sqlite = app.dispatcher.conn.sqlite;
    make(join(s.dir, 'notalongside.sqlite'));
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const before = sha(app.file);
    // Restore from the command-line path's function and from the app: first the function, byte for byte.
    const r = await app.call(
      'data:restore',
      { name: 'notalongside.sqlite', confirm: true, foreign: true },
      'admin',
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.message).toMatch(/not an Alongside backup|cannot be opened as a database/);
      expect(r.error.message).not.toMatch(/nothing was saved/i);
    }
    // The app audits the refusal (one row); everything else is unchanged: undo that row's effect by
    // comparing the data tables, and compare bytes through the function that does the restore.
    expect(sqlite.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(1);
    const { restoreBackup } = await import('../../db/backup-restore');
    const { LATEST_VERSION } = await import('../../db/migrations/index');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const mid = sha(app.file);
    await expect(
      restoreBackup(sqlite, app.file, join(s.dir, 'notalongside.sqlite'), s.dir, {
        latestVersion: LATEST_VERSION,
        allowForeign: true,
      }),
    ).rejects.toThrow(/not an Alongside backup|cannot be opened as a database/);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    expect(sha(app.file)).toBe(mid);
    expect(before).not.toBe('');
    // And the app still works afterwards.
    expect((await app.ok('data:status', {}, 'admin')).databaseFile).toBe(app.file);
  });
});

describe('issue 17: every session ends when the database underneath changes', () => {
  it('a restore through another connection (the command line, another process) signs out this process', async () => {
    const s = await setUp();
    app = s.app;
    const b = await app.ok('data:backupNow', {}, 'admin');
    await signedInAs(app, 'consultant', 'c');
    expect((await app.call('patients:search', { query: 'Smith' }, 'c')).ok).toBe(true);
    // `npm run restore` while the app is open: its own connection to the same file.
    const { openDatabase } = await import('../../db/connection');
    const { restoreBackup } = await import('../../db/backup-restore');
    const { LATEST_VERSION } = await import('../../db/migrations/index');
    const cli = openDatabase(app.file);
    try {
      await restoreBackup(cli.sqlite, app.file, join(s.dir, b.name), s.dir, {
        latestVersion: LATEST_VERSION,
      });
    } finally {
      await cli.close();
    }
    const after = await app.call('patients:search', { query: 'Smith' }, 'c');
    expect(after.ok).toBe(false);
    if (!after.ok) {
      expect(after.error.code).toBe('UNAUTHENTICATED');
      expect(after.error.message).toMatch(/restored or replaced/);
    }
    // Signing in again works.
    await app.ok('auth:signIn', { username: 'admin', password: PASSWORD }, 'admin');
  });
});

describe('issue 17: the audit trail survives a restore, ids never reused, the restore audited', () => {
  it('rows written after the backup are carried over (marked), the restore is audited, new ids go on from the highest', async () => {
    const s = await setUp();
    app = s.app;
    const sqlite = app.dispatcher.conn.sqlite;
    const b = await app.ok('data:backupNow', {}, 'admin');
    await app.ok(
      'patients:create',
      {
        nhsNumber: '9434765870',
        surname: 'Jones',
        forename: 'Al',
        dateOfBirth: '1950-01-01',
        sex: 'male',
        allergies: [],
      },
      'c',
    );
    const liveRows = sqlite.prepare('SELECT id, action, at FROM audit_log ORDER BY id').all() as {
      id: number;
    }[];
    const maxBefore = liveRows.at(-1)!.id;
    await app.ok('data:restore', { name: b.name, confirm: true }, 'admin');
    const rows = sqlite
      .prepare('SELECT id, action, at, carried_over, original_id FROM audit_log ORDER BY id')
      .all() as { id: number; action: string; carried_over: string | null; original_id: number | null }[];
    // Every row of the replaced database is still there, under its own id.
    for (const r of liveRows) expect(rows.find((x) => x.id === r.id)).toMatchObject(r);
    const created = rows.find((r) => r.action === 'patient.create' && r.carried_over);
    expect(created).toMatchObject({ carried_over: 'replaced-database' });
    // The restore's own row, after everything else.
    const restoreRow = rows.at(-1)!;
    expect(restoreRow.action).toBe('data.restore');
    expect(restoreRow.id).toBe(maxBefore + 1);
    // Nothing is reused: the next audit row takes the next id.
    await app.ok('auth:signIn', { username: 'admin', password: PASSWORD }, 'admin');
    await app.ok('data:backupNow', {}, 'admin');
    const last = sqlite.prepare('SELECT max(id) FROM audit_log').pluck().get() as number;
    expect(last).toBeGreaterThan(restoreRow.id);
  });
});

describe('issue 17: the newest backup comes from the signed metadata, never the file name', () => {
  it('a file named for a future date is neither the newest good backup nor the one that stops daily backups', async () => {
    const s = await setUp();
    app = s.app;
    const good = await app.ok('data:backupNow', {}, 'admin');
    // A planted copy named for a date years ahead (a real database, unsigned).
    const planted = join(s.dir, 'daily-2099-01-01T00-00-00-000Z.sqlite');
    await app.dispatcher.conn.sqlite.backup(planted);
    const { newestGoodBackup } = await import('../../db/open');
    const { lastDailyBackup } = await import('../../db/backup');
    const newest = await newestGoodBackup(s.dir, undefined, app.file);
    expect(newest?.name).toBe(good.name);
    expect(lastDailyBackup(s.dir, new Date('2026-11-21T10:00:00Z'))).toBeNull();
    // Even a signed backup copied under a future name keeps its own time.
    copyFileSync(join(s.dir, good.name), join(s.dir, 'daily-2098-01-01T00-00-00-000Z.sqlite'));
    const listed = (await app.ok('data:status', {}, 'admin')).backups.find((b) =>
      b.name.startsWith('daily-2098'),
    );
    expect(listed?.takenAt).toBe(good.takenAt);
  });

  it('unsigned files are not offered at recovery, and appended bytes break the signature', async () => {
    const s = await setUp();
    app = s.app;
    const b = await app.ok('data:backupNow', {}, 'admin');
    appendFileSync(join(s.dir, b.name), 'x');
    const { newestGoodBackup } = await import('../../db/open');
    expect(await newestGoodBackup(s.dir, undefined, app.file)).toBeNull();
  });
});

describe('issue 17: recovery at start-up is audited', () => {
  it('recovering a damaged database from the newest good backup writes a data.recover row and carries the readable audit trail', async () => {
    const s = await setUp();
    app = s.app;
    await app.ok('data:backupNow', {}, 'admin');
    await app.ok(
      'patients:create',
      {
        nhsNumber: '9434765870',
        surname: 'Jones',
        forename: 'Al',
        dateOfBirth: '1950-01-01',
        sex: 'male',
        allergies: [],
      },
      'c',
    );
    const { newestGoodBackup, recoverFromBackup } = await import('../../db/open');
    const conn = app.dispatcher.conn;
    conn.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const auditBefore = conn.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
    await conn.close();
    const good = await newestGoodBackup(s.dir, undefined, app.file);
    expect(good).not.toBeNull();
    const { damagedCopy } = await recoverFromBackup(app.file, s.dir, good!.name);
    expect(damagedCopy).not.toBeNull();
    const db = new Database(app.file, { readonly: true });
    try {
      const rows = db.prepare('SELECT action, after_json FROM audit_log ORDER BY id').all() as {
        action: string;
        after_json: string;
      }[];
      expect(rows.at(-1)!.action).toBe('data.recover');
      expect(JSON.parse(rows.at(-1)!.after_json)).toMatchObject({ restored: good!.name });
      // Every audit row of the replaced (here readable) database is still there, plus the recovery row.
      expect(rows.length).toBe(auditBefore + 1);
      expect(
        db.prepare("SELECT count(*) FROM audit_log WHERE carried_over = 'replaced-database'").pluck().get(),
      ).toBeGreaterThan(0);
      // The patient created after the backup is not in the recovered data (the backup's state).
      expect(db.prepare("SELECT count(*) FROM patients WHERE surname = 'Jones'").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
