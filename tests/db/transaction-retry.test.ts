import pg from 'pg';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/db';
import { freshDatabase, PG_URL, rawRows, type EngineDatabase } from '../helpers/engines';

/**
 * Team mode (issue 19): PostgreSQL runs every transaction serializable and refuses one of two overlapping
 * transactions (40001, or 40P01 for a deadlock); PostgreSQL's advice is to run THAT transaction again.
 * The dispatcher used to run the whole handler again instead, which is wrong for a handler with two
 * transactions: when the second is refused the first has already committed, and running the handler again
 * runs the first again. setup:createFirstAdmin is such a handler (create the user; then sign in, audited in
 * a second transaction): run again, it found the administrator it had just created and answered "The first
 * administrator has already been created", although the administrator was created and nothing failed for
 * good. Only the refused transaction is run again now (db/transaction-retry.ts).
 */
describe.skipIf(!PG_URL)('running a refused transaction again [postgres]', () => {
  let app: TestApp | undefined;
  let fresh: EngineDatabase | undefined;
  // The worker database keeps tables, sequences and functions a test adds (it drops only added triggers).
  const dropTestObjects = `DROP TABLE IF EXISTS test_rota;
    DROP FUNCTION IF EXISTS test_count_user_insert() CASCADE;
    DROP FUNCTION IF EXISTS test_refuse_first_sign_in() CASCADE;
    DROP SEQUENCE IF EXISTS test_user_inserts;
    DROP SEQUENCE IF EXISTS test_sign_in_refusals;`;
  afterEach(async () => {
    const conn = app?.dispatcher.conn ?? fresh?.conn;
    if (conn) await sql.raw(dropTestObjects).execute(conn.db);
    await app?.close();
    await fresh?.cleanup();
    app = undefined;
    fresh = undefined;
  });

  it('a serialization failure in the second of two transactions runs only the second again, not the first', async () => {
    app = await createTestApp('postgres');
    const conn = app.dispatcher.conn;
    // Counters outside any transaction (a sequence is not rolled back): how often the first transaction
    // inserted the user, and a refusal (SQLSTATE 40001, what PostgreSQL raises for a serialization failure)
    // of the second transaction's sign-in audit row, the first time only.
    await sql.raw(dropTestObjects).execute(conn.db);
    await sql
      .raw(
        `CREATE SEQUENCE test_user_inserts;
         CREATE SEQUENCE test_sign_in_refusals;
         CREATE FUNCTION test_count_user_insert() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN PERFORM nextval('test_user_inserts'); RETURN NEW; END $$;
         CREATE TRIGGER test_count_user_insert BEFORE INSERT ON users
           FOR EACH ROW EXECUTE FUNCTION test_count_user_insert();
         CREATE FUNCTION test_refuse_first_sign_in() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF NEW.action = 'auth.sign-in' AND nextval('test_sign_in_refusals') = 1 THEN
             RAISE EXCEPTION 'could not serialize access due to read/write dependencies among transactions'
               USING ERRCODE = 'serialization_failure';
           END IF;
           RETURN NEW;
         END $$;
         CREATE TRIGGER test_refuse_first_sign_in BEFORE INSERT ON audit_log
           FOR EACH ROW EXECUTE FUNCTION test_refuse_first_sign_in();`,
      )
      .execute(conn.db);

    const r = await app.call(
      'setup:createFirstAdmin',
      { username: 'admin', displayName: 'Admin', password: 'correct horse battery' },
      'setup',
    );
    // Before the fix: { ok: false, FORBIDDEN "The first administrator has already been created." }.
    expect(r.ok ? r.value.user.username : r.error).toBe('admin');

    const counters = await rawRows(
      conn,
      `SELECT (SELECT last_value FROM test_user_inserts) AS user_inserts,
              (SELECT last_value FROM test_sign_in_refusals) AS sign_in_attempts`,
    );
    expect(Number(counters[0]!.user_inserts)).toBe(1); // the first transaction ran once
    expect(Number(counters[0]!.sign_in_attempts)).toBe(2); // the second was refused once, then saved
    const users = await rawRows(conn, `SELECT username FROM users`);
    expect(users).toEqual([{ username: 'admin' }]);
    const signIns = await rawRows(conn, `SELECT count(*) AS n FROM audit_log WHERE action = 'auth.sign-in'`);
    expect(Number(signIns[0]!.n)).toBe(1);
  });

  it('a real write skew between two workstations: the refused transaction is run again and both are saved', async () => {
    fresh = await freshDatabase('postgres');
    const { conn } = fresh;
    await sql.raw(dropTestObjects).execute(conn.db);
    await sql.raw(`CREATE TABLE test_rota (who text NOT NULL)`).execute(conn.db);
    const other = new pg.Client({ connectionString: fresh.url! });
    await other.connect();
    let attempts = 0;
    try {
      await conn.db.transaction().execute(async (trx) => {
        attempts++;
        await sql`SELECT count(*) FROM test_rota`.execute(trx);
        if (attempts === 1) {
          // Another workstation reads the same rows and writes between our read and our write.
          await other.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
          await other.query('SELECT count(*) FROM test_rota');
          await other.query(`INSERT INTO test_rota VALUES ('other')`);
          await other.query('COMMIT');
        }
        await sql`INSERT INTO test_rota VALUES ('mine')`.execute(trx);
      });
    } finally {
      await other.end();
    }
    expect(attempts).toBe(2);
    const rows = await rawRows(conn, `SELECT who FROM test_rota ORDER BY who`);
    expect(rows).toEqual([{ who: 'mine' }, { who: 'other' }]);
  });
});
