import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backupLocation, inspectBackup, restoreBackup } from '../db/backup';
import { openDatabase } from '../db/connection';
import { migrate } from '../db/migrate';
import { MIGRATIONS } from '../db/migrations/index';

/** The newest schema this app knows (the last migration's number). */
const LATEST_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
import { databaseFile, defaultDataDir } from '../db/paths';

/**
 * `npm run restore -- FILE [--data-dir DIR] [--yes]`: shows what the backup holds, backs up the current
 * database, then restores online (SQLite backup API into the live file, one transaction), so it works
 * while the app is open: the app sees the restored data on its next request (everyone should sign in
 * again). Without --yes it only shows the preview.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'data-dir': { type: 'string' }, yes: { type: 'boolean', short: 'y' } },
});
const source = positionals[0] ? resolve(positionals[0]) : null;
if (!source || !existsSync(source)) {
  console.error('Usage: npm run restore -- FILE [--data-dir DIR] [--yes]   (FILE: a backup .sqlite file)');
  process.exit(2);
}
const file = databaseFile(values['data-dir'] ?? defaultDataDir());
const conn = openDatabase(file, { busyTimeoutMs: 30_000 });
try {
  const c = inspectBackup(conn.sqlite, source);
  console.log(
    `Backup ${basename(source)}: schema ${c.schemaVersion}, ${c.patients} patients, ${c.users} users, ${c.auditRows} audit rows, integrity ${c.integrity}`,
  );
  if (!values.yes) {
    console.log('Add --yes to restore it (the current database is backed up first).');
  } else {
    const dir = backupLocation(file).dir;
    const started = Date.now();
    const { safetyBackup } = await restoreBackup(conn.sqlite, file, source, dir, {
      latestVersion: LATEST_VERSION,
    });
    if (c.schemaVersion < LATEST_VERSION) await migrate(conn, { backupDir: dir });
    console.log(
      `Restored into ${file} in ${Date.now() - started} ms.\nThe database as it was is kept in ${safetyBackup}`,
    );
  }
} catch (err) {
  console.error(`Nothing was restored: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await conn.close();
}
