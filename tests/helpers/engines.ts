import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, it } from 'vitest';
import type { Connection, Engine } from '../../db/connection';
import { openPostgres } from '../../db/connection-pg';
import { migratePostgres } from '../../db/migrate-pg';
import { BASELINE_STATEMENTS } from '../../db/migrations-pg/0001_baseline-sql';
import { PG_MIGRATIONS } from '../../db/migrations-pg/index';
import { openAndMigrate } from '../../db/open';
import { pgSync } from './pg-sync';

/**
 * Database tests on both engines. SQLite always; PostgreSQL when ALONGSIDE_TEST_PG names a server and a role
 * that may create databases (postgres://user:password@host:port/database; .ci/run sets it up). Each test
 * gets a fresh, migrated database: on PostgreSQL a copy of a template database migrated once per schema
 * version (CREATE DATABASE ... TEMPLATE is a file copy, a few tens of milliseconds).
 */
export const PG_ENV = 'ALONGSIDE_TEST_PG';
export const PG_URL = process.env[PG_ENV] || undefined;

export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

/**
 * The engine of this test run: the `db-pg` Vitest project (vitest.config.ts) runs the module database tests
 * again with ALONGSIDE_TEST_ENGINE=postgres, so `createTestApp()` opens PostgreSQL there without the test
 * file changing. Tests that are about SQLite itself (query plans, the file) use `itOnSqlite`.
 */
export const TEST_ENGINE: Engine = process.env.ALONGSIDE_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
export const itOnSqlite = TEST_ENGINE === 'sqlite' ? it : it.skip;

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

/**
 * PostgreSQL: creating a database is a file copy with fsyncs (about 5 s on this 2-core machine under load),
 * far too slow for one per test. So each test process takes a WORKER database of its own (kept between runs,
 * one per schema, worktree and concurrent process; a session advisory lock says which process holds it) and
 * every test starts from it emptied back to the freshly migrated state: rows deleted children first, the
 * shipped rows put back, sequences and triggers as migrated (a test that adds a trigger loses it).
 */
interface PgWorker {
  name: string;
  reset(): Promise<void>;
}
const worktreeKey = createHash('sha256').update(process.cwd()).digest('hex').slice(0, 6);
const GLOBAL_KEY = Symbol.for(`alongside.pgWorker.${schemaKey}`);
type WorkerGlobal = { [GLOBAL_KEY]?: Promise<PgWorker> };

function pgWorker(): Promise<PgWorker> {
  const g = globalThis as WorkerGlobal;
  // On globalThis: a test process that runs several files re-imports this module but keeps its lock.
  g[GLOBAL_KEY] ??= (async () => {
    await ensureTemplate();
    const holder = new pg.Client({ connectionString: PG_URL });
    await holder.connect();
    // The lock is released when this process ends (its socket closes); it must not keep the process alive.
    (holder as unknown as { connection: { stream: { unref(): void } } }).connection.stream.unref();
    for (let slot = 1; slot <= 32; slot++) {
      const name = `alongside_w_${schemaKey}_${worktreeKey}_${slot}`;
      const got = await holder.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [
        name,
      ]);
      if (!got.rows[0]!.ok) continue;
      const url = urlFor(name);
      const exists = await holder.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      // A worker database a crashed test left unusable is made again.
      const usable = exists.rowCount
        ? await resetAt(url).then(
            () => true,
            () => false,
          )
        : false;
      if (exists.rowCount && !usable) await holder.query(`DROP DATABASE ${name} WITH (FORCE)`);
      if (!usable) {
        await holder.query(`DROP DATABASE IF EXISTS ${name}_building`);
        await holder.query(`CREATE DATABASE ${name}_building TEMPLATE ${TEMPLATE}`);
        await prepareReset(urlFor(`${name}_building`));
        await holder.query(`ALTER DATABASE ${name}_building RENAME TO ${name}`);
      }
      return { name, reset: () => resetAt(url) };
    }
    throw new Error('No free PostgreSQL worker database (32 in use)');
  })();
  return g[GLOBAL_KEY];
}

async function resetAt(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('SELECT alongside_pristine.reset()');
  } finally {
    await c.end();
  }
}

