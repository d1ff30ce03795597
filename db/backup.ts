import { mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';

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
