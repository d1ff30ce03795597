import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { backupLocation, fileStamp, listBackups, networkWarning, rememberNativeBinding } from './backup';
import { carryAuditTrail, checkCandidate } from './backup-restore';
import { installKey, privateCopy, verifyBackup } from './backup-sign';
import { openDatabase, type Connection, type OpenOptions } from './connection';
import { sqliteCode } from './health';
import { DatabaseHistoryError, DatabaseTooNewError, migrate, type MigrateResult } from './migrate';
import { LATEST_VERSION } from './migrations/index';
import { DB_FILE_NAME } from './paths';

/** Opens (creating if needed) and migrates the database; closes it again if migrating fails. */
export async function openAndMigrate(
  file: string,
  options: OpenOptions & { backupDir?: string } = {},
): Promise<{ conn: Connection; migration: MigrateResult }> {
  if (!existsSync(dirname(file))) mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const conn = openDatabase(file, options);
  rememberNativeBinding(conn.sqlite, options.nativeBinding);
  // Data files readable only by their owner (issue 17): the database and its -wal/-shm.
  for (const f of [file, `${file}-wal`, `${file}-shm`])
    try {
      if (existsSync(f)) chmodSync(f, 0o600);
    } catch {
      // a file we do not own (a network share): its own permissions apply
    }
  try {
    const migration = await migrate(conn, options.backupDir ? { backupDir: options.backupDir } : {});
    return { conn, migration };
  } catch (err) {
    await conn.close();
    throw err;
  }
}

/** Why the database could not be opened at start-up, and the newest backup that passes its check. */
export interface StartupProblem {
  /** history: its record of upgrades does not fit this app (see DatabaseHistoryError). */
  kind: 'damaged' | 'too-new' | 'history' | 'unreadable';
  message: string;
  file: string;
  backupDir: string;
  newestGoodBackup: { name: string; takenAt: string } | null;
}

export type StartupResult =
  | { ok: true; conn: Connection; migration: MigrateResult; networkWarning: string | null }
  | { ok: false; problem: StartupProblem };

/**
 * Start-up for the hosts: opens, checks (`PRAGMA quick_check`) and migrates. A damaged or unreadable file
 * is never replaced by a silent empty database and never crashes the host: the answer says what is wrong
 * and which backup is the newest good one, for a recovery screen.
 */
export async function openForStartup(
  file: string,
  options: OpenOptions & { backupDir?: string } = {},
): Promise<StartupResult> {
  const backupDir = options.backupDir ?? backupLocation(file).dir;
  const existed = existsSync(file);
  let conn: Connection | null = null;
  try {
    if (existed) {
      conn = openDatabase(file, options);
      const check = conn.sqlite.pragma('quick_check', { simple: true }) as string;
      await conn.close();
      conn = null;
      if (check !== 'ok') throw Object.assign(new Error(`quick_check: ${check}`), { code: 'SQLITE_CORRUPT' });
    }
    const opened = await openAndMigrate(file, { ...options, backupDir });
    return { ok: true, ...opened, networkWarning: networkWarning(file) };
  } catch (err) {
    if (conn) await conn.close().catch(() => undefined);
    const code = String((err as { code?: unknown }).code ?? '');
    const kind: StartupProblem['kind'] =
      err instanceof DatabaseTooNewError
        ? 'too-new'
        : err instanceof DatabaseHistoryError
          ? 'history'
          : /CORRUPT|NOTADB/.test(code)
            ? 'damaged'
            : 'unreadable';
    const message =
      kind === 'too-new' || kind === 'history'
        ? (err as Error).message
        : kind === 'damaged'
          ? 'The database file is damaged, so Alongside has not opened it (nothing has been changed).'
          : `The database file could not be opened (${code || (err as Error).name}); nothing has been changed.`;
    return {
      ok: false,
      problem: {
        kind,
        message,
        file,
        backupDir,
        newestGoodBackup:
          kind === 'too-new' || kind === 'history'
            ? null
            : await newestGoodBackup(backupDir, options.nativeBinding, file),
      },
    };
  }
}

function scratchHandle(nativeBinding?: string): Database.Database {
  const h = new Database(':memory:', nativeBinding ? { nativeBinding } : {});
  rememberNativeBinding(h, nativeBinding);
  return h;
}

/** A backup is good when its signature is this installation's, its schema is the app's and it is intact. */
async function goodBackup(file: string, dbFile: string, nativeBinding?: string): Promise<boolean> {
  try {
    if ((await verifyBackup(file, installKey(dbFile))).state !== 'valid') return false;
    const h = scratchHandle(nativeBinding);
    try {
      await checkCandidate(h, file, { latestVersion: LATEST_VERSION, integrity: true, count: false });
      return true;
    } finally {
      h.close();
    }
  } catch {
    return false;
  }
}

/**
 * The newest backup in the folder that is signed by this installation, has the app's schema and passes
 * the integrity check. "Newest" comes from the signed metadata, never the file name.
 */
export async function newestGoodBackup(
  backupDir: string,
  nativeBinding?: string,
  dbFile: string = join(backupDir, '..', DB_FILE_NAME),
): Promise<{ name: string; takenAt: string } | null> {
  for (const b of listBackups(backupDir)) {
    if (!b.signed) continue;
    if (await goodBackup(join(backupDir, b.name), dbFile, nativeBinding))
      return { name: b.name, takenAt: b.takenAt };
  }
  return null;
}

