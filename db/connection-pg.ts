import { PostgresDialect } from 'kysely';
import pg from 'pg';
import { InlineLimitPlugin } from './compiled';
import type { Connection } from './connection';
import type { DB } from './schema';
import { RetryingKysely } from './transaction-retry';

export interface PostgresOptions {
  /** postgres://user:password@host:port/database (or the PG* environment variables when absent). */
  connectionString?: string;
  /** Connections in the pool (default 10). */
  max?: number;
  /** TLS to the database server (pg's `ssl` option), when the trust's database requires it. */
  ssl?: pg.PoolConfig['ssl'];
  /** Milliseconds a statement may run before PostgreSQL cancels it (default 30 s). */
  statementTimeoutMs?: number;
}

const INT8 = 20;
const NUMERIC = 1700;

/**
 * Counts and sums come back from PostgreSQL as bigint or numeric, which pg gives as strings; our queries
 * expect numbers (as SQLite gives them). Every value we count or sum is far below 2^53.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => (v === null ? null : Number(v));
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** Where a connection string points, without the password (for messages and logs). */
export function describePostgres(connectionString: string | undefined): string {
  if (!connectionString) return 'postgres (PG* environment)';
  try {
    const u = new URL(connectionString);
    return `postgres://${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return 'postgres (connection string)';
  }
}

/**
 * Opens a pool of connections to PostgreSQL through Kysely's PostgreSQL dialect: the team server's storage.
 * Nothing is read until the first query (so a wrong address fails there, with pg's message).
 */
export function openPostgres(options: PostgresOptions = {}): Connection {
  const pool = new pg.Pool({
    ...(options.connectionString ? { connectionString: options.connectionString } : {}),
    max: options.max ?? 10,
    ...(options.ssl !== undefined ? { ssl: options.ssl } : {}),
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    types,
    application_name: 'alongside',
    // Services decide from what they read and then write ("a place is left", "no open plan yet"). SQLite
    // runs one writer at a time; PostgreSQL's default (read committed) would let two people both read
    // "one place left" and both save. Serializable makes PostgreSQL refuse the second instead (40001),
    // which is run again (db/transaction-retry.ts) and, if refused every time, reported as a conflict.
    options: '-c default_transaction_isolation=serializable',
  });
  // An idle connection that PostgreSQL ends (a restart, an administrator) must not bring the server down:
  // the pool drops it and opens another on the next query.
  pool.on('error', (err) => console.error(`[alongside] a PostgreSQL connection ended: ${err.message}`));
  const db = new RetryingKysely<DB>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new InlineLimitPlugin()],
  });
  let closed = false;
  return {
    engine: 'postgres',
    get sqlite(): never {
      throw new Error('This is a PostgreSQL connection: SQLite file management does not apply.');
    },
    db,
    file: describePostgres(options.connectionString),
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy(); // ends the pool
    },
  };
}