/** Snapshots the migrated state of a new worker database and writes the function that returns to it. */
async function prepareReset(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const tables = (
      await c.query<{ t: string }>(
        `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alongside_schema_version'`,
      )
    ).rows.map((r) => r.t);
    const fks = (
      await c.query<{ child: string; parent: string }>(
        `SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent FROM pg_constraint
          WHERE contype = 'f' AND connamespace = 'public'::regnamespace AND conrelid <> confrelid`,
      )
    ).rows;
    // Children before parents; a cycle (none today) falls back to one TRUNCATE of everything.
    const order: string[] = [];
    const left = new Set(tables);
    while (left.size) {
      const ready = [...left].filter((t) => !fks.some((f) => f.parent === t && left.has(f.child)));
      if (!ready.length) break;
      for (const t of ready.sort()) {
        order.push(t);
        left.delete(t);
      }
    }
    const empty = left.size
      ? [`TRUNCATE ${tables.map((t) => `public.${t}`).join(', ')}`]
      : order.map((t) => `DELETE FROM public.${t}`);
    await c.query('CREATE SCHEMA alongside_pristine');
    const refill: string[] = [];
    for (const t of tables) {
      const n = await c.query(`SELECT 1 FROM public.${t} LIMIT 1`);
      if (!n.rowCount) continue;
      await c.query(`CREATE TABLE alongside_pristine.${t} AS TABLE public.${t}`);
      refill.push(`INSERT INTO public.${t} OVERRIDING SYSTEM VALUE SELECT * FROM alongside_pristine.${t}`);
    }
    const seqs = (
      await c.query<{ s: string; v: string | null }>(
        `SELECT sequencename AS s, last_value::text AS v FROM pg_sequences WHERE schemaname = 'public'`,
      )
    ).rows.map((r) =>
      r.v === null
        ? `PERFORM setval('public.${r.s}', 1, false)`
        : `PERFORM setval('public.${r.s}', ${r.v}, true)`,
    );
    const triggers = (
      await c.query<{ t: string; tg: string }>(
        `SELECT c.relname AS t, g.tgname AS tg FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
          WHERE NOT g.tgisinternal AND c.relnamespace = 'public'::regnamespace`,
      )
    ).rows;
    const withTriggers = [...new Set(triggers.map((r) => r.t))];
    const kept = triggers.map((r) => `'${r.t}.${r.tg}'`).join(', ') || `''`;
    await c.query(`CREATE FUNCTION alongside_pristine.reset() RETURNS void LANGUAGE plpgsql AS $body$
      DECLARE r record;
      BEGIN
        FOR r IN SELECT c.relname AS t, g.tgname AS tg FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
                  WHERE NOT g.tgisinternal AND c.relnamespace = 'public'::regnamespace
                    AND c.relname || '.' || g.tgname NOT IN (${kept}) LOOP
          EXECUTE format('DROP TRIGGER %I ON public.%I', r.tg, r.t);
        END LOOP;
        ${withTriggers.map((t) => `ALTER TABLE public.${t} DISABLE TRIGGER USER;`).join('\n')}
        ${empty.map((s) => `${s};`).join('\n')}
        ${refill.map((s) => `${s};`).join('\n')}
        ${withTriggers.map((t) => `ALTER TABLE public.${t} ENABLE TRIGGER USER;`).join('\n')}
        ${seqs.map((s) => `${s};`).join('\n')}
      END $body$`);
  } finally {
    await c.end();
  }
}

/**
 * SQLite: migrating from zero takes 150-300 ms (240 migrations), and most test files make a fresh database
 * per test. So the first test process of a run migrates one TEMPLATE file from zero and every fresh database
 * is a copy of it (a few milliseconds), opened through `openAndMigrate` like any other file (which finds it
 * at the latest version), with its own random `database_generation` as a migration from zero would give it.
 * The template lives in the run's folder (ALONGSIDE_TEST_TEMPLATES, made by tests/helpers/global-setup.ts and
 * removed after the run), so a run never reuses another run's schema; without that folder (a test started
 * by some other runner) each process keeps its own template. The tests of migrating itself (migrations,
 * pre-migration backup, refusal of a newer file) open their own files and still migrate from zero.
 * ALONGSIDE_TEST_NO_TEMPLATE=1 migrates every fresh database from zero, as before.
 */
const TEMPLATE_KEY = Symbol.for('alongside.sqliteTemplate');
type TemplateGlobal = { [TEMPLATE_KEY]?: Promise<string> };

function sqliteTemplate(): Promise<string> {
  const g = globalThis as TemplateGlobal;
  g[TEMPLATE_KEY] ??= (async () => {
    const runDir = process.env.ALONGSIDE_TEST_TEMPLATES;
    let dir: string;
    if (runDir) {
      dir = runDir;
      mkdirSync(dir, { recursive: true });
    } else {
      dir = mkdtempSync(join(tmpdir(), 'alongside template '));
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    }
    const template = join(dir, 'migrated.sqlite');
    if (existsSync(template)) return template;
    // Processes may race to build it: each builds its own, and the rename is atomic.
    const building = join(dir, `building-${process.pid}-${randomBytes(4).toString('hex')}`);
    mkdirSync(building);
    const file = join(building, 'migrated.sqlite');
    const { conn } = await openAndMigrate(file);
    await conn.close();
    renameSync(file, template);
    rmSync(building, { recursive: true, force: true });
    return template;
  })();
  return g[TEMPLATE_KEY];
}

/**
 * A new SQLite file at `file` (which must not exist), migrated to the latest version: a copy of the run's
 * template, opened through `openAndMigrate`. For fixtures that need the file at a path of their own (the
 * end-to-end preview); `freshDatabase('sqlite')` is the usual way.
 */
export async function openMigratedSqlite(file: string): Promise<Connection> {
  if (process.env.ALONGSIDE_TEST_NO_TEMPLATE === '1') return (await openAndMigrate(file)).conn;
  copyFileSync(await sqliteTemplate(), file);
  const { conn } = await openAndMigrate(file);
  await sql`UPDATE database_generation SET generation = lower(hex(randomblob(16))),
    changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`.execute(conn.db);
  return conn;
}

/** A fresh, migrated database on `engine` (on PostgreSQL: this process's worker database, emptied). */
export async function freshDatabase(engine: Engine): Promise<EngineDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'alongside test '));
    const file = join(dir, 'alongside.sqlite');
    const conn = await openMigratedSqlite(file);
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
  const worker = await pgWorker();
  await worker.reset();
  const url = urlFor(worker.name);
  const conn = openPostgres({ connectionString: url, max: 4 });
  // Tests written for SQLite read rows synchronously; on PostgreSQL they go through psql (tests only).
  Object.defineProperty(conn, 'sqlite', { get: () => pgSync(url) });
  return {
    conn,
    file: null,
    dir: null,
    url,
    async cleanup() {
      await conn.close();
    },
  };
}

/** Rows of a hand-written SELECT, on either engine (for assertions in tests). */
export async function rawRows(conn: Connection, text: string): Promise<Record<string, unknown>[]> {
  return (await sql.raw<Record<string, unknown>>(text).execute(conn.db)).rows;
}
