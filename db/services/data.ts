import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupInfo, BackupPreview, DataStatus } from '../../shared/domain/data';
import { AppError } from '../../shared/result';
import {
  backupLocation,
  defaultBackupDir,
  listBackups,
  networkWarning,
  ROTATION,
  saveBackupLocation,
  takeBackup,
} from '../backup';
import { checkCandidate, contentsOf, RestoreRefused, restoreBackup } from '../backup-restore';
import { installKey, verifyBackup } from '../backup-sign';
import { dataAlerts } from '../health';
import { LATEST_VERSION } from '../migrations/index';
import { PG_MIGRATIONS } from '../migrations-pg/index';
import { teamDatabaseFacts } from '../queries/team-database';
import { RECORD_VIEW, RECORDS_LIST } from './access-audit';
import { auditRow, writeAudit } from './audit';
import type { HandlerContext } from './context';

/** The backup folder for this database: environment, else the setting, else the host's option or default. */
export function backupDirFor(ctx: Pick<HandlerContext, 'conn' | 'options'>): {
  dir: string;
  source: DataStatus['backupDirSource'];
} {
  const loc = backupLocation(ctx.conn.file);
  if (loc.source === 'default' && ctx.options.backupDir)
    return { dir: ctx.options.backupDir, source: 'default' };
  return loc;
}

/**
 * On the team server (PostgreSQL) the app manages no database file: the trust's IT team backs the server's
 * database up with pg_dump on their schedule and restores it (README, "Running the server (for trust IT)").
 * The file operations are refused in those words, and nothing changes.
 */
export const TEAM_SERVER_BACKUPS =
  'Backups of the team server are made by your IT team with pg_dump, on their own schedule, not from this screen.';
const TEAM_REFUSALS = {
  backup: `${TEAM_SERVER_BACKUPS} Nothing was changed.`,
  folder: `The backup folder is for Alongside on a single computer. ${TEAM_SERVER_BACKUPS} Nothing was changed.`,
  preview: `${TEAM_SERVER_BACKUPS} Their backups are not in a folder this app can open.`,
  restore:
    "Restoring is not done in the app on a team server: your IT team restores the server's database from its pg_dump backup, and everyone then signs in again. Nothing was changed.",
} as const;

function refuseOnTeamServer(ctx: HandlerContext, what: keyof typeof TEAM_REFUSALS): void {
  if (ctx.conn.engine === 'postgres') throw new AppError('VALIDATION', TEAM_REFUSALS[what]);
}

async function teamStatus(ctx: HandlerContext): Promise<DataStatus> {
  const facts = await teamDatabaseFacts(ctx.conn.db, [RECORD_VIEW, RECORDS_LIST]);
  return {
    databaseFile: ctx.conn.file,
    databaseBytes: facts.bytes,
    backupDir: '',
    backupDirSource: 'default',
    networkWarning: null,
    lastBackupAt: null,
    backups: [],
    alerts: [],
    rotation: { ...ROTATION },
    teamServer: {
      connected: true,
      database: ctx.conn.file,
      serverVersion: facts.serverVersion,
      schemaVersion: facts.schemaVersion,
      latestSchemaVersion: PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version,
      bytes: facts.bytes,
      lastChangeAt: facts.lastChangeAt,
    },
  };
}

export async function dataStatus(ctx: HandlerContext): Promise<DataStatus> {
  if (ctx.conn.engine === 'postgres') return teamStatus(ctx);
  const { dir, source } = backupDirFor(ctx);
  const backups = listBackups(dir);
  let bytes = 0;
  for (const f of [ctx.conn.file, `${ctx.conn.file}-wal`]) if (existsSync(f)) bytes += statSync(f).size;
  return {
    databaseFile: ctx.conn.file,
    databaseBytes: bytes,
    backupDir: dir,
    backupDirSource: source,
    networkWarning: networkWarning(ctx.conn.file),
    lastBackupAt: backups.find((b) => b.signed)?.takenAt ?? null,
    backups,
    alerts: dataAlerts(ctx.conn.file),
    rotation: { ...ROTATION },
    teamServer: null,
  };
}

function infoOf(dir: string, file: string): BackupInfo {
  const name = file.slice(dir.length + 1);
  const info = listBackups(dir).find((b) => b.name === name);
  if (!info) throw new AppError('INTERNAL', 'The backup was taken but cannot be found.');
  return info;
}

async function audit(ctx: HandlerContext, action: string, after: unknown): Promise<void> {
  await ctx.conn.db
    .transaction()
    .execute((trx) => writeAudit(trx, ctx, { action, entity: 'database', entityId: null, after }));
}

