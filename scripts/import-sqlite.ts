import { parseArgs } from 'node:util';
import { openPostgres } from '../db/connection-pg';
import { ImportRefused, importSqliteIntoPostgres } from '../db/import-sqlite';

/**
 * `npm run server:import-sqlite -- --database-url postgres://OWNER@HOST/DATABASE FILE`: moves a
 * single-computer Alongside database (its alongside.sqlite, the desktop app closed) into an EMPTY team
 * database that `npm run server -- --migrate` has just made. One transaction: every table, ids kept, rows
 * counted on both sides, one audit row; on any problem nothing is written. Run it as the database owner.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'database-url': { type: 'string' },
    'database-ssl': { type: 'string' },
    help: { type: 'boolean' },
  },
});
const url = values['database-url'] ?? process.env.ALONGSIDE_DATABASE_URL;
if (values.help || positionals.length !== 1 || !url) {
  console.log(
    'Usage: npm run server:import-sqlite -- --database-url postgres://OWNER@HOST/DATABASE [--database-ssl off|require|verify-full] FILE\n' +
      "  FILE: the single computer's alongside.sqlite (close the desktop app first; the file is only read).\n" +
      '  The database must be new and migrated (npm run server -- --migrate), with no users or patients yet.\n' +
      '  The password comes from PGPASSWORD or ~/.pgpass; ALONGSIDE_DATABASE_URL may replace --database-url.',
  );
  process.exit(values.help ? 0 : 2);
}
const ssl = values['database-ssl'] ?? process.env.ALONGSIDE_DATABASE_SSL ?? 'off';
const conn = openPostgres({
  connectionString: url,
  max: 1,
  statementTimeoutMs: 0,
  ssl:
    ssl === 'off' ? false : ssl === 'require' ? { rejectUnauthorized: false } : { rejectUnauthorized: true },
});
try {
  const started = Date.now();
  const r = await importSqliteIntoPostgres(conn, positionals[0]!);
  console.log(`Moved ${positionals[0]} (schema ${r.schemaVersion}) into ${conn.file}:`);
  for (const [t, n] of Object.entries(r.tables)) if (n > 0) console.log(`  ${t.padEnd(36)} ${n}`);
  console.log(
    `${r.rows} rows in ${Object.keys(r.tables).length} tables, counts equal on both sides; audit row ${r.auditId}; ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
} catch (err) {
  console.error(
    err instanceof ImportRefused
      ? err.message
      : `The move failed and nothing was written: ${(err as Error).message}`,
  );
  process.exitCode = 1;
} finally {
  await conn.close();
}
