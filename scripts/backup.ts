import { parseArgs } from 'node:util';
import { backupLocation, takeBackup } from '../db/backup';
import { openDatabase } from '../db/connection';
import { databaseFile, defaultDataDir } from '../db/paths';
import { existsSync } from 'node:fs';

/**
 * `npm run backup [-- --data-dir DIR --to FOLDER]`: an online, integrity-checked backup, safe while the
 * app has the database open (WAL: the app's readers and writers carry on; a busy timeout instead of
 * "database is locked").
 */
const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, to: { type: 'string' } } });
const file = databaseFile(values['data-dir'] ?? defaultDataDir());
if (!existsSync(file)) {
  console.error(`No database at ${file}. Use --data-dir to point at the folder that holds alongside.sqlite.`);
  process.exit(2);
}
const dir = values.to ?? backupLocation(file).dir;
const conn = openDatabase(file, { busyTimeoutMs: 30_000 });
try {
  const started = Date.now();
  const target = await takeBackup(conn.sqlite, dir, 'cli');
  console.log(`Backed up ${file}\n      to ${target}\n      integrity check ok, ${Date.now() - started} ms`);
} catch (err) {
  console.error(`The backup failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await conn.close();
}
