import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../db/connection';
import { generateDemo } from '../../db/demo/generate';
import { openAndMigrate } from '../../db/open';
import { searchPatients } from '../../db/queries/patients';
import { tempDir } from '../helpers/db';

/**
 * Every search the patient list can make must walk an index, never scan the table: asserted on the plan
 * SQLite actually chooses for the SQL that Kysely compiles, on a populated database.
 */
let conn: Connection;
let cleanup: () => void;
const compiled: { sql: string; parameters: readonly unknown[] }[] = [];

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  conn = (await openAndMigrate(join(t.dir, 'plans.sqlite'))).conn;
  generateDemo(conn.sqlite, { patients: 3000, passwordHash: 'x' });
  conn.sqlite.exec('ANALYZE');
});
afterAll(async () => {
  await conn.close();
  cleanup();
});

function plan(sqlText: string, params: readonly unknown[]): string[] {
  return (conn.sqlite.prepare(`EXPLAIN QUERY PLAN ${sqlText}`).all(...params) as { detail: string }[]).map(
    (r) => r.detail,
  );
}

describe('patient search query plans', () => {
  it.each([
    ['surname prefix', 'smi', /USING (COVERING )?INDEX patients_name/],
    ['surname, forename', 'smith, jo', /USING (COVERING )?INDEX patients_name/],
    [
      'forename surname (either order)',
      'jo smith',
      /MULTI-INDEX OR.*INDEX patients_(name|forename).*INDEX patients_(name|forename)/,
    ],
    ['NHS number with spaces', '999 000 0018', /USING (COVERING )?INDEX patients_nhs_number/],
    ['hospital number prefix', 'H10000', /USING (COVERING )?INDEX patients_hospital_number/],
  ])('%s uses an index', async (_label, query, expected) => {
    // Capture the SQL Kysely sends by running the real query function with a logging wrapper.
    const original = conn.sqlite.prepare.bind(conn.sqlite);
    const seen: string[] = [];
    conn.sqlite.prepare = ((s: string) => {
      seen.push(s);
      return original(s);
    }) as typeof conn.sqlite.prepare;
    try {
      await searchPatients(conn.db, query, 0, 50);
    } finally {
      conn.sqlite.prepare = original;
    }
    const select = seen.find((s) => s.includes('from "patients"') && s.includes('limit'))!;
    const count = seen.find((s) => s.includes('count(*)'))!;
    const params = select.match(/\?/g)!.length;
    const dummy = Array.from({ length: params }, () => 'x');
    for (const s of [select, count]) {
      const detail = plan(s, dummy.slice(0, (s.match(/\?/g) ?? []).length)).join(' | ');
      expect(detail).toMatch(expected);
      expect(detail).not.toMatch(/SCAN patients(?! USING)/);
    }
    compiled.push({ sql: select, parameters: dummy });
  });

  it('finds the right patients', async () => {
    const byNhs = await searchPatients(conn.db, '999 000 0018', 0, 10);
    expect(byNhs.total).toBe(1);
    expect(byNhs.items[0]!.nhsNumber).toBe('9990000018');
    const bySurname = await searchPatients(conn.db, 'smi', 0, 10);
    expect(bySurname.total).toBeGreaterThan(0);
    for (const p of bySurname.items) expect(p.surname.toLowerCase().replace(/[^a-z]/g, '')).toMatch(/^smi/);
  });
});

describe('demo data', () => {
  it('gives every MDT attendee recorded in the room one join/leave interval (quorum reads intervals)', () => {
    const row = conn.sqlite
      .prepare(
        `SELECT
           (SELECT count(*) FROM mdt_attendance WHERE status IN ('present', 'remote', 'deputy')) AS inRoom,
           (SELECT count(*) FROM mdt_attendance_intervals) AS intervals,
           (SELECT count(*) FROM mdt_attendance a WHERE a.status IN ('present', 'remote', 'deputy')
              AND NOT EXISTS (SELECT 1 FROM mdt_attendance_intervals i WHERE i.attendance_id = a.id)) AS missing`,
      )
      .get() as { inRoom: number; intervals: number; missing: number };
    expect(row.inRoom).toBeGreaterThan(0);
    expect(row.missing).toBe(0);
    expect(row.intervals).toBe(row.inRoom);
  });
});