export async function backupNow(ctx: HandlerContext): Promise<BackupInfo> {
  refuseOnTeamServer(ctx, 'backup');
  const { dir } = backupDirFor(ctx);
  let file: string;
  try {
    file = await takeBackup(ctx.conn.sqlite, dir, 'manual', ctx.now());
  } catch (err) {
    throw new AppError(
      'INTERNAL',
      `The backup could not be written to ${dir} (${(err as { code?: string }).code ?? 'error'}). Nothing else changed.`,
    );
  }
  const info = infoOf(dir, file);
  await audit(ctx, 'data.backup', { name: info.name });
  return info;
}

export async function setBackupDir(ctx: HandlerContext, dir: string | null): Promise<DataStatus> {
  refuseOnTeamServer(ctx, 'folder');
  const before = backupDirFor(ctx).dir;
  saveBackupLocation(ctx.conn.file, dir);
  await audit(ctx, 'data.backupDir', { before, after: dir ?? defaultBackupDir(ctx.conn.file) });
  return dataStatus(ctx);
}

function backupFile(ctx: HandlerContext, name: string): { dir: string; file: string; info: BackupInfo } {
  const { dir } = backupDirFor(ctx);
  const info = listBackups(dir).find((b) => b.name === name);
  if (!info) throw new AppError('NOT_FOUND', 'That backup is not in the backup folder.');
  return { dir, file: join(dir, name), info };
}

/**
 * What a backup holds, without blocking anyone: the MAC is streamed in chunks (other requests run
 * between them), the schema comparison reads only sqlite_master, and a signed backup's counts come from
 * its metadata. The full integrity check runs when the backup is restored (and ran when it was taken).
 */
export async function backupPreview(ctx: HandlerContext, name: string): Promise<BackupPreview> {
  refuseOnTeamServer(ctx, 'preview');
  const { file, info } = backupFile(ctx, name);
  const signature = await verifyBackup(file, installKey(ctx.conn.file));
  const trusted = signature.state === 'valid' && signature.meta;
  try {
    const checked = await checkCandidate(ctx.conn.sqlite, file, {
      latestVersion: LATEST_VERSION,
      count: !trusted,
    });
    const counts = trusted ? signature.meta!.counts : checked.counts;
    return { ...info, ...contentsOf(checked.version, counts, 'ok'), signature: signature.state };
  } catch (err) {
    if (!(err instanceof RestoreRefused)) throw err;
    return { ...info, ...contentsOf(0, {}, err.message), signature: signature.state };
  }
}

/**
 * Restores a backup into the open database (db/backup-restore.ts: checked and copied privately first,
 * then online in one transaction with the current database backed up, the replaced audit trail carried
 * over and the restore's own audit row), and signs everyone out (the database generation changes, so
 * every session ends, in this process and any other). A refusal is audited in the unchanged database.
 */
export async function restore(
  ctx: HandlerContext,
  name: string,
  foreign = false,
): Promise<{ restored: BackupPreview; safetyBackup: string }> {
  if (ctx.conn.engine === 'postgres') {
    await audit(ctx, 'data.restore.refused', { restored: name, foreign, reason: 'team-server' });
    refuseOnTeamServer(ctx, 'restore');
  }
  const { dir, file, info } = backupFile(ctx, name);
  let result: Awaited<ReturnType<typeof restoreBackup>>;
  try {
    // Holding Kysely's connection keeps this process's other requests queued until the restore is done
    // (restoreBackup holds SQLite's write lock against other processes).
    result = await ctx.conn.db.connection().execute(() =>
      restoreBackup(ctx.conn.sqlite, ctx.conn.file, file, dir, {
        latestVersion: LATEST_VERSION,
        now: ctx.now(),
        allowForeign: foreign,
        auditRow: (d) =>
          auditRow(ctx, {
            action: foreign ? 'data.restore.foreign' : 'data.restore',
            entity: 'database',
            entityId: null,
            after: {
              restored: name,
              takenAt: d.metadata?.takenAt ?? null,
              signature: d.signature,
              safetyBackup: d.safetyBackup,
              carriedAuditRows: d.carriedRows,
              movedAuditRows: d.movedRows,
            },
          }) as unknown as Record<string, unknown>,
      }),
    );
  } catch (err) {
    const message = (err as Error).message;
    await audit(ctx, 'data.restore.refused', {
      restored: name,
      foreign,
      reason: err instanceof RestoreRefused ? err.reason : 'error',
    });
    throw new AppError('VALIDATION', message, { name: message });
  }
  const safetyName = result.safetyBackup.slice(dir.length + 1);
  ctx.sessions.endAll();
  return {
    restored: { ...info, ...result.contents, signature: result.details.signature },
    safetyBackup: safetyName,
  };
}
