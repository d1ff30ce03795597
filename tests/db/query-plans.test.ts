import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../db/connection';
import { generateDemo } from '../../db/demo/generate';
import { openAndMigrate } from '../../db/open';
import { searchPatients } from '../../db/queries/patients';
import * as rehabQueries from '../../db/queries/rehab';
import * as rehabGroupQueries from '../../db/queries/rehab-groups';
import { listedPatients, patientNames } from '../../db/queries/mdt';
import type { HandlerContext } from '../../db/services/context';
import { searchAudit } from '../../db/services/audit-review';
import { caseSummary, meetingDetail } from '../../db/services/mdt';
import { refreshRuleSets } from '../../db/services/rule-sets';
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
  // The dispatcher loads the rule sets in use before each operation; the services are called directly here.
  await refreshRuleSets(conn);
}, 120_000);
afterAll(async () => {
  await conn.close();
  cleanup();
});

/**
 * The SQL an operation sends, captured by wrapping `prepare` while it runs (its statements are prepared on
 * first use on this connection, then reused from the statement cache).
 */
async function sqlSentBy(run: () => unknown): Promise<string[]> {
  const original = conn.sqlite.prepare.bind(conn.sqlite);
  const seen: string[] = [];
  conn.sqlite.prepare = ((s: string) => {
    seen.push(s);
    return original(s);
  }) as typeof conn.sqlite.prepare;
  try {
    await run();
  } finally {
    conn.sqlite.prepare = original;
  }
  return seen;
}

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
      // The same SQL serves compound surnames ("Aoife Ní Bhriain", "Smith Jones"): five index ranges.
      'forename surname (either order)',
      'jo smith',
      /MULTI-INDEX OR.*INDEX patients_(name|forename).*INDEX patients_(name|forename)/,
    ],
    ['NHS number with spaces', '999 000 0018', /USING (COVERING )?INDEX patients_nhs_number/],
    ['hospital number prefix', 'H10000', /USING (COVERING )?INDEX patients_hospital_number/],
  ])('%s uses an index', async (_label, query, expected) => {
    const seen = await sqlSentBy(() => searchPatients(conn.db, query, 0, 50));
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

describe('MDT meeting list, case summary and suggestion query plans', () => {
  it('reads every table of mdt:meeting:get, mdt:case:summary and the suggestion lookups by index', async () => {
    const ctx = { conn, now: () => new Date() } as unknown as HandlerContext;
    const meetingId = conn.sqlite
      .prepare(
        `SELECT m.id FROM mdt_meetings m WHERE EXISTS (SELECT 1 FROM mdt_listings l WHERE l.meeting_id = m.id)
         ORDER BY m.start_at DESC LIMIT 1`,
      )
      .pluck()
      .get() as number;
    const listingId = conn.sqlite
      .prepare('SELECT id FROM mdt_listings WHERE meeting_id = ? LIMIT 1')
      .pluck()
      .get(meetingId) as number;
    const seen = await sqlSentBy(async () => {
      await meetingDetail(ctx, meetingId);
      await caseSummary(ctx, listingId);
      // The suggested list's lookups by a JSON array of patient ids.
      await listedPatients(conn.db, [1, 2, 3], meetingId);
      await patientNames(conn.db, [1, 2, 3]);
    });
    const expected = [
      /SEARCH l USING INDEX mdt_listings_meeting_patient/, // the meeting's listings (and its case count)
      /SEARCH r USING INDEX mdt_referrals_listing/, // its referrals (by a JSON array of listing ids)
      /SEARCH a USING INDEX mdt_attendance_meeting_user/,
      /SEARCH mdt_attendance_intervals USING INDEX mdt_attendance_intervals_meeting/,
      /SEARCH a USING INDEX mdt_actions_patient/, // open actions
      /SEARCH mdt_outcomes USING INDEX mdt_outcomes_patient/, // previous discussions
      /SEARCH medicine_entries USING INDEX medicine_entries_patient/,
      /SEARCH intervention_requests USING INDEX intervention_requests_patient/,
      // Listed already: the few patients on an upcoming list (or each id by primary key), and this meeting's.
      /SEARCH mdt_patient_state USING (COVERING INDEX mdt_patient_state_listed|INTEGER PRIMARY KEY).*SEARCH mdt_listings USING COVERING INDEX mdt_listings_(meeting_)?patient/,
      /SEARCH patients USING INTEGER PRIMARY KEY/,
    ];
    const plans = seen.map((s) =>
      plan(
        s,
        Array.from({ length: (s.match(/\?/g) ?? []).length }, () => 1),
      ),
    );
    // No full scan of a table (json_each is the JSON argument list of ids, not a table).
    for (const p of plans) for (const line of p) expect(line).not.toMatch(/^SCAN (?!json_each)/);
    // One statement's plan per line (`.` does not cross lines), so each pattern matches within one statement.
    const all = plans.map((p) => p.join(' | ')).join('\n');
    for (const e of expected) expect(all).toMatch(e);
  });
});

describe('rehab summary, service outcome view and cohort report query plans', () => {
  it('reads each of their compiled statements by index on the populated demo', () => {
    const cases: [{ sql: (db: Connection['db']) => string }, RegExp][] = [
      [rehabQueries.plansOfPatient, /INDEX rehab_plans_patient/],
      [rehabQueries.goalsOfPatient, /INDEX rehab_goals_plan.*COVERING INDEX rehab_plans_patient/],
      [rehabQueries.reviewsOfPatient, /INDEX rehab_reviews_plan.*COVERING INDEX rehab_plans_patient/],
      [rehabQueries.ratingsOfPatient, /INDEX rehab_review_ratings_review.*INDEX rehab_reviews_plan/],
      [rehabQueries.measuresOfPatient, /INDEX rehab_measures_patient/],
      [rehabQueries.serviceOutcomeCounts, /COVERING INDEX rehab_measure_change_service/],
      [rehabQueries.countNoProgress, /rehab_patient_status_no_progress/],
      [rehabGroupQueries.reviewsForCohort, /INDEX rehab_reviews_plan.*rehab_programme_enrolments_programme/],
      [
        rehabGroupQueries.measuresForCohort,
        /INDEX rehab_measures_patient.*rehab_programme_enrolments_programme/,
      ],
    ];
    for (const [q, expected] of cases) {
      const text = q.sql(conn.db);
      const detail = plan(
        text,
        Array.from({ length: (text.match(/\?/g) ?? []).length }, () => 1),
      ).join(' | ');
      expect(detail).toMatch(expected);
      expect(detail).not.toMatch(/SCAN rehab_\w+\b(?! USING)/);
    }
  });
});

describe('the Audit screen filtered to one user', () => {
  it('walks that user’s rows newest first by index, without sorting all of them (issue 17: 171 ms at 100,000)', async () => {
    const ctx = { conn, now: () => new Date() } as unknown as HandlerContext;
    const userId = conn.sqlite
      .prepare(
        'SELECT user_id FROM audit_log WHERE user_id IS NOT NULL GROUP BY user_id ORDER BY count(*) DESC',
      )
      .pluck()
      .get() as number;
    const seen = await sqlSentBy(() =>
      searchAudit(ctx, { userId, patient: '', group: null, from: null, to: null, offset: 0, limit: 50 }),
    );
    const page = seen.find((s) => /order by "audit_log"\."id" desc limit/.test(s))!;
    const params = [userId, 50, 0].slice(0, (page.match(/\?/g) ?? []).length);
    const detail = plan(page, params).join('\n');
    expect(detail).toMatch(/SEARCH audit_log USING (COVERING )?INDEX audit_log_user_order/);
    expect(detail).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
  });
});
