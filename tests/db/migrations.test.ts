import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Connection } from '../../db/connection';
import { DatabaseTooNewError, migrate, schemaVersion } from '../../db/migrate';
import { LATEST_VERSION, MIGRATIONS, type Migration } from '../../db/migrations/index';
import { tempDir } from '../helpers/db';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

function fresh(): { conn: Connection; dir: string } {
  const { dir, cleanup } = tempDir();
  const conn = openDatabase(join(dir, 'alongside.sqlite'));
  cleanups.push(cleanup, () => conn.close());
  return { conn, dir };
}

function schemaDump(conn: Connection): string {
  const rows = conn.sqlite
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all() as { type: string; name: string; sql: string | null }[];
  return rows.map((r) => `-- ${r.type} ${r.name}\n${(r.sql ?? '').replace(/\s+/g, ' ')};`).join('\n') + '\n';
}

describe('migrations', () => {
  it('run from zero to the latest version, with the pragmas clinical data needs', async () => {
    const { conn } = fresh();
    const result = await migrate(conn);
    expect(result).toEqual({ from: 0, to: LATEST_VERSION, backup: null });
    expect(schemaVersion(conn)).toBe(LATEST_VERSION);
    expect(conn.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(conn.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(conn.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(conn.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    // A second run is a no-op.
    expect(await migrate(conn)).toEqual({ from: LATEST_VERSION, to: LATEST_VERSION, backup: null });
  });

  it('match the committed schema snapshot (a schema change must update it on purpose)', async () => {
    const { conn } = fresh();
    await migrate(conn);
    await expect(schemaDump(conn)).toMatchFileSnapshot('./__snapshots__/schema.sql');
  });

  it('roll a failing migration back completely and leave the version where it was', async () => {
    const { conn } = fresh();
    await migrate(conn);
    const before = schemaDump(conn);
    const broken: Migration = {
      version: LATEST_VERSION + 1,
      name: 'broken',
      async up(db) {
        await db.schema.createTable('half_done').addColumn('id', 'integer').execute();
        await sql`INSERT INTO patients (no_such_column) VALUES (1)`.execute(db);
      },
    };
    await expect(migrate(conn, { migrations: [...MIGRATIONS, broken] })).rejects.toThrow();
    expect(schemaVersion(conn)).toBe(LATEST_VERSION);
    expect(schemaDump(conn)).toBe(before); // no half_done table
  });

  it('back up an existing database before migrating it', async () => {
    const { conn, dir } = fresh();
    await migrate(conn);
    conn.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('marker', '1', 'now')").run();
    const next: Migration = {
      version: LATEST_VERSION + 1,
      name: 'next',
      up: async (db) => void (await db.schema.createTable('extra').addColumn('id', 'integer').execute()),
    };
    const result = await migrate(conn, { migrations: [...MIGRATIONS, next] });
    expect(result.backup).toContain(`pre-migrate-v${LATEST_VERSION}-to-v${LATEST_VERSION + 1}-`);
    expect(existsSync(result.backup!)).toBe(true);
    expect(readdirSync(join(dir, 'backups'))).toHaveLength(1);
    const copy = openDatabase(result.backup!, { readonly: true });
    expect(copy.sqlite.prepare("SELECT value FROM settings WHERE key = 'marker'").pluck().get()).toBe('1');
    expect(copy.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    await copy.close();
  });

  it('refuse a database made by a newer app, changing nothing', async () => {
    const { conn } = fresh();
    await migrate(conn);
    conn.sqlite.pragma(`user_version = ${LATEST_VERSION + 5}`);
    const before = schemaDump(conn);
    await expect(migrate(conn)).rejects.toBeInstanceOf(DatabaseTooNewError);
    await expect(migrate(conn)).rejects.toThrow(/newer version of Alongside/);
    expect(schemaDump(conn)).toBe(before);
    expect(schemaVersion(conn)).toBe(LATEST_VERSION + 5);
  });
});

describe('audit trail', () => {
  it('refuses UPDATE and DELETE even through raw SQL on the file', async () => {
    const { conn } = fresh();
    await migrate(conn);
    conn.sqlite
      .prepare("INSERT INTO audit_log (at, action, entity) VALUES ('2026-11-21T10:00:00Z', 'test', 'x')")
      .run();
    expect(() => conn.sqlite.prepare("UPDATE audit_log SET action = 'tampered'").run()).toThrow(
      /append-only/,
    );
    expect(() => conn.sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(conn.sqlite.prepare('SELECT action FROM audit_log').pluck().all()).toEqual(['test']);
  });
});
