import { readFileSync, statSync } from 'node:fs';
import { sql } from 'kysely';
import type { Connection } from '../db/connection';
import { LATEST_VERSION } from '../db/migrations/index';
import { PG_LATEST_VERSION } from '../db/migrations-pg/index';

/**
 * `GET /health`, for the trust's IT monitoring and a load balancer: three checks said in words, with no
 * patient data, no names, no database address and no versions of the software underneath, so it needs no
 * sign-in. HTTP 200 while the server can serve (the database answers and its schema is this server's), 503
 * when it cannot; an old or unknown backup makes the status "warning" but keeps 200 (the instance can
 * still serve: a load balancer must not take it out for that).
 *
 * Backups are the trust's (pg_dump on a schedule, verified with pg_restore --list: README, "Running the
 * server"): the server learns of them from the file the backup job writes after each VERIFIED backup
 * (`--backup-record FILE`: the finishing time in ISO 8601 on its first line, else the file's modified time).
 */
export interface HealthOptions {
  /** The file the backup job writes after each verified backup; null: backups are not checked here. */
  backupRecord?: string | null;
  /** A verified backup older than this many hours is a warning (default 26: a nightly job, with slack). */
  backupMaxHours?: number;
  now?: () => Date;
}

type Status = 'ok' | 'warning' | 'failing';
export interface HealthCheck {
  name: 'database' | 'migrations' | 'backups';
  status: Status;
  says: string;
}
export interface HealthReport {
  ok: boolean;
  status: Status;
  says: string;
  checkedAt: string;
  checks: HealthCheck[];
}

const DATABASE_WAIT_MS = 5000;

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e as Error);
      },
    );
  });
}

/** The schema version the database is at (read only: the application role creates nothing). */
async function schemaVersion(conn: Connection): Promise<number> {
  if (conn.engine === 'postgres') {
    const r = await sql<{
      v: number | null;
    }>`SELECT max(version) AS v FROM alongside_schema_version`.execute(conn.db);
    return Number(r.rows[0]?.v ?? 0);
  }
  const r = await sql<{ user_version: number }>`PRAGMA user_version`.execute(conn.db);
  return Number(r.rows[0]?.user_version ?? 0);
}

function hoursAgo(then: Date, now: Date): string {
  const h = Math.floor((now.getTime() - then.getTime()) / 3_600_000);
  if (h < 1) return 'less than an hour ago';
  return h === 1 ? '1 hour ago' : `${h} hours ago`;
}

function backupCheck(conn: Connection, options: HealthOptions, now: Date): HealthCheck {
  const file = options.backupRecord ?? null;
  const maxHours = options.backupMaxHours ?? 26;
  if (conn.engine === 'sqlite')
    return {
      name: 'backups',
      status: 'warning',
      says: 'This server runs on one SQLite file, for trying it out: its backups are not checked here.',
    };
  if (!file)
    return {
      name: 'backups',
      status: 'warning',
      says: 'Backups are not checked: the server has not been told where the backup job records its verified backups (--backup-record).',
    };
  let at: Date;
  try {
    const first = readFileSync(file, 'utf8').split('\n')[0]!.trim();
    const parsed = new Date(first);
    at = first && !Number.isNaN(parsed.getTime()) ? parsed : statSync(file).mtime;
  } catch {
    return {
      name: 'backups',
      status: 'warning',
      says: 'No verified backup is recorded: the backup job has not written its record yet, or the server cannot read it.',
    };
  }
  const ageHours = (now.getTime() - at.getTime()) / 3_600_000;
  return ageHours <= maxHours
    ? { name: 'backups', status: 'ok', says: `The last verified backup finished ${hoursAgo(at, now)}.` }
    : {
        name: 'backups',
        status: 'warning',
        says: `The last verified backup finished ${hoursAgo(at, now)}, longer ago than the ${maxHours} hours allowed: check the backup job.`,
      };
}

export async function healthReport(conn: Connection, options: HealthOptions = {}): Promise<HealthReport> {
  const now = (options.now ?? (() => new Date()))();
  const checks: HealthCheck[] = [];
  let version: number | null = null;
  try {
    version = await within(schemaVersion(conn), DATABASE_WAIT_MS);
    checks.push({ name: 'database', status: 'ok', says: 'The database answers.' });
  } catch {
    checks.push({
      name: 'database',
      status: 'failing',
      says: 'The database does not answer: nobody can work until it does.',
    });
  }
  const latest = conn.engine === 'postgres' ? PG_LATEST_VERSION : LATEST_VERSION;
  if (version === null)
    checks.push({
      name: 'migrations',
      status: 'failing',
      says: 'The database schema could not be checked (the database does not answer).',
    });
  else if (version === latest)
    checks.push({
      name: 'migrations',
      status: 'ok',
      says: 'The database schema is up to date for this server.',
    });
  else if (version < latest)
    checks.push({
      name: 'migrations',
      status: 'failing',
      says: 'The database schema is older than this server: take a backup, then run the migrations (npm run server -- --migrate).',
    });
  else
    checks.push({
      name: 'migrations',
      status: 'failing',
      says: 'The database schema is newer than this server: this server must be upgraded.',
    });
  checks.push(backupCheck(conn, options, now));
  const status: Status = checks.some((c) => c.status === 'failing')
    ? 'failing'
    : checks.some((c) => c.status === 'warning')
      ? 'warning'
      : 'ok';
  const says =
    status === 'ok'
      ? 'Alongside is working: the database answers, its schema is up to date and backups are recent.'
      : status === 'warning'
        ? `Alongside is working, with a warning: ${checks
            .filter((c) => c.status === 'warning')
            .map((c) => c.says)
            .join(' ')}`
        : `Alongside cannot serve: ${checks
            .filter((c) => c.status === 'failing')
            .map((c) => c.says)
            .join(' ')}`;
  return { ok: status !== 'failing', status, says, checkedAt: now.toISOString(), checks };
}
