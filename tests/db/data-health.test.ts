import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKUP_KEY_FILE } from '../../db/backup-sign';
import {
  dataAlerts,
  integrityCheckInChunks,
  sqliteCode,
  startDailyBackups,
  startIntegrityChecks,
} from '../../db/health';
import { openAndMigrate } from '../../db/open';
import { nameKey } from '../../shared/search';
import { createTestApp, signedInAs, tempDir, type TestApp } from '../helpers/db';

/** Issue 17, keeping the data healthy. Each test failed before the fix (see the note for issue 17). */

let app: TestApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

const mode = (f: string) => statSync(f).mode & 0o777;

describe('files readable only by their owner', () => {
  it('the data folder (0700), the database (0600), backups (0600), their folder (0700) and the backup key (0600)', async () => {
    const t = tempDir();
    try {
      const dataDir = join(t.dir, 'data');
      const file = join(dataDir, 'alongside.sqlite');
      const { conn } = await openAndMigrate(file);
      const a = await createTestApp();
      app = a;
      await signedInAs(a, 'admin', 'admin');
      const b = await a.ok('data:backupNow', {}, 'admin');
      const { backupDir } = await a.ok('data:status', {}, 'admin');
      expect(mode(dataDir)).toBe(0o700);
      expect(mode(file)).toBe(0o600);
      expect(mode(a.file)).toBe(0o600);
      expect(mode(backupDir)).toBe(0o700);
      expect(mode(join(backupDir, b.name))).toBe(0o600);
      expect(mode(join(a.dir, BACKUP_KEY_FILE))).toBe(0o600);
      await conn.close();
    } finally {
      t.cleanup();
    }
  });
});

describe('daily backups', () => {
  it("a single backup named for a future date does not stop today's backup", async () => {
    const a = await createTestApp();
    app = a;
    const dir = join(a.dir, 'backups');
    mkdirSync(dir, { recursive: true });
    // A real database file under a daily backup's name, dated 2099.
    await a.dispatcher.conn.sqlite.backup(join(dir, 'daily-2099-01-01T00-00-00-000Z.sqlite'));
    const s = startDailyBackups({
      sqlite: a.dispatcher.conn.sqlite,
      dbFile: a.file,
      backupDir: () => dir,
      now: () => a.clock.now,
      setInterval: () => 0,
      clearInterval: () => undefined,
    });
    // The scheduler's first look runs at start (void tick()); a second look must find nothing due.
    await new Promise((r) => setTimeout(r, 300));
    expect(await s.tick()).toBe(false);
    s.stop();
    const status = await (async () => {
      await signedInAs(a, 'admin', 'admin');
      return a.ok('data:status', {}, 'admin');
    })();
    expect(status.backups.filter((b) => b.kind === 'daily' && b.signed)).toHaveLength(1);
  });

  it('a failed daily backup is shown to administrators in the app, and cleared by the next one', async () => {
    const a = await createTestApp();
    app = a;
    const blocked = join(a.dir, 'not-a-folder');
    writeFileSync(blocked, 'a file where the backup folder should be');
    let dir = blocked;
    const logged: string[] = [];
    const s = startDailyBackups({
      sqlite: a.dispatcher.conn.sqlite,
      dbFile: a.file,
      backupDir: () => dir,
      now: () => a.clock.now,
      log: (m) => logged.push(m),
      setInterval: () => 0,
      clearInterval: () => undefined,
    });
    await new Promise((r) => setTimeout(r, 300));
    await signedInAs(a, 'admin', 'admin');
    const status = await a.ok('data:status', {}, 'admin');
    expect(status.alerts).toHaveLength(1);
    expect(status.alerts[0]).toMatchObject({ kind: 'backup-failed' });
    expect(status.alerts[0]!.message).toMatch(/daily backup could not be taken \(E[A-Z]+\)/);
    // Logged by its code only.
    expect(logged).toEqual([expect.stringMatching(/^\[alongside\] daily backup failed \(E[A-Z]+\)$/)]);
    dir = join(a.dir, 'backups');
    expect(await s.tick()).toBe(true);
    expect(dataAlerts(a.file)).toEqual([]);
    s.stop();
  });
});

