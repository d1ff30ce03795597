import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import { DatabaseHistoryError, migrate, schemaVersion } from '../../db/migrate';
import { migratePostgres, pgSchemaVersion } from '../../db/migrate-pg';
import { LATEST_VERSION, MIGRATIONS } from '../../db/migrations/index';
import { PG_MIGRATIONS } from '../../db/migrations-pg/index';
import { openForStartup } from '../../db/open';
import { tempDir } from '../helpers/db';
import { freshDatabase, PG_URL } from '../helpers/engines';

/**
 * H-TRU-106: every applied migration is recorded (alongside_schema_version, as on PostgreSQL), an existing
 * database is backfilled when it is upgraded, and a database whose record lacks a known version below its
 * highest (upgraded by another build) or holds one the app does not know is refused at start-up, nothing
 * changed. Real SQLite files throughout.
 */

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

function newFile(): { file: string; dir: string } {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  return { file: join(dir, 'alongside.sqlite'), dir };
}

function history(file: string): { version: number; name: string; applied_at: string }[] {
  const h = openDatabase(file, { readonly: true });
  try {
    return h.sqlite
      .prepare('SELECT version, name, applied_at FROM alongside_schema_version ORDER BY version')
      .all() as { version: number; name: string; applied_at: string }[];
  } finally {
    void h.close();
  }
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const OLDER = MIGRATIONS.filter((m) => m.version <= 240);

/** A database made by a build whose migrations lacked 0230 (benzodiazepine switches), now at the latest. */
async function builtWithout230(file: string): Promise<void> {
  const conn = openDatabase(file);
  await migrate(conn, { migrations: MIGRATIONS.filter((m) => m.version !== 230) });
  conn.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  await conn.close();
}

describe('H-TRU-106: the record of applied migrations on SQLite', () => {
  it('a new database records every migration, with its name and when it was applied', async () => {
    const { file } = newFile();
    const conn = openDatabase(file);
    await migrate(conn, { now: new Date('2026-12-07T15:00:00Z') });
    await conn.close();
    const rows = history(file);
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(rows.find((r) => r.version === 1)).toEqual({
      version: 1,
      name: '0001_foundation',
      applied_at: '2026-12-07T15:00:00.000Z',
    });
    expect(rows.at(-1)!.version).toBe(LATEST_VERSION);
  });

  it('a database from before the record is backfilled when upgraded, after the pre-migration backup', async () => {
    const { file, dir } = newFile();
    const old = openDatabase(file);
    await migrate(old, { migrations: OLDER });
    old.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('marker', '1', 'now')").run();
    expect(
      old.sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'alongside_schema_version'").get(),
    ).toBeUndefined();
    await old.close();

    const conn = openDatabase(file);
    const result = await migrate(conn, { now: new Date('2026-12-07T15:30:00Z') });
    await conn.close();
    expect(result.from).toBe(240);
    expect(result.to).toBe(LATEST_VERSION);
    // The backup before migrating still happens, and holds the database as it was (no record, version 240).
    expect(result.backup).toContain('pre-migrate-v240-to-v');
    expect(readdirSync(join(dir, 'backups'))).toHaveLength(1);
    const copy = openDatabase(result.backup!, { readonly: true });
    expect(copy.sqlite.pragma('user_version', { simple: true })).toBe(240);
    expect(copy.sqlite.prepare("SELECT value FROM settings WHERE key = 'marker'").pluck().get()).toBe('1');
    await copy.close();
    // Every version up to 240 is taken as applied at the time of the upgrade; the new ones are recorded too.
    const rows = history(file);
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(new Set(rows.map((r) => r.applied_at))).toEqual(new Set(['2026-12-07T15:30:00.000Z']));
    expect(rows.find((r) => r.version === 240)!.name).toBe('0240_rehab_worklist_anchors');
  });

  it('a later migration adds its own row; the earlier rows keep their time', async () => {
    const { file } = newFile();
    const conn = openDatabase(file);
    await migrate(conn, { now: new Date('2026-12-01T09:00:00Z') });
    const next = {
      version: LATEST_VERSION + 1,
      name: 'next',
      up: async () => undefined,
    };
    await migrate(conn, { migrations: [...MIGRATIONS, next], now: new Date('2026-12-07T09:00:00Z') });
    await conn.close();
    const rows = history(file);
    expect(rows.at(-1)).toEqual({
      version: LATEST_VERSION + 1,
      name: 'next',
      applied_at: '2026-12-07T09:00:00.000Z',
    });
    expect(rows[0]!.applied_at).toBe('2026-12-01T09:00:00.000Z');
  });

  it('a database lacking a known lower migration is refused at start-up with a message for IT, nothing changed', async () => {
    const { file, dir } = newFile();
    await builtWithout230(file);
    expect(history(file).map((r) => r.version)).not.toContain(230);
    const before = sha(file);

    const start = await openForStartup(file);
    expect(start.ok).toBe(false);
    if (start.ok) return;
    expect(start.problem.kind).toBe('history');
    expect(start.problem.message).toBe(
      'Alongside has not opened this database, and nothing has been changed: its record of upgrades does not ' +
        'match this version of Alongside (it lacks upgrade 230 (benzodiazepine_switches) although later ' +
        'upgrades were applied). It was probably upgraded by a different build of Alongside. IT: keep the ' +
        'file exactly as it is and give this message to the Alongside supplier.',
    );
    // No backup is offered over it, none was taken, and the file is byte for byte as it was.
    expect(start.problem.newestGoodBackup).toBeNull();
    expect(existsSync(join(dir, 'backups')) ? readdirSync(join(dir, 'backups')) : []).toEqual([]);
    expect(sha(file)).toBe(before);
    expect(history(file).map((r) => r.version)).not.toContain(230);
  });

  it('migrate itself refuses it (DatabaseHistoryError), writing nothing', async () => {
    const { file } = newFile();
    await builtWithout230(file);
    const conn = openDatabase(file);
    cleanups.push(() => conn.close());
    await expect(migrate(conn)).rejects.toBeInstanceOf(DatabaseHistoryError);
    expect(schemaVersion(conn)).toBe(LATEST_VERSION);
    expect(
      conn.sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'benzodiazepine_switches'").get(),
    ).toBeUndefined();
  });

  it('a database recording a migration this app does not know is refused', async () => {
    const { file } = newFile();
    const conn = openDatabase(file);
    await migrate(conn);
    conn.sqlite
      .prepare(
        "INSERT INTO alongside_schema_version VALUES (245, '0245_other_branch', '2026-12-07T10:00:00Z')",
      )
      .run();
    await conn.close();
    const start = await openForStartup(file);
    expect(start.ok).toBe(false);
    if (!start.ok) {
      expect(start.problem.kind).toBe('history');
      expect(start.problem.message).toMatch(
        /it has upgrade 245, which this version of Alongside does not know.*IT: keep the file exactly as it is/,
      );
    }
  });

  it('an unrecorded database at a version this app does not know is refused', async () => {
    const { file } = newFile();
    const conn = openDatabase(file);
    await migrate(conn, { migrations: OLDER });
    conn.sqlite.pragma('user_version = 237');
    const result = migrate(conn);
    await expect(result).rejects.toBeInstanceOf(DatabaseHistoryError);
    await expect(migrate(conn)).rejects.toThrow(/it has upgrade 237/);
    expect(schemaVersion(conn)).toBe(237);
    await conn.close();
  });
});

describe.skipIf(!PG_URL)('H-TRU-106: the same check on PostgreSQL', () => {
  it('a record lacking a known lower migration is refused by the server and by --migrate', async () => {
    const pg = await freshDatabase('postgres');
    cleanups.push(() => pg.cleanup());
    const row = PG_MIGRATIONS.find((m) => m.version === 230)!;
    const saved = await sql<{ applied_at: string }>`
      SELECT applied_at FROM alongside_schema_version WHERE version = 230`.execute(pg.conn.db);
    await sql`DELETE FROM alongside_schema_version WHERE version = 230`.execute(pg.conn.db);
    try {
      await expect(pgSchemaVersion(pg.conn)).rejects.toThrow(
        /it lacks upgrade 230 \(benzodiazepine_switches\)/,
      );
      await expect(migratePostgres(pg.conn)).rejects.toBeInstanceOf(DatabaseHistoryError);
    } finally {
      await sql`INSERT INTO alongside_schema_version (version, name, applied_at)
        VALUES (230, ${row.name}, ${saved.rows[0]!.applied_at})`.execute(pg.conn.db);
    }
    expect(await pgSchemaVersion(pg.conn)).toBe(PG_MIGRATIONS.at(-1)!.version);
  });
});
