import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import type { DataAlert } from '../shared/domain/data';
import { lastDailyBackup, startBackupScheduler, takeBackup } from './backup';

/**
 * Data health (issue 17): problems the administrators must see in the app, not only in a log (a failed
 * daily backup, a failed background integrity check). Kept in a small owner-only file beside the
 * database, so that an alert survives a restart and is seen by every process (the CLI too).
 */
export const HEALTH_FILE = 'data-health.json';

function healthFile(dbFile: string): string {
  return join(dirname(dbFile), HEALTH_FILE);
}

export function dataAlerts(dbFile: string): DataAlert[] {
  try {
    const saved = JSON.parse(readFileSync(healthFile(dbFile), 'utf8')) as { alerts?: DataAlert[] };
    return Array.isArray(saved.alerts) ? saved.alerts : [];
  } catch {
    return [];
  }
}

function save(dbFile: string, alerts: DataAlert[]): void {
  const file = healthFile(dbFile);
  writeFileSync(`${file}.tmp`, JSON.stringify({ alerts }, null, 2), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** Raises (or replaces) the alert of this kind. */
export function raiseAlert(dbFile: string, alert: DataAlert): void {
  save(dbFile, [...dataAlerts(dbFile).filter((a) => a.kind !== alert.kind), alert]);
}

/** Clears the alert of this kind (the next backup or check succeeded). */
export function clearAlert(dbFile: string, kind: DataAlert['kind']): void {
  const alerts = dataAlerts(dbFile);
  if (alerts.some((a) => a.kind === kind))
    save(
      dbFile,
      alerts.filter((a) => a.kind !== kind),
    );
}

/** The SQLite error code of an error (SQLITE_FULL, SQLITE_IOERR_WRITE...), never its text or data. */
export function sqliteCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code)
    ? code
    : ((err as Error)?.name ?? 'Error');
}

const yieldToOthers = () => new Promise<void>((r) => setImmediate(r));

/**
 * The full `PRAGMA integrity_check`, one table (with its indexes) at a time, giving other requests the
 * thread between tables: it finds what `quick_check` misses (an index that no longer matches its table,
 * a flipped byte in an indexed value). Returns 'ok' or the problems found.
 */
export async function integrityCheckInChunks(sqlite: Database.Database): Promise<string> {
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];
  const problems: string[] = [];
  for (const table of tables) {
    await yieldToOthers();
    const rows = sqlite
      .prepare(`PRAGMA integrity_check(${JSON.stringify(table)})`)
      .pluck()
      .all() as string[];
    for (const r of rows) if (r !== 'ok') problems.push(r);
    if (problems.length >= 20) break;
  }
  return problems.length ? problems.slice(0, 20).join('; ') : 'ok';
}

/**
 * Runs the chunked integrity check in the background (first after `firstAfterMs`, then every
 * `everyMs`), never on a request; a failure raises an alert for the administrators and is logged by
 * its SQLite code only.
 */
export function startIntegrityChecks(deps: {
  sqlite: Database.Database;
  dbFile: string;
  now?: () => Date;
  firstAfterMs?: number;
  everyMs?: number;
  log?: (message: string) => void;
}): { run: () => Promise<string>; stop: () => void } {
  const now = deps.now ?? (() => new Date());
  let running = false;
  const run = async (): Promise<string> => {
    if (running) return 'busy';
    running = true;
    try {
      const result = await integrityCheckInChunks(deps.sqlite);
      if (result === 'ok') clearAlert(deps.dbFile, 'integrity-failed');
      else {
        raiseAlert(deps.dbFile, {
          kind: 'integrity-failed',
          at: now().toISOString(),
          message:
            'The background check found damage in the database. Take no further backups over the good ones; restore the newest good backup or contact IT.',
        });
        deps.log?.('[alongside] background integrity check failed (SQLITE_CORRUPT)');
      }
      return result;
    } catch (err) {
      deps.log?.(`[alongside] background integrity check could not run (${sqliteCode(err)})`);
      return 'error';
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void run(), deps.firstAfterMs ?? 5 * 60_000);
  first.unref?.();
  const every = setInterval(() => void run(), deps.everyMs ?? 24 * 3_600_000);
  every.unref?.();
  return {
    run,
    stop: () => {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}

/**
 * Daily backups while the app runs (rotation 7 daily / 4 weekly / 12 monthly) in the chosen folder. A
 * failure raises an alert the administrators see on the Data screen (and is logged by its code only);
 * the next success clears it.
 */
export function startDailyBackups(deps: {
  sqlite: Database.Database;
  dbFile: string;
  backupDir: () => string;
  now?: () => Date;
  log?: (message: string) => void;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}): { tick: () => Promise<boolean>; stop: () => void } {
  const now = deps.now ?? (() => new Date());
  return startBackupScheduler({
    backup: async () => {
      await takeBackup(deps.sqlite, deps.backupDir(), 'daily', now());
      clearAlert(deps.dbFile, 'backup-failed');
    },
    lastBackupAt: () => lastDailyBackup(deps.backupDir(), now()),
    now,
    ...(deps.setInterval ? { setInterval: deps.setInterval } : {}),
    ...(deps.clearInterval ? { clearInterval: deps.clearInterval } : {}),
    onError: (err) => {
      const code = sqliteCode(err);
      deps.log?.(`[alongside] daily backup failed (${code})`);
      raiseAlert(deps.dbFile, {
        kind: 'backup-failed',
        at: now().toISOString(),
        message: `The daily backup could not be taken (${code}). Check that the backup folder is reachable and has space, then take a backup by hand.`,
      });
    },
  });
}
