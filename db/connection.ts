import Database from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import { cachingDatabase, InlineLimitPlugin } from './compiled';
import type { DB } from './schema';

/** Which database engine holds the data: the single computer's SQLite file, or the team server's PostgreSQL. */
export type Engine = 'sqlite' | 'postgres';

export interface Connection {
  engine: Engine;
  /**
   * The raw better-sqlite3 handle, for SQLite file management only: pragmas, backups, restore, health
   * checks, and hand-written baselines in benchmarks. On PostgreSQL reading it throws (the trust's
   * PostgreSQL tools do that work). Services and queries never touch it (lint): they use `db`.
   */
  sqlite: Database.Database;
  db: Kysely<DB>;
  /** The SQLite file, or for PostgreSQL the server and database (no password). */
  file: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  readonly?: boolean;
  /**
   * Path of a better-sqlite3 addon built for another runtime (Electron). When absent the addon that npm
   * built for this Node is used, so tests and the app never fight over one binary.
   */
  nativeBinding?: string;
  /** Milliseconds a writer waits for a lock before giving up (default 5000). */
  busyTimeoutMs?: number;
}

/**
 * Opens the database with the settings clinical data needs: WAL (readers never block the writer),
 * foreign keys on, a busy timeout so a second process (a backup) waits instead of failing, and
 * synchronous=FULL so an acknowledged write survives a power cut.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Connection {
  const sqlite = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  if (!options.readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = FULL');
  // Kysely prepares every query it runs; the caching handle reuses each SQL text's statement (db/compiled.ts).
  const db = new Kysely<DB>({
    dialect: options.readonly
      ? new SqliteDialect({ database: cachingDatabase(sqlite) })
      : new ImmediateSqliteDialect({ database: cachingDatabase(sqlite) }),
    plugins: [new InlineLimitPlugin()],
  });
  let closed = false;
  return {
    engine: 'sqlite',
    sqlite,
    db,
    file,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy(); // closes the better-sqlite3 handle too
    },
  };
}

/**
 * Kysely's SQLite driver, except that a transaction begins IMMEDIATE: it takes SQLite's write lock at its
 * start, so a second process (a CLI backup or restore) makes it wait its busy_timeout instead of failing
 * half-way when a read inside the transaction upgrades to a write (SQLITE_BUSY).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}
