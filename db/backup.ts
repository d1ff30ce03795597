import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import type { BackupInfo, BackupKind } from '../shared/domain/data';

/** The backups folder beside a database file, unless another is configured. */
export function defaultBackupDir(dbFile: string): string {
  return join(dbFile, '..', 'backups');
}

/** 2026-11-21T19-53-00-123Z: sortable and safe in every file system. */
export function fileStamp(now: Date = new Date()): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/**
 * Copies a live database with SQLite's online backup API (consistent even while others write), then
 * checks the copy with `PRAGMA integrity_check`. Returns the backup's path.
 */
export async function backupDatabase(
  sqlite: Database.Database,
  dir: string,
  label: string,
  now: Date = new Date(),
): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const target = join(dir, `${label}-${fileStamp(now)}.sqlite`);
  await sqlite.backup(target);
  const result = checkIntegrity(sqlite, target);
  if (result !== 'ok') throw new Error(`The backup ${target} failed its integrity check: ${result}`);
  return target;
}

/** Keeps the newest `keep` backups whose names start with `label-`; removes older ones. */
export function pruneBackups(dir: string, label: string, keep: number): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(`${label}-`) && n.endsWith('.sqlite'));
  } catch {
    return [];
  }
  const sorted = names
    .map((n) => ({ n, t: statSync(join(dir, n)).mtimeMs }))
    .sort((a, b) => b.t - a.t || b.n.localeCompare(a.n));
  const removed = sorted.slice(keep).map((e) => join(dir, e.n));
  for (const file of removed) unlinkSync(file);
  return removed;
}

/**
 * Runs `PRAGMA integrity_check` on another database file through this connection (ATTACH), so that the
 * check uses the same SQLite build as the app, whichever runtime hosts it. Returns 'ok' or the problems.
 */
export function checkIntegrity(sqlite: Database.Database, file: string): string {
  sqlite.prepare('ATTACH DATABASE ? AS integrity_target').run(file);
  try {
    const rows = sqlite.prepare('PRAGMA integrity_target.integrity_check').pluck().all() as string[];
    return rows.join('; ');
  } finally {
    sqlite.prepare('DETACH DATABASE integrity_target').run();
  }
}

/* ----------------------------------------------------------------- issue 7: data safety ---------- */

/** Copies the whole database in one backup step (one consistent snapshot; never restarted by writers). */
const ALL_PAGES = 0x7fffffff;

const bindings = new WeakMap<Database.Database, string>();

/** Remembers which native addon opened a handle, so that sibling handles (restore) use the same build. */
export function rememberNativeBinding(sqlite: Database.Database, nativeBinding: string | undefined): void {
  if (nativeBinding) bindings.set(sqlite, nativeBinding);
}

