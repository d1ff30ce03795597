import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { describe } from 'vitest';
import type { Connection, Engine } from '../../db/connection';
import { openPostgres } from '../../db/connection-pg';
import { migratePostgres } from '../../db/migrate-pg';
import { BASELINE_STATEMENTS } from '../../db/migrations-pg/0001_baseline-sql';
import { PG_MIGRATIONS } from '../../db/migrations-pg/index';
import { openAndMigrate } from '../../db/open';

/**
 * Database tests on both engines. SQLite always; PostgreSQL when ALONGSIDE_TEST_PG names a server and a role
 * that may create databases (postgres://user:password@host:port/database; .ci/run sets it up). Each test
 * gets a fresh, migrated database: on PostgreSQL a copy of a template database migrated once per schema
 * version (CREATE DATABASE ... TEMPLATE is a file copy, a few tens of milliseconds).
 */
export const PG_ENV = 'ALONGSIDE_TEST_PG';
export const PG_URL = process.env[PG_ENV] || undefined;

export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

let warned = false;
function warnSkipped(): void {
  if (warned) return;
  warned = true;
  console.warn(
    `\n[engines] ********************************************************************************\n` +
      `[engines] ${PG_ENV} is not set: the PostgreSQL half of the database tests is SKIPPED.\n` +
      `[engines] Set ${PG_ENV}=postgres://user:password@127.0.0.1:5432/postgres (a role with CREATEDB)\n` +
      `[engines] to run them; CI sets it (.ci/run).\n` +
      `[engines] ********************************************************************************\n`,
  );
}

/**
 * `describe` once per engine: `describeEachEngine('patients', (engine) => { ... })`. The PostgreSQL half is
 * skipped, loudly, without ALONGSIDE_TEST_PG.
 */
export function describeEachEngine(name: string, body: (engine: Engine) => void): void {
  for (const engine of ENGINES) {
    if (engine === 'postgres' && !PG_URL) {
      warnSkipped();
      describe.skip(`${name} [postgres: ${PG_ENV} not set]`, () => body(engine));
      continue;
    }
    describe(`${name} [${engine}]`, () => body(engine));
  }
}

function urlFor(database: string): string {
  const u = new URL(PG_URL!);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

// The baseline's statements are hashed too: its `up` only names them, so a regenerated baseline would
// otherwise reuse a template built from an older schema (and branches with different baselines would share one).
const schemaKey = createHash('sha256')
  .update(PG_MIGRATIONS.map((m) => `${m.version}:${m.name}:${m.up.toString()}`).join('|'))
  .update(BASELINE_STATEMENTS.join('\n'))
  .digest('hex')
  .slice(0, 12);
const TEMPLATE = `alongside_tpl_${schemaKey}`;
let templateReady: Promise<void> | null = null;

/** The migrated template database, built once per schema (the first test file to need it builds it). */
function ensureTemplate(): Promise<void> {
  templateReady ??= admin(async (c) => {
    // Test files run in parallel processes: one builds, the others wait on the lock.
    await c.query('SELECT pg_advisory_lock(4242)');
    try {
      const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE]);
      if (exists.rowCount) return;
      const building = `${TEMPLATE}_building`;
      await c.query(`DROP DATABASE IF EXISTS ${building}`);
      await c.query(`CREATE DATABASE ${building}`);
      const conn = openPostgres({ connectionString: urlFor(building), max: 1 });
      try {
        await migratePostgres(conn);
      } finally {
        await conn.close();
      }
      await c.query(`ALTER DATABASE ${building} RENAME TO ${TEMPLATE}`);
    } finally {
      await c.query('SELECT pg_advisory_unlock(4242)');
    }
  });
  return templateReady;
}

let counter = 0;

export interface EngineDatabase {
  conn: Connection;
  /** Drops the database (PostgreSQL) or deletes the folder (SQLite). */
  cleanup(): Promise<void>;
  /** The SQLite file and its folder (SQLite only), for tests that open it again. */
  file: string | null;
  dir: string | null;
  /** The PostgreSQL database's connection string (PostgreSQL only), for tests that open it again. */
  url: string | null;
}

/** A fresh, migrated database on `engine`. */
export async function freshDatabase(engine: Engine): Promise<EngineDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'alongside test '));
    const file = join(dir, 'alongside.sqlite');
    const { conn } = await openAndMigrate(file);
    return {
      conn,
      file,
      dir,
      url: null,
      async cleanup() {
        await conn.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!PG_URL) throw new Error(`${PG_ENV} is not set`);
  await ensureTemplate();
  const name = `alongside_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`));
  const conn = openPostgres({ connectionString: urlFor(name), max: 4 });
  return {
    conn,
    file: null,
    dir: null,
    url: urlFor(name),
    async cleanup() {
      await conn.close();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** Rows of a hand-written SELECT, on either engine (for assertions in tests). */
export async function rawRows(conn: Connection, text: string): Promise<Record<string, unknown>[]> {
  return (await sql.raw<Record<string, unknown>>(text).execute(conn.db)).rows;
}