describe('the full integrity check, in the background', () => {
  it('finds a flipped byte in a name that quick_check misses, and alerts the administrators', async () => {
    const a = await createTestApp();
    app = a;
    await signedInAs(a, 'consultant', 'c');
    await a.ok(
      'patients:create',
      {
        nhsNumber: '9434765919',
        surname: 'Qwxyzab',
        forename: 'Jo',
        dateOfBirth: '1961-03-07',
        sex: 'female',
        allergies: [],
      },
      'c',
    );
    const file = a.file;
    const conn = a.dispatcher.conn;
    conn.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    await conn.close();
    // Silent corruption: one byte of the name's search key in the table row (the index still says the old).
    const bytes = readFileSync(file);
    const at = bytes.indexOf(Buffer.from(nameKey('Qwxyzab')));
    expect(at).toBeGreaterThan(0);
    bytes[at + 6] = 'c'.charCodeAt(0);
    writeFileSync(file, bytes);
    const db = new Database(file);
    try {
      expect(db.pragma('quick_check', { simple: true })).toBe('ok');
      expect(await integrityCheckInChunks(db)).toMatch(/patients_name|missing from index|wrong # of entries/);
      const checks = startIntegrityChecks({ sqlite: db, dbFile: file, firstAfterMs: 1e9, everyMs: 1e9 });
      expect(await checks.run()).not.toBe('ok');
      checks.stop();
      expect(dataAlerts(file)).toEqual([expect.objectContaining({ kind: 'integrity-failed' })]);
    } finally {
      db.close();
    }
  });
});

describe('a large backup preview does not block other requests', () => {
  it('the preview of a signed backup streams its check: the event loop never stalls for long', async () => {
    const a = await createTestApp();
    app = a;
    await signedInAs(a, 'admin', 'admin');
    const sqlite = a.dispatcher.conn.sqlite;
    // About 40 MB of audit rows (the preview used to run integrity_check on the whole file, synchronously).
    sqlite.exec('DROP TRIGGER IF EXISTS audit_log_no_insert_guard');
    const insert = sqlite.prepare(
      "INSERT INTO audit_log (at, user_id, action, entity, entity_id, patient_id, before_json, after_json) VALUES ('2026-01-01T00:00:00Z', NULL, 'bulk', 'x', NULL, NULL, NULL, ?)",
    );
    const blob = 'x'.repeat(2000);
    sqlite.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(`${blob}${i}`);
    })();
    const b = await a.ok('data:backupNow', {}, 'admin');
    let worst = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const t = performance.now();
      worst = Math.max(worst, t - last);
      last = t;
    }, 5);
    const started = performance.now();
    const p = await a.ok('data:backupPreview', { name: b.name }, 'admin');
    const took = performance.now() - started;
    clearInterval(timer);
    const integrityStarted = performance.now();
    sqlite.pragma('integrity_check');
    const integrityMs = performance.now() - integrityStarted;
    console.log(
      `[data-health] preview of a ${(b.bytes / 1e6).toFixed(0)} MB backup: ${took.toFixed(0)} ms, longest stall ${worst.toFixed(0)} ms (a full integrity_check takes ${integrityMs.toFixed(0)} ms)`,
    );
    expect(p.signature).toBe('valid');
    expect(p.auditRows).toBeGreaterThan(20_000);
    expect(worst).toBeLessThan(Math.max(100, integrityMs / 2));
  }, 60_000);
});

describe('error codes, never data', () => {
  it('sqliteCode gives the SQLite code only, never the message', () => {
    expect(
      sqliteCode(
        Object.assign(new Error('UNIQUE constraint failed: Smith 9434765919'), {
          code: 'SQLITE_CONSTRAINT_UNIQUE',
        }),
      ),
    ).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect(sqliteCode(new TypeError('Smith'))).toBe('TypeError');
  });
});
