import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openDatabase, type Connection, type OpenOptions } from './connection';
import { migrate, type MigrateResult } from './migrate';

/** Opens (creating if needed) and migrates the database; closes it again if migrating fails. */
export async function openAndMigrate(
  file: string,
  options: OpenOptions & { backupDir?: string } = {},
): Promise<{ conn: Connection; migration: MigrateResult }> {
  if (!existsSync(dirname(file))) mkdirSync(dirname(file), { recursive: true });
  const conn = openDatabase(file, options);
  try {
    const migration = await migrate(conn, options.backupDir ? { backupDir: options.backupDir } : {});
    return { conn, migration };
  } catch (err) {
    await conn.close();
    throw err;
  }
}
