import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema';

/**
 * The team server's PostgreSQL database as the data-safety screen reports it (issue 19): PostgreSQL only
 * (on a single computer the screen reports the SQLite file). Reads only: the version table is read as it is,
 * never created here (the application role may not create tables).
 */
export async function teamDatabaseFacts(
  db: Kysely<DB>,
  readActions: readonly string[],
): Promise<{
  serverVersion: string;
  schemaVersion: number;
  bytes: number;
  lastChangeAt: string | null;
}> {
  const r = await sql<{ server_version: string; schema_version: number | null; bytes: string | number }>`
    SELECT current_setting('server_version') AS server_version,
           (SELECT max(version) FROM alongside_schema_version) AS schema_version,
           pg_database_size(current_database()) AS bytes`.execute(db);
  const row = r.rows[0]!;
  // The newest audit row that records a change (reads are audited too: 'who looked at whom'), by id, so the
  // primary key is walked backwards rather than the whole trail scanned.
  const last = await db
    .selectFrom('audit_log')
    .select('at')
    .where('action', 'not in', readActions)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return {
    serverVersion: row.server_version.split(' ')[0] ?? row.server_version,
    schemaVersion: Number(row.schema_version ?? 0),
    bytes: Number(row.bytes),
    lastChangeAt: last?.at ?? null,
  };
}
