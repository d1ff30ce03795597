import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupInfo, BackupPreview, DataStatus } from '../../shared/domain/data';
import { AppError } from '../../shared/result';
import {
  backupLocation,
  defaultBackupDir,
  inspectBackup,
  listBackups,
  networkWarning,
  restoreBackup,
  ROTATION,
  saveBackupLocation,
  takeBackup,
} from '../backup';
import { migrate } from '../migrate';
import { MIGRATIONS } from '../migrations/index';

/** The newest schema this app knows (the last migration's number). */
const LATEST_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
import { writeAudit } from './audit';
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

export async function dataStatus(ctx: HandlerContext): Promise<DataStatus> {
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
    lastBackupAt: backups[0]?.takenAt ?? null,
    backups,
    rotation: { ...ROTATION },
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

export async function backupPreview(ctx: HandlerContext, name: string): Promise<BackupPreview> {
  const { file, info } = backupFile(ctx, name);
  try {
    return { ...info, ...inspectBackup(ctx.conn.sqlite, file) };
  } catch {
    throw new AppError('VALIDATION', 'That backup cannot be read: it may be damaged.', {
      name: 'That backup cannot be read: it may be damaged.',
    });
  }
}

/**
 * Restores a backup into the open database (see restoreBackup in db/backup.ts: online, one transaction,
 * the current database backed up first), migrates it if it is older, records the restore in the audit
 * trail of the restored database, and signs everyone out (accounts may differ in the backup).
 */
export async function restore(
  ctx: HandlerContext,
  name: string,
): Promise<{ restored: BackupPreview; safetyBackup: string }> {
  const { dir, file, info } = backupFile(ctx, name);
  const userIds = (await ctx.conn.db.selectFrom('users').select('id').execute()).map((u) => u.id);
  let result: Awaited<ReturnType<typeof restoreBackup>>;
  try {
    // Holding Kysely's connection keeps this process's other requests queued until the restore is done
    // (restoreBackup holds SQLite's write lock against other processes).
    result = await ctx.conn.db.connection().execute(() =>
      restoreBackup(ctx.conn.sqlite, ctx.conn.file, file, dir, {
        latestVersion: LATEST_VERSION,
        now: ctx.now(),
      }),
    );
  } catch (err) {
    const message = (err as Error).message;
    throw new AppError('VALIDATION', message, { name: message });
  }
  if (result.contents.schemaVersion < LATEST_VERSION)
    await migrate(ctx.conn, { backupDir: dir, now: ctx.now() });
  const safetyName = result.safetyBackup.slice(dir.length + 1);
  await audit(ctx, 'data.restore', { restored: name, safetyBackup: safetyName });
  for (const id of userIds) ctx.sessions.endAllFor(id);
  ctx.sessions.delete(ctx.sessionKey);
  return { restored: { ...info, ...result.contents }, safetyBackup: safetyName };
}