/**
 * Recovery at start-up (no connection open): the chosen backup is checked like any restore (signature,
 * schema, integrity) in a private copy and brought to the latest schema; the damaged file (and its
 * -wal/-shm) is moved aside as `alongside.sqlite.damaged-<time>` (kept, never deleted) and the copy put in
 * its place. The recovery is audited in the recovered database, with whatever audit trail can still be
 * read from the damaged file carried over, and the database generation changes. Returns where the damaged
 * file went.
 */
export async function recoverFromBackup(
  file: string,
  backupDir: string,
  backupName: string,
  options: { nativeBinding?: string; now?: Date } = {},
): Promise<{ damagedCopy: string | null }> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*\.sqlite$/.test(backupName))
    throw new Error('Choose a backup from the list.');
  const source = join(backupDir, backupName);
  const now = options.now ?? new Date();
  if (!existsSync(dirname(file))) mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const work = mkdtempSync(join(dirname(file), '.recover-'));
  try {
    const copy = join(work, 'recovered.sqlite');
    const signature = await privateCopy(source, copy, installKey(file));
    if (signature.state !== 'valid')
      throw new Error('That backup is not signed by this installation of Alongside.');
    const h = scratchHandle(options.nativeBinding);
    try {
      await checkCandidate(h, copy, { latestVersion: LATEST_VERSION, integrity: true, count: false });
    } catch (err) {
      throw new Error(`That backup does not pass its check: ${(err as Error).message}`, { cause: err });
    } finally {
      h.close();
    }
    const conn = openDatabase(copy, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    let damagedCopy: string | null = null;
    try {
      await migrate(conn, { backup: false });
      if (existsSync(file)) {
        damagedCopy = `${file}.damaged-${fileStamp(now)}`;
        renameSync(file, damagedCopy);
      }
      for (const suffix of ['-wal', '-shm', '-journal'])
        if (existsSync(file + suffix)) renameSync(file + suffix, `${damagedCopy ?? file}${suffix}.old`);
      const carried = damagedCopy
        ? carryFromDamaged(conn.sqlite, damagedCopy)
        : { carriedRows: 0, movedRows: 0 };
      conn.sqlite.transaction(() => {
        conn.sqlite
          .prepare('UPDATE database_generation SET generation = ?, changed_at = ? WHERE id = 1')
          .run(randomBytes(16).toString('hex'), now.toISOString());
        conn.sqlite
          .prepare(
            "INSERT INTO audit_log (at, user_id, action, entity, entity_id, patient_id, before_json, after_json) VALUES (?, NULL, 'data.recover', 'database', NULL, NULL, NULL, ?)",
          )
          .run(
            now.toISOString(),
            JSON.stringify({
              restored: backupName,
              takenAt: signature.meta?.takenAt ?? null,
              damagedCopy: damagedCopy ? basename(damagedCopy) : null,
              carriedAuditRows: carried.carriedRows,
              carriedAuditError: carried.error ?? null,
            }),
          );
      })();
      conn.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      await conn.close();
    }
    for (const suffix of ['-wal', '-shm']) if (existsSync(copy + suffix)) unlinkSync(copy + suffix);
    renameSync(copy, file);
    chmodSync(file, 0o600);
    return { damagedCopy };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Best effort: the damaged file's audit rows that can still be read are carried into the recovered one. */
function carryFromDamaged(
  sqlite: Database.Database,
  damaged: string,
): { carriedRows: number; movedRows: number; error?: string } {
  try {
    sqlite.pragma('trusted_schema = OFF');
    sqlite.prepare('ATTACH DATABASE ? AS damaged').run(damaged);
    try {
      return sqlite.transaction(() => {
        sqlite.exec('DROP TABLE IF EXISTS temp.damaged_audit');
        sqlite.exec('CREATE TEMP TABLE damaged_audit AS SELECT * FROM damaged.audit_log');
        const seq =
          (sqlite
            .prepare("SELECT seq FROM damaged.sqlite_sequence WHERE name = 'audit_log'")
            .pluck()
            .get() as number | undefined) ?? 0;
        // The append-only trigger (the app's own, checked against its schema) is set aside while a
        // backup row moves to a new id, and put back in the same transaction.
        const trigger = sqlite
          .prepare(
            "SELECT sql FROM main.sqlite_master WHERE type = 'trigger' AND name = 'audit_log_no_delete'",
          )
          .pluck()
          .get() as string | undefined;
        if (trigger) sqlite.exec('DROP TRIGGER main.audit_log_no_delete');
        const r = carryAuditTrail(sqlite, 'temp.damaged_audit', seq);
        if (trigger) sqlite.exec(trigger);
        const max = sqlite.prepare('SELECT max(id) FROM audit_log').pluck().get() as number | null;
        sqlite
          .prepare("UPDATE sqlite_sequence SET seq = max(seq, ?, ?) WHERE name = 'audit_log'")
          .run(seq, max ?? 0);
        sqlite.exec('DROP TABLE temp.damaged_audit');
        return r;
      })();
    } finally {
      sqlite.exec('DETACH DATABASE damaged');
    }
  } catch (err) {
    return { carriedRows: 0, movedRows: 0, error: sqliteCode(err) };
  }
}
