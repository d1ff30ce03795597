import {
  chmodSync,
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
import { installKey, readTrailer, signBackup, type BackupMetadata } from './backup-sign';

/** The backups folder beside a database file, unless another is configured. */
export function defaultBackupDir(dbFile: string): string {
  return join(dbFile, '..', 'backups');
}

/** 2026-11-21T19-53-00-123Z: sortable and safe in every file system. */
export function fileStamp(now: Date = new Date()): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/**
 * Copies a live database with SQLite's online backup API (consistent even while others write), checks the
 * copy with `PRAGMA integrity_check`, and signs it (metadata and MAC, db/backup-sign.ts). Returns its path.
 */
export async function backupDatabase(
  sqlite: Database.Database,
  dir: string,
  label: string,
  now: Date = new Date(),
): Promise<string> {
  makePrivateDir(dir);
  const target = join(dir, `${label}-${fileStamp(now)}.sqlite`);
  const partial = `${target}.partial`;
  try {
    await sqlite.backup(partial, { progress: () => ALL_PAGES });
    await finishBackup(sqlite, partial, label.replace(/-v\d+-to-v\d+$/, ''), now);
    renameSync(partial, target);
  } finally {
    removeWithSidecars(partial);
  }
  return target;
}

/** Creates a folder for data or backups readable only by its owner (0700). */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    chmodSync(dir, 0o700);
  } catch {
    // a folder we do not own (a network share): its own permissions apply
  }
}

function removeWithSidecars(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) if (existsSync(f)) unlinkSync(f);
}

/**
 * Finishes a fresh copy: integrity check, rollback-journal mode (a read-only look never leaves -wal/-shm
 * files beside it), the row counts, then the signed trailer; the file is made owner-only (0600).
 */
export async function finishBackup(
  sqlite: Database.Database,
  file: string,
  kind: string,
  now: Date,
): Promise<BackupMetadata> {
  chmodSync(file, 0o600);
  const copy = openSibling(sqlite, file);
  let counts: Record<string, number>;
  let schemaVersion: number;
  try {
    const result = (copy.pragma('integrity_check') as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join('; ');
    if (result !== 'ok') throw new Error(`The backup failed its integrity check: ${result}`);
    copy.pragma('journal_mode = DELETE');
    schemaVersion = copy.pragma('user_version', { simple: true }) as number;
    counts = {};
    const tables = copy
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .pluck()
      .all() as string[];
    for (const t of tables)
      counts[t] = copy
        .prepare(`SELECT count(*) FROM "${t.replace(/"/g, '""')}"`)
        .pluck()
        .get() as number;
  } finally {
    copy.close();
  }
  const meta: BackupMetadata = {
    format: 1,
    takenAt: now.toISOString(),
    installId: '',
    kind,
    schemaVersion,
    counts,
    databaseBytes: 0,
  };
  await signBackup(file, installKey(sqlite.name), meta);
  return meta;
}

/** Keeps the newest `keep` backups whose names start with `label-`; removes older ones. */
export function pruneBackups(dir: string, label: string, keep: number): string[] {
  const sorted = listBackups(dir)
    .filter((b) => b.name.startsWith(`${label}-`) && b.signed && b.kind === label)
    .map((b) => ({ n: b.name, t: Date.parse(b.takenAt) }))
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

/** The native addon a handle was opened with (undefined: npm's build for this Node). */
export function nativeBindingOf(sqlite: Database.Database): string | undefined {
  return bindings.get(sqlite);
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

/**
 * Backups in a folder, newest first. The time and kind come from the metadata inside a signed backup
 * (never from the file name: a file named for a future date cannot pass for the newest); a file without
 * metadata is listed with its file time, as 'other'. The MAC is checked before any restore, not here.
 */
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
      const trailer = readTrailer(join(dir, name));
      const metaAt = trailer ? new Date(trailer.meta.takenAt) : null;
      const at = metaAt && !Number.isNaN(metaAt.getTime()) ? metaAt : st.mtime;
      const kind = trailer ? (BACKUP_KINDS_KNOWN.find((k) => k === trailer.meta.kind) ?? 'other') : 'other';
      out.push({ name, kind, takenAt: at.toISOString(), bytes: st.size, signed: trailer !== null });
    } catch {
      // vanished while listing (pruned by another process)
    }
  }
  return out.sort((a, b) => b.takenAt.localeCompare(a.takenAt) || b.name.localeCompare(a.name));
}

const BACKUP_KINDS_KNOWN = KIND_PREFIXES.map(([, k]) => k);

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
export function rotateDailyBackups(dir: string, policy = ROTATION, now: Date = new Date()): string[] {
  const daily = listBackups(dir)
    .filter((b) => b.kind === 'daily' && b.signed && Date.parse(b.takenAt) <= now.getTime() + FUTURE_SLACK_MS)
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

/** Online backup in one consistent step, integrity-checked and signed; keeps the last `keep` of this label. */
export async function takeBackup(
  sqlite: Database.Database,
  dir: string,
  kind: Exclude<BackupKind, 'other' | 'pre-migrate'>,
  now: Date = new Date(),
): Promise<string> {
  makePrivateDir(dir);
  const target = join(dir, `${kind}-${fileStamp(now)}.sqlite`);
  const partial = `${target}.partial`;
  try {
    await sqlite.backup(partial, { progress: () => ALL_PAGES });
    await finishBackup(sqlite, partial, kind, now);
    renameSync(partial, target);
  } finally {
    removeWithSidecars(partial);
  }
  if (kind === 'daily') rotateDailyBackups(dir, ROTATION, now);
  else pruneBackups(dir, kind, 20);
  return target;
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
  writeFileSync(file, JSON.stringify({ dir }, null, 2), { mode: 0o600 });
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

/** A backup dated more than this far ahead of the clock is ignored (a wrong clock, or a planted file). */
const FUTURE_SLACK_MS = 5 * 60_000;

/**
 * Newest daily backup's time in a folder, from the metadata of signed backups only, and never a time in
 * the future: a file named (or stamped) for a future date cannot stop today's backup.
 */
export function lastDailyBackup(dir: string, now: Date = new Date()): Date | null {
  const newest = listBackups(dir).find(
    (b) => b.kind === 'daily' && b.signed && Date.parse(b.takenAt) <= now.getTime() + FUTURE_SLACK_MS,
  );
  return newest ? new Date(newest.takenAt) : null;
}
