import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MessageBoxOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { takeBackup } from '../../db/backup';
import type { Connection } from '../../db/connection';
import { newestGoodBackup, openAndMigrate, openForStartup, recoverFromBackup } from '../../db/open';
import { RECOVERY_TITLE, startWithRecovery, type RecoveryDeps } from '../../electron/main/recovery';
import { tempDir } from '../helpers/db';

/**
 * The desktop app's recovery dialog (electron/main/recovery.ts) with Electron's dialog injected, over a
 * real damaged SQLite file and real backups: no Electron binary needed. `start` does what the database
 * worker does at start-up (openForStartup; a problem is thrown with its message).
 */

async function damagedDatabase(withBackup: boolean) {
  const t = tempDir('alongside recovery dialog ');
  const file = join(t.dir, 'alongside.sqlite');
  const backupDir = join(t.dir, 'backups');
  const { conn } = await openAndMigrate(file);
  conn.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('marker', 'kept', 'now')").run();
  if (withBackup) await takeBackup(conn.sqlite, backupDir, 'daily', new Date('2026-11-20T03:00:00Z'));
  await conn.close();
  const bytes = readFileSync(file);
  bytes.fill(0x41, 100, bytes.length);
  writeFileSync(file, bytes);
  return { ...t, file, backupDir };
}

function deps(file: string, backupDir: string, answer: number) {
  const shown: MessageBoxOptions[] = [];
  const errors: string[] = [];
  const recovered: string[] = [];
  const opened: Connection[] = [];
  const d: RecoveryDeps<Connection> = {
    async start() {
      const r = await openForStartup(file, { backupDir });
      if (!r.ok) throw new Error(r.problem.message);
      opened.push(r.conn);
      return r.conn;
    },
    async showMessageBox(options) {
      shown.push(options);
      return { response: answer };
    },
    showErrorBox: (title, content) => errors.push(`${title}: ${content}`),
    newestGoodBackup: (dir) => newestGoodBackup(dir),
    async recover(name) {
      recovered.push(name);
      return recoverFromBackup(file, backupDir, name);
    },
    backupDir,
  };
  return { d, shown, errors, recovered, opened };
}

describe('Electron recovery dialog (injected dialog, real damaged file)', () => {
  it('offers the newest good backup; restoring it keeps the damaged file and opens the data', async () => {
    const db = await damagedDatabase(true);
    const h = deps(db.file, db.backupDir, 0);
    const conn = await startWithRecovery(h.d);
    expect(h.shown).toHaveLength(1);
    const box = h.shown[0]!;
    expect(box.title).toBe(RECOVERY_TITLE);
    expect(box.type).toBe('error');
    expect(box.message).toMatch(/damaged/);
    expect(box.detail).toMatch(
      /The newest good backup is daily-2026-11-20T03-00-00-000Z\.sqlite, taken 20\/11\/2026, 03:00:00/,
    );
    expect(box.detail).toMatch(/keeps the damaged file/);
    expect(box.buttons).toEqual(['Restore this backup', 'Quit']);
    expect(box.cancelId).toBe(1);
    expect(h.recovered).toEqual(['daily-2026-11-20T03-00-00-000Z.sqlite']);
    expect(conn).not.toBeNull();
    expect(conn!.sqlite.prepare("SELECT value FROM settings WHERE key = 'marker'").pluck().get()).toBe(
      'kept',
    );
    expect(readdirSync(db.dir).some((n) => n.includes('.damaged-'))).toBe(true);
    expect(h.errors).toEqual([]);
    await conn!.close();
    db.cleanup();
  });

  it('Quit changes nothing: no restore, the damaged file stays where it is', async () => {
    const db = await damagedDatabase(true);
    const before = readFileSync(db.file);
    const h = deps(db.file, db.backupDir, 1);
    expect(await startWithRecovery(h.d)).toBeNull();
    expect(h.recovered).toEqual([]);
    expect(readFileSync(db.file).equals(before)).toBe(true);
    expect(readdirSync(db.dir).some((n) => n.includes('.damaged-'))).toBe(false);
    db.cleanup();
  });

  it('without a good backup: says where the backups are, offers only Quit, never an empty database', async () => {
    const db = await damagedDatabase(false);
    const before = readFileSync(db.file);
    const h = deps(db.file, db.backupDir, 0);
    expect(await startWithRecovery(h.d)).toBeNull();
    expect(h.shown[0]!.buttons).toEqual(['Quit']);
    expect(h.shown[0]!.detail).toBe(`Nothing has been changed. Your backups are in ${db.backupDir}.`);
    expect(h.recovered).toEqual([]);
    expect(readFileSync(db.file).equals(before)).toBe(true);
    db.cleanup();
  });

  it('a database from a newer version is never offered a restore', async () => {
    const h = deps('/nonexistent', '/nonexistent/backups', 0);
    let newestAsked = false;
    h.d.start = async () => {
      throw new Error('This database was made by a newer version of Alongside; nothing was changed.');
    };
    h.d.newestGoodBackup = () => {
      newestAsked = true;
      return { name: 'daily-2026-11-20T03-00-00-000Z.sqlite', takenAt: '2026-11-20T03:00:00.000Z' };
    };
    expect(await startWithRecovery(h.d)).toBeNull();
    expect(newestAsked).toBe(false);
    expect(h.shown[0]!.buttons).toEqual(['Quit']);
  });

  it('a restore that fails says why and quits (nothing half-opened)', async () => {
    const db = await damagedDatabase(true);
    const h = deps(db.file, db.backupDir, 0);
    h.d.recover = async () => {
      throw new Error('That backup does not pass its check.');
    };
    expect(await startWithRecovery(h.d)).toBeNull();
    expect(h.errors).toEqual([`${RECOVERY_TITLE}: That backup does not pass its check.`]);
    expect(h.opened).toHaveLength(0);
    db.cleanup();
  });

  it('a healthy database opens with no dialog', async () => {
    const t = tempDir();
    const file = join(t.dir, 'alongside.sqlite');
    const h = deps(file, join(t.dir, 'backups'), 0);
    const conn = await startWithRecovery(h.d);
    expect(conn).not.toBeNull();
    expect(h.shown).toEqual([]);
    await conn!.close();
    t.cleanup();
  });
});
