import { copyFileSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../db/dispatcher';
import { importSqliteIntoPostgres, ImportRefused } from '../../db/import-sqlite';
import { LATEST_VERSION } from '../../db/migrations/index';
import { createTestApp, signedInAs, TEST_PASSWORD_COST, type TestApp } from '../helpers/db';
import { freshDatabase, PG_URL, rawRows, type EngineDatabase } from '../helpers/engines';
import { OXY_MR } from '../helpers/seed';
import type { Channel, RequestOf, ResponseOf } from '../../shared/ipc/contract';
import type { Result } from '../../shared/result';

/**
 * Moving a single-computer database into the team server (issue 19): a SQLite database made through the
 * services is copied into an empty PostgreSQL database and read back through the dispatcher there.
 */
describe.skipIf(!PG_URL)('moving a single-computer database into the team server [postgres]', () => {
  let source: TestApp;
  let file: string;
  let patientId: number;
  const PASSWORD = 'correct horse battery';

  beforeAll(async () => {
    source = await createTestApp('sqlite');
    await signedInAs(source, 'consultant');
    // Two patients, the second with an allergy; an opioid for the first; a second version of the first.
    const joInput = {
      nhsNumber: '943 476 5919',
      surname: 'Smith',
      forename: 'Jo',
      dateOfBirth: '1960-02-29',
      sex: 'female' as const,
      allergies: [],
    };
    const jo = await source.ok('patients:create', joInput);
    await source.ok('patients:update', {
      id: jo.id,
      version: jo.version,
      patient: { ...joInput, postcode: 'LS1 4AP' },
    });
    await source.ok('patients:create', {
      surname: 'Ali',
      forename: 'Sam',
      dateOfBirth: '1975-07-14',
      sex: 'male',
      allergies: [{ agent: 'Penicillin', reaction: 'Rash' }],
    });
    await source.ok('meds:add', { patientId: jo.id, medicine: OXY_MR });
    patientId = jo.id;
    file = join(source.dir, 'alongside.sqlite');
    source.dispatcher.conn.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  });
  afterAll(async () => source.close());

  async function target(): Promise<EngineDatabase> {
    return freshDatabase('postgres');
  }
  const counts = async (db: EngineDatabase) =>
    (
      await rawRows(
        db.conn,
        'SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM patients) AS patients, (SELECT count(*) FROM audit_log) AS audit',
      )
    )[0];

  it('copies every table with its ids, and the server reads it back through the dispatcher', async () => {
    const pg = await target();
    try {
      const r = await importSqliteIntoPostgres(pg.conn, file, { now: new Date('2026-12-07T09:00:00Z') });
      expect(r.schemaVersion).toBe(LATEST_VERSION);
      // Made above by hand: admin + consultant1; Jo and Sam; one medicine.
      expect(r.tables.users).toBe(2);
      expect(r.tables.patients).toBe(2);
      expect(r.tables.allergies).toBe(1);
      expect(r.tables.sessions).toBeUndefined(); // sign-ins are not carried: everyone signs in again

      const server = createDispatcher(pg.conn, { passwordCost: TEST_PASSWORD_COST });
      const call = <C extends Channel>(c: C, payload: RequestOf<C>) =>
        server.dispatch('w1', c, payload) as Promise<Result<ResponseOf<C>>>;
      const signIn = await call('auth:signIn', {
        username: 'consultant1',
        password: PASSWORD,
      });
      expect(signIn.ok).toBe(true);
      const got = await call('patients:get', { id: patientId });
      expect(got.ok && got.value).toMatchObject({
        id: patientId,
        nhsNumber: '9434765919',
        surname: 'Smith',
        forename: 'Jo',
        dateOfBirth: '1960-02-29',
        postcode: 'LS1 4AP',
        version: 2,
      });
      const found = await call('patients:search', { query: 'Ali' });
      expect(found.ok && found.value.items.map((p) => [p.surname, p.forename])).toEqual([['Ali', 'Sam']]);
      const meds = await call('meds:patient', { patientId });
      expect(meds.ok).toBe(true);
      if (!meds.ok) return;
      expect(meds.value.current).toHaveLength(1);
      // Oxycodone 20 mg twice daily = 40 mg/24 h oral; oral oxycodone to oral morphine x1.5 (Faculty of Pain
      // Medicine, Opioids Aware, 2020): 60 mg OME.
      expect(meds.value.ome.totalMgPer24h).toBe(60);
      // The history made on the single computer is there, and the move itself is audited.
      const history = await call('patients:history', { id: patientId });
      expect(history.ok && history.value.map((h) => h.action)).toEqual(
        expect.arrayContaining(['patient.create', 'patient.update']),
      );
      const last = await rawRows(
        pg.conn,
        `SELECT action, user_name, after_json FROM audit_log WHERE action = 'data.import-sqlite'`,
      );
      expect(last[0]).toMatchObject({ action: 'data.import-sqlite', user_name: 'Trust IT (command line)' });
      expect(JSON.parse(String(last[0]!.after_json))).toMatchObject({ tables: { patients: 2, users: 2 } });

      // New rows continue after the file's ids.
      const next = await call('patients:create', {
        surname: 'Brown',
        forename: 'Ann',
        dateOfBirth: '1980-01-01',
        sex: 'female',
        allergies: [],
      });
      expect(next.ok && next.value.id).toBe(3);
    } finally {
      await pg.cleanup();
    }
  });

  it('refuses a database that is not empty, changing nothing', async () => {
    const pg = await target();
    try {
      await importSqliteIntoPostgres(pg.conn, file);
      const before = await counts(pg);
      await expect(importSqliteIntoPostgres(pg.conn, file)).rejects.toThrow(
        /not empty \(2 user\(s\), 2 patient\(s\), \d+ audit row\(s\)\).*Nothing was changed/,
      );
      expect(await counts(pg)).toEqual(before);
    } finally {
      await pg.cleanup();
    }
  });

  it('refuses a file at an older or a newer schema, and a damaged file, changing nothing', async () => {
    const pg = await target();
    try {
      const copy = (name: string, version: number) => {
        const f = join(source.dir, name);
        copyFileSync(file, f);
        const h = new Database(f);
        h.pragma(`user_version = ${version}`);
        h.close();
        return f;
      };
      await expect(importSqliteIntoPostgres(pg.conn, copy('old.sqlite', 175))).rejects.toThrow(
        new ImportRefused(
          `old.sqlite is at schema 175, older than this version of Alongside (${LATEST_VERSION}). ` +
            'Open it once with this version of the desktop app (which upgrades it, with a backup first), close the app, then move it. Nothing was changed.',
        ),
      );
      await expect(importSqliteIntoPostgres(pg.conn, copy('new.sqlite', LATEST_VERSION + 1))).rejects.toThrow(
        /made by a newer version of Alongside.*Nothing was changed/,
      );
      const notDb = join(source.dir, 'notes.sqlite');
      writeFileSync(notDb, 'surname,forename\nSmith,Jo\n'.repeat(400));
      await expect(importSqliteIntoPostgres(pg.conn, notDb)).rejects.toThrow(
        /notes.sqlite is damaged or is not a database.*Nothing was changed/,
      );
      // A page in the middle of a real file overwritten.
      const damaged = copy('damaged.sqlite', LATEST_VERSION);
      const fd = openSync(damaged, 'r+');
      writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, 4096 * 3);
      closeSync(fd);
      await expect(importSqliteIntoPostgres(pg.conn, damaged)).rejects.toThrow(
        /damaged.sqlite is damaged or is not a database.*Nothing was changed/,
      );
      await expect(importSqliteIntoPostgres(pg.conn, join(source.dir, 'nowhere.sqlite'))).rejects.toThrow(
        /There is no file at .*nowhere.sqlite/,
      );
      expect(await counts(pg)).toEqual({ users: 0, patients: 0, audit: 0 });
    } finally {
      await pg.cleanup();
    }
  });
});