/** Opens another file with the same SQLite build as `sqlite` (Electron has its own addon). */
export function openSibling(
  sqlite: Database.Database,
  file: string,
  options: { readonly?: boolean } = {},
): Database.Database {
  const Ctor = sqlite.constructor as new (file: string, options?: Database.Options) => Database.Database;
  const nativeBinding = bindings.get(sqlite);
  const handle = new Ctor(file, {
    readonly: options.readonly ?? false,
    fileMustExist: true,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  handle.pragma('busy_timeout = 10000');
  return handle;
}

/** The automatic-backup rotation: the newest of each of the last 7 days, 4 weeks and 12 months. */
export const ROTATION = { daily: 7, weekly: 4, monthly: 12 } as const;

const KIND_PREFIXES: [string, BackupKind][] = [
  ['daily-', 'daily'],
  ['manual-', 'manual'],
  ['pre-restore-', 'pre-restore'],
  ['pre-migrate-', 'pre-migrate'],
  ['cli-', 'cli'],
];

const STAMP = /(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z\.sqlite$/;

/** The instant in a backup's file name (fileStamp), or null. */
export function stampOf(name: string): Date | null {
  const m = STAMP.exec(name);
  if (!m) return null;
  const d = new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function kindOf(name: string): BackupKind {
  return KIND_PREFIXES.find(([p]) => name.startsWith(p))?.[1] ?? 'other';
}

/** Backups in a folder, newest first. */
export function listBackups(dir: string): BackupInfo[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.sqlite'));
  } catch {
    return [];
  }
  const out: BackupInfo[] = [];
  for (const name of names) {
    try {
      const st = statSync(join(dir, name));
      if (!st.isFile()) continue;
      const at = stampOf(name) ?? st.mtime;
      out.push({ name, kind: kindOf(name), takenAt: at.toISOString(), bytes: st.size });
    } catch {
      // vanished while listing (pruned by another process)
    }
  }
  return out.sort((a, b) => b.takenAt.localeCompare(a.takenAt) || b.name.localeCompare(a.name));
}

function isoWeekKey(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${week}`;
}

/**
 * Which automatic backups to keep (grandfather-father-son): the newest backup of each of the newest
 * `daily` days, `weekly` ISO weeks and `monthly` months. Pure, for tests with any calendar.
 */
export function backupsToKeep(
  stamps: readonly { name: string; at: Date }[],
  policy: { daily: number; weekly: number; monthly: number } = ROTATION,
): Set<string> {
  const sorted = [...stamps].sort((a, b) => b.at.getTime() - a.at.getTime() || b.name.localeCompare(a.name));
  const keep = new Set<string>();
  const tiers: [number, (d: Date) => string][] = [
    [policy.daily, (d) => d.toISOString().slice(0, 10)],
    [policy.weekly, isoWeekKey],
    [policy.monthly, (d) => d.toISOString().slice(0, 7)],
  ];
  for (const [count, key] of tiers) {
    const seen = new Set<string>();
    for (const s of sorted) {
      const k = key(s.at);
      if (seen.has(k)) continue;
      if (seen.size >= count) break;
      seen.add(k);
      keep.add(s.name);
    }
  }
  return keep;
}

/** Applies the rotation to the daily backups in `dir`; returns the files removed. */
export function rotateDailyBackups(dir: string, policy = ROTATION): string[] {
  const daily = listBackups(dir)
    .filter((b) => b.kind === 'daily')
    .map((b) => ({ name: b.name, at: new Date(b.takenAt) }));
  const keep = backupsToKeep(daily, policy);
  const removed: string[] = [];
  for (const b of daily) {
    if (keep.has(b.name)) continue;
    try {
      unlinkSync(join(dir, b.name));
      removed.push(join(dir, b.name));
    } catch {
      // already gone
    }
  }
  return removed;
}

/** Online backup in one consistent step, integrity-checked; keeps the last `keep` of this label. */
export async function takeBackup(
  sqlite: Database.Database,
  dir: string,
  kind: Exclude<BackupKind, 'other' | 'pre-migrate'>,
  now: Date = new Date(),
): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const target = join(dir, `${kind}-${fileStamp(now)}.sqlite`);
  const partial = `${target}.partial`;
  try {
    await sqlite.backup(partial, { progress: () => ALL_PAGES });
    const result = checkIntegrity(sqlite, partial);
    if (result !== 'ok') throw new Error(`The backup failed its integrity check: ${result}`);
    renameSync(partial, target);
  } finally {
    for (const f of [partial, `${partial}-wal`, `${partial}-shm`, `${partial}-journal`])
      if (existsSync(f)) unlinkSync(f);
  }
  if (kind === 'daily') rotateDailyBackups(dir);
  else pruneBackups(dir, kind, 20);
  return target;
}

/** Runs `fn` with another database file attached read-only-in-spirit as `alongside_peek`. */
export function withAttached<T>(sqlite: Database.Database, file: string, fn: () => T): T {
  sqlite.prepare('ATTACH DATABASE ? AS alongside_peek').run(file);
  try {
    return fn();
  } finally {
    sqlite.prepare('DETACH DATABASE alongside_peek').run();
  }
}

export interface BackupContents {
  schemaVersion: number;
  patients: number;
  users: number;
  auditRows: number;
  integrity: string;
}

/** Counts and schema version of a backup file, read through this connection's SQLite build. */
export function inspectBackup(sqlite: Database.Database, file: string): BackupContents {
  if (!existsSync(file)) throw new Error('That backup no longer exists.');
  const integrity = checkIntegrity(sqlite, file);
  return withAttached(sqlite, file, () => {
    const count = (table: string): number => {
      const exists = sqlite
        .prepare("SELECT 1 FROM alongside_peek.sqlite_master WHERE type = 'table' AND name = ?")
        .get(table);
      return exists
        ? (sqlite.prepare(`SELECT count(*) FROM alongside_peek.${table}`).pluck().get() as number)
        : 0;
    };
    return {
      schemaVersion: sqlite.pragma('alongside_peek.user_version', { simple: true }) as number,
      patients: count('patients'),
      users: count('users'),
      auditRows: count('audit_log'),
      integrity,
    };
  });
}

/**
 * Restores a backup ONLINE into the live database, under ONE write lock held from before the safety
 * copy until the restored data commits, so that nothing another process writes can fall between the two
 * (issue 7, tests/db/restore-concurrent.test.ts):
 *   1. the backup is checked (integrity, schema version) and attached, foreign keys paused;
 *   2. BEGIN IMMEDIATE: other connections (another copy of the app, the CLI) now wait for us
 *      (busy_timeout; past it they get a clear "busy, try again", never a silent loss);
 *   3. the safety backup is copied from this very state (so it holds every write acknowledged before);
 *   4. every table, index, trigger and view is replaced by the backup's, rows copied, sequences and
 *      user_version set; 5. COMMIT: every connection, in any process, sees the old database or the
 *      restored one, never a mixture, and writes after it land in the restored database (same file,
 *      same inode: nobody keeps writing to an "old file").
 * Any failure rolls back: the live database is as it was. The connection stays open (no reopen race
 * with requests in flight). The caller migrates afterwards if the backup is from an older schema.
 * The previous page-level restore (backup API from the backup into the live file) needed its own
 * connection to the live file, so it could not hold the lock across the safety copy: a write that
 * landed between the two was lost from both; the concurrent-writer test showed it.
 */
export async function restoreBackup(
  sqlite: Database.Database,
  liveFile: string,
  backupFile: string,
  backupDir: string,
  options: { latestVersion: number; now?: Date; onPhase?: (phase: string, ms: number) => void },
): Promise<{ safetyBackup: string; contents: BackupContents }> {
  let last = Date.now();
  const phase = (name: string) => {
    const now = Date.now();
    options.onPhase?.(name, now - last);
    last = now;
  };
  const contents = inspectBackup(sqlite, backupFile);
  phase('check the backup');
  if (contents.integrity !== 'ok')
    throw new Error(`That backup is damaged (${contents.integrity.slice(0, 200)}); nothing was changed.`);
  if (contents.schemaVersion > options.latestVersion)
    throw new Error('That backup was made by a newer version of Alongside; nothing was changed.');
  if (contents.schemaVersion < 1)
    throw new Error('That file is not an Alongside backup; nothing was changed.');

  mkdirSync(backupDir, { recursive: true });
  const safetyBackup = join(backupDir, `pre-restore-${fileStamp(options.now)}.sqlite`);
  const partial = `${safetyBackup}.partial`;
  const foreignKeys = sqlite.pragma('foreign_keys', { simple: true }) as number;
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  // ATTACH and the foreign_keys pragma are refused inside a transaction: both come first.
  sqlite.prepare('ATTACH DATABASE ? AS restore_src').run(backupFile);
  sqlite.pragma('foreign_keys = OFF');
  // A large page cache while the rows and indexes are rebuilt (the lock is held for the whole copy).
  sqlite.pragma('cache_size = -262144');
  try {
    beginImmediate(sqlite);
    try {
      // 3. The safety copy of exactly the state being replaced: we hold the write lock, so the last
      // committed state, which a second (reading) connection copies, can no longer change. (The backup
      // API cannot read through a connection that is inside a write transaction.)
      const reader = openSibling(sqlite, liveFile);
      try {
        await reader.backup(partial, { progress: () => ALL_PAGES });
      } finally {
        reader.close();
      }
      // Checked through its own connection: ATTACH is refused inside our transaction.
      const check = openSibling(sqlite, partial);
      let result: string;
      try {
        result = (check.pragma('integrity_check') as { integrity_check: string }[])
          .map((r) => r.integrity_check)
          .join('; ');
      } finally {
        check.close();
      }
      if (result !== 'ok') throw new Error(`The safety backup failed its integrity check: ${result}`);
      renameSync(partial, safetyBackup);
      phase('safety backup, checked');
      // 4. Replace the schema and the rows with the backup's.
      replaceMainWith(sqlite, 'restore_src');
      phase('copy the backup in');
      sqlite.exec('COMMIT');
      phase('commit');
    } catch (err) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      throw err;
    }
  } finally {
    for (const f of [partial, `${partial}-wal`, `${partial}-shm`, `${partial}-journal`])
      if (existsSync(f)) unlinkSync(f);
    sqlite.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    sqlite.pragma(`cache_size = ${Number(cacheSize)}`);
    sqlite.prepare('DETACH DATABASE restore_src').run();
  }
  pruneBackups(backupDir, 'pre-restore', 20);
  const after = sqlite.pragma('integrity_check', { simple: true }) as string;
  phase('check the restored database');
  if (after !== 'ok') throw new Error(`After the restore the database failed its check: ${after}`);
  return { safetyBackup, contents };
}

/**
 * Takes the write lock, waiting (busy_timeout, three times) while another process writes; if it stays
 * busy, a clear refusal rather than SQLite's "database is locked".
 */
function beginImmediate(sqlite: Database.Database): void {
  for (let attempt = 1; ; attempt++) {
    try {
      sqlite.exec('BEGIN IMMEDIATE');
      return;
    } catch (err) {
      if (!String((err as { code?: string }).code).startsWith('SQLITE_BUSY')) throw err;
      if (attempt === 3)
        throw new Error(
          'Another copy of Alongside kept writing to the database, so nothing was restored. Try again in a moment.',
          { cause: err },
        );
    }
  }
}

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Inside the caller's write transaction: drops every table, index, trigger and view of `main` and
 * recreates them from the attached `source`, copying the rows (triggers last, so none fires on the
 * copy), then the AUTOINCREMENT sequences and the schema version.
 */
function replaceMainWith(sqlite: Database.Database, source: string): void {
  type Obj = { type: string; name: string; sql: string | null };
  const objects = (schema: string) =>
    sqlite
      .prepare(
        `SELECT type, name, sql FROM ${schema}.sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY rowid`,
      )
      .all() as Obj[];
  const current = objects('main');
  for (const type of ['trigger', 'view', 'table'])
    for (const o of current.filter((x) => x.type === type))
      sqlite.exec(`DROP ${type.toUpperCase()} IF EXISTS main.${quoteId(o.name)}`);
  const wanted = objects(source);
  for (const t of wanted.filter((x) => x.type === 'table' && x.sql)) {
    sqlite.exec(t.sql!);
    const columns = (
      sqlite.prepare(`PRAGMA ${source}.table_xinfo(${quoteId(t.name)})`).all() as {
        name: string;
        hidden: number;
      }[]
    )
      .filter((c) => c.hidden === 0)
      .map((c) => quoteId(c.name))
      .join(', ');
    sqlite.exec(
      `INSERT INTO main.${quoteId(t.name)} (${columns}) SELECT ${columns} FROM ${source}.${quoteId(t.name)}`,
    );
  }
  for (const type of ['index', 'view', 'trigger'])
    for (const o of wanted.filter((x) => x.type === type && x.sql)) sqlite.exec(o.sql!);
  const hasSequence = (schema: string) =>
    sqlite.prepare(`SELECT 1 FROM ${schema}.sqlite_master WHERE name = 'sqlite_sequence'`).get() !==
    undefined;
  if (hasSequence('main')) {
    sqlite.exec('DELETE FROM main.sqlite_sequence');
    if (hasSequence(source))
      sqlite.exec(
        `INSERT INTO main.sqlite_sequence (name, seq) SELECT name, seq FROM ${source}.sqlite_sequence`,
      );
  }
  // The planner's statistics (ANALYZE) travel with the data they describe.
  const hasStat = (schema: string) =>
    sqlite.prepare(`SELECT 1 FROM ${schema}.sqlite_master WHERE name = 'sqlite_stat1'`).get() !== undefined;
  // (sqlite_stat1 cannot be created by hand: without one here the planner keeps its defaults.)
  if (hasStat('main')) {
    sqlite.exec('DELETE FROM main.sqlite_stat1');
    if (hasStat(source))
      sqlite.exec(
        `INSERT INTO main.sqlite_stat1 (tbl, idx, stat) SELECT tbl, idx, stat FROM ${source}.sqlite_stat1`,
      );
  }
  const version = sqlite.pragma(`${source}.user_version`, { simple: true }) as number;
  sqlite.pragma(`main.user_version = ${Number(version)}`);
}

/* ------------------------------------------------------------------ backup location -------------- */

export const BACKUP_LOCATION_FILE = 'backup-location.json';

/**
 * The backup folder: ALONGSIDE_BACKUP_DIR, else the folder chosen in the app (kept in a small file
 * beside the database, so it is still known when the database itself is damaged), else `backups/`.
 */
export function backupLocation(
  dbFile: string,
  env: NodeJS.ProcessEnv = process.env,
): { dir: string; source: 'default' | 'setting' | 'environment' } {
  if (env.ALONGSIDE_BACKUP_DIR) return { dir: env.ALONGSIDE_BACKUP_DIR, source: 'environment' };
  try {
    const saved = JSON.parse(readFileSync(join(dirname(dbFile), BACKUP_LOCATION_FILE), 'utf8')) as {
      dir?: unknown;
    };
    if (typeof saved.dir === 'string' && saved.dir) return { dir: saved.dir, source: 'setting' };
  } catch {
    // no setting
  }
  return { dir: defaultBackupDir(dbFile), source: 'default' };
}

export function saveBackupLocation(dbFile: string, dir: string | null): void {
  const file = join(dirname(dbFile), BACKUP_LOCATION_FILE);
  if (dir === null) {
    if (existsSync(file)) unlinkSync(file);
    return;
  }
  writeFileSync(file, JSON.stringify({ dir }, null, 2));
}

/* ------------------------------------------------------------------ network shares --------------- */

const NETWORK_FS =
  /^(nfs|nfs4|cifs|smb|smb2|smb3|smbfs|9p|afs|fuse\.sshfs|sshfs|davfs|fuse\.davfs|ncpfs|glusterfs|ceph)$/i;

/**
 * Whether a database path looks like a network share: a UNC path (\\server\share or //server/share),
 * a path under /mnt or /net, or (Linux) a mount whose file system is NFS/SMB/CIFS in /proc/mounts.
 */
export function networkShareReason(file: string, mounts: string | null = readMounts()): string | null {
  if (/^(\\\\|\/\/)[^\\/]+[\\/]/.test(file)) return 'it is on a network share (UNC path)';
  const norm = file.replace(/\\/g, '/');
  if (/^\/(mnt|net|smb|nfs|cifs)\//i.test(norm)) return 'it is under a network mount folder';
  if (mounts) {
    let best: { point: string; type: string } | null = null;
    for (const line of mounts.split('\n')) {
      const [, point, type] = line.split(/\s+/);
      if (!point || !type) continue;
      const p = point.replace(/\\040/g, ' ');
      if (
        (norm === p || norm.startsWith(p.endsWith('/') ? p : `${p}/`)) &&
        (!best || p.length > best.point.length)
      )
        best = { point: p, type };
    }
    if (best && NETWORK_FS.test(best.type)) return `it is on a ${best.type} network file system`;
  }
  return null;
}

function readMounts(): string | null {
  try {
    return process.platform === 'linux' ? readFileSync('/proc/mounts', 'utf8') : null;
  } catch {
    return null;
  }
}

export function networkWarning(file: string, mounts?: string | null): string | null {
  const reason = mounts === undefined ? networkShareReason(file) : networkShareReason(file, mounts);
  return reason
    ? `The database file ${file} looks like it is on a network drive (${reason}). SQLite's locking is not safe there: two computers can damage it. Keep the database on this computer's own disk and put only the backups on the network folder.`
    : null;
}

/* ------------------------------------------------------------------ the daily scheduler ---------- */

export interface SchedulerDeps {
  /** Takes a daily backup. */
  backup: () => Promise<unknown>;
  /** When the newest daily backup was taken, or null. */
  lastBackupAt: () => Date | null;
  now?: () => Date;
  /** How often to look (default hourly). */
  checkEveryMs?: number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
  onError?: (err: unknown) => void;
}

/** A backup is due when none has been taken in the last 24 hours. */
export function backupDue(last: Date | null, now: Date): boolean {
  return last === null || now.getTime() - last.getTime() >= 24 * 3_600_000 - 60_000;
}

/**
 * Daily backups while the app runs: looks at start and then every hour, and takes a backup when none
 * was taken in the last 24 hours. Clock and timers are injected so tests need not wait a day.
 */
export function startBackupScheduler(deps: SchedulerDeps): {
  tick: () => Promise<boolean>;
  stop: () => void;
} {
  const now = deps.now ?? (() => new Date());
  let running = false;
  const tick = async (): Promise<boolean> => {
    if (running || !backupDue(deps.lastBackupAt(), now())) return false;
    running = true;
    try {
      await deps.backup();
      return true;
    } catch (err) {
      deps.onError?.(err);
      return false;
    } finally {
      running = false;
    }
  };
  const setI = deps.setInterval ?? ((fn: () => void, ms: number) => setInterval(fn, ms).unref());
  const clearI = deps.clearInterval ?? ((h: unknown) => clearInterval(h as NodeJS.Timeout));
  const handle = setI(() => void tick(), deps.checkEveryMs ?? 3_600_000);
  void tick();
  return { tick, stop: () => clearI(handle) };
}

/** Newest daily backup's time in a folder. */
export function lastDailyBackup(dir: string): Date | null {
  const newest = listBackups(dir).find((b) => b.kind === 'daily');
  return newest ? new Date(newest.takenAt) : null;
}
