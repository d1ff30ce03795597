import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, PG_ENV, PG_URL, type EngineDatabase } from '../helpers/engines';
import { grantApplicationRole } from '../../db/pg-roles';

/**
 * The two engines' schemas cannot drift: the same tables, columns, column types (SQLite's integer, text and
 * real are PostgreSQL's integer, text and double precision) and nullability. And on PostgreSQL the audit
 * trail is append-only: the trigger refuses everyone, and the application role is not even granted UPDATE,
 * DELETE or TRUNCATE.
 */
if (!PG_URL) console.warn(`[engines] ${PG_ENV} is not set: the engines' schema comparison is SKIPPED.`);

type Shape = Record<string, Record<string, string>>;

describe.skipIf(!PG_URL)('SQLite and PostgreSQL build the same schema', () => {
  let lite: EngineDatabase;
  let pg: EngineDatabase;
  beforeAll(async () => {
    [lite, pg] = await Promise.all([freshDatabase('sqlite'), freshDatabase('postgres')]);
  });
  afterAll(async () => {
    await Promise.all([lite?.cleanup(), pg?.cleanup()]);
  });

  it('has the same tables, columns, types and nullability on both engines', async () => {
    const sqliteShape: Shape = {};
    const tables = lite.conn.sqlite
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[];
    const liteType: Record<string, string> = { integer: 'integer', text: 'text', real: 'double precision' };
    for (const { name } of tables) {
      const cols = lite.conn.sqlite.prepare(`PRAGMA table_info("${name}")`).all() as {
        name: string;
        type: string;
        notnull: number;
        pk: number;
      }[];
      sqliteShape[name] = Object.fromEntries(
        cols.map((c) => [
          c.name,
          `${liteType[c.type.toLowerCase()] ?? c.type} ${c.notnull || c.pk ? 'not null' : 'null'}`,
        ]),
      );
    }
    const pgCols = await sql<{
      table_name: string;
      column_name: string;
      data_type: string;
      is_nullable: string;
    }>`
      SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
      WHERE table_schema = 'public'
      ORDER BY table_name, ordinal_position`.execute(pg.conn.db);
    const pgShape: Shape = {};
    for (const c of pgCols.rows)
      (pgShape[c.table_name] ??= {})[c.column_name] =
        `${c.data_type} ${c.is_nullable === 'YES' ? 'null' : 'not null'}`;
    expect(Object.keys(sqliteShape).length).toBeGreaterThan(40);
    expect(pgShape).toEqual(sqliteShape);
  });

  it('has the same shipped rows (meeting types, letter templates)', async () => {
    for (const table of ['mdt_meeting_types', 'mdt_letter_templates']) {
      const a = lite.conn.sqlite.prepare(`SELECT * FROM ${table} ORDER BY id`).all();
      const b = (await sql.raw(`SELECT * FROM ${table} ORDER BY id`).execute(pg.conn.db)).rows;
      expect(b).toEqual(a);
    }
  });
});

describe.skipIf(!PG_URL)('the audit trail on PostgreSQL is append-only', () => {
  let pg: EngineDatabase;
  const APP_ROLE = 'alongside_test_app';
  beforeAll(async () => {
    pg = await freshDatabase('postgres');
    await sql`INSERT INTO audit_log (at, action, entity) VALUES ('2026-11-21T10:00:00.000Z', 'test', 'x')`.execute(
      pg.conn.db,
    );
  });
  afterAll(async () => pg?.cleanup());

  it('the trigger refuses UPDATE, DELETE and TRUNCATE, even from the owner', async () => {
    await expect(sql`UPDATE audit_log SET action = 'changed'`.execute(pg.conn.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_log`.execute(pg.conn.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log`.execute(pg.conn.db)).rejects.toThrow(/append-only/);
    const n = await sql<{ n: number }>`SELECT count(*) AS n FROM audit_log`.execute(pg.conn.db);
    expect(n.rows[0]!.n).toBe(1);
  });

  it('the application role may read and append audit rows but is not granted UPDATE, DELETE or TRUNCATE', async () => {
    await sql
      .raw(
        `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN CREATE ROLE ${APP_ROLE} NOLOGIN; END IF; END $$`,
      )
      .execute(pg.conn.db);
    await sql.raw(`GRANT ${APP_ROLE} TO CURRENT_USER`).execute(pg.conn.db);
    await grantApplicationRole(pg.conn, APP_ROLE);
    await pg.conn.db.connection().execute(async (db) => {
      await sql.raw(`SET ROLE ${APP_ROLE}`).execute(db);
      try {
        await sql`INSERT INTO audit_log (at, action, entity) VALUES ('2026-11-21T10:01:00.000Z', 'app', 'x')`.execute(
          db,
        );
        await sql`UPDATE patients SET version = version WHERE id = -1`.execute(db); // other tables: allowed
        await expect(sql`UPDATE audit_log SET action = 'changed'`.execute(db)).rejects.toThrow(
          /permission denied/,
        );
        await expect(sql`DELETE FROM audit_log`.execute(db)).rejects.toThrow(/permission denied/);
        await expect(sql`TRUNCATE audit_log`.execute(db)).rejects.toThrow(/permission denied/);
        await expect(
          sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(db),
        ).rejects.toThrow(/must be owner/);
      } finally {
        await sql`RESET ROLE`.execute(db);
      }
    });
    const n = await sql<{ n: number }>`SELECT count(*) AS n FROM audit_log`.execute(pg.conn.db);
    expect(n.rows[0]!.n).toBe(2);
  });
});
