import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';

/**
 * Issue 17, "who looked at whom": reads of a patient's record are audited by the dispatcher; a record
 * shows who accessed it; unusual access alerts the administrators; search pages are sized for people.
 */
let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => app.close());

const rows = (sql: string, ...args: unknown[]) =>
  app.dispatcher.conn.sqlite.prepare(sql).all(...args) as Record<string, unknown>[];

async function patients(n: number, key = 'physio') {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = await app.ok(
      'patients:create',
      {
        hospitalNumber: `H${String(100000 + i)}`,
        surname: `Testcase${i}`,
        forename: 'Sam',
        dateOfBirth: '1970-05-01',
        sex: 'female',
        allergies: [],
      },
      key,
    );
    ids.push(p.id);
  }
  return ids;
}

describe('who looked at whom', () => {
  it('309 record reads by one physiotherapist each leave an access row naming the user, role and patient', async () => {
    await signedInAs(app, 'physiotherapist', 'physio');
    const ids = await patients(3);
    const physioId = (await app.ok('auth:session', {}, 'physio'))!.user.id;
    // 103 rounds of opening the record and two module views = 309 reads (the review's figure).
    for (let round = 0; round < 103; round++) {
      const id = ids[round % 3]!;
      await app.ok('patients:get', { id }, 'physio');
      await app.ok('meds:patient', { patientId: id }, 'physio');
      await app.ok('rehab:summary', { patientId: id }, 'physio');
    }
    const views = rows(
      "SELECT user_id, user_name, user_role, entity, patient_id FROM audit_log WHERE action = 'record.view' ORDER BY id",
    );
    expect(views).toHaveLength(309);
    expect(new Set(views.map((v) => v.user_id))).toEqual(new Set([physioId]));
    expect(views[0]).toMatchObject({
      user_name: 'Test physiotherapist',
      user_role: 'physiotherapist',
      entity: 'patients:get',
      patient_id: ids[0],
    });
    expect(new Set(views.map((v) => v.entity))).toEqual(
      new Set(['patients:get', 'meds:patient', 'rehab:summary']),
    );
  });

  it('a search is audited with its terms', async () => {
    await signedInAs(app, 'nurse', 'nurse');
    await app.ok('patients:search', { query: 'smith, jo' }, 'nurse');
    const [row] = rows("SELECT entity, after_json FROM audit_log WHERE action = 'records.list'");
    expect(row!.entity).toBe('patients:search');
    expect(JSON.parse(row!.after_json as string)).toMatchObject({ query: 'smith, jo' });
  });

  it('a refused or failed read writes no access row, and a record with no patient is not recorded as one', async () => {
    await signedInAs(app, 'nurse', 'nurse');
    const r = await app.call('patients:get', { id: 999_999 }, 'nurse');
    expect(!r.ok && r.error.code).toBe('NOT_FOUND');
    expect(rows("SELECT id FROM audit_log WHERE action = 'record.view'")).toHaveLength(0);
  });

  it('the record’s history shows who opened it and when', async () => {
    await signedInAs(app, 'physiotherapist', 'physio');
    await signedInAs(app, 'consultant', 'cons');
    const [id] = await patients(1);
    await app.ok('patients:get', { id: id! }, 'physio');
    const history = await app.ok('patients:history', { id: id! }, 'cons');
    const opened = history.find((h) => h.action === 'record.view' && h.userRole === 'physiotherapist');
    expect(opened).toMatchObject({ userName: 'Test physiotherapist', at: '2026-11-21T10:00:00.000Z' });
  });

  it('unusual access (50 different records within an hour, the default rule) raises one alert for the administrators', async () => {
    await signedInAs(app, 'physiotherapist', 'physio');
    await signedInAs(app, 'admin', 'admin');
    const ids = await patients(55);
    for (const id of ids.slice(0, 49)) await app.ok('patients:get', { id }, 'physio');
    expect(rows("SELECT id FROM audit_log WHERE action = 'access.unusual'")).toHaveLength(0);
    for (const id of ids.slice(49)) await app.ok('patients:get', { id }, 'physio');
    const alerts = rows("SELECT entity_id, after_json FROM audit_log WHERE action = 'access.unusual'");
    expect(alerts).toHaveLength(1);
    expect(JSON.parse(alerts[0]!.after_json as string)).toMatchObject({ records: 50, minutes: 60 });
    const seen = await app.ok('audit:alerts', {}, 'admin');
    expect(seen[0]).toMatchObject({ userName: 'Test physiotherapist', userRole: 'physiotherapist' });
  });

  it('search pages are sized for people: at most 50 rows a page', async () => {
    await signedInAs(app, 'nurse', 'nurse');
    await patients(60, 'nurse');
    const big = await app.call('patients:search', { query: '', limit: 500 }, 'nurse');
    expect(!big.ok && big.error.code).toBe('VALIDATION');
    const first = await app.ok('patients:search', { query: '' }, 'nurse');
    expect(first.items).toHaveLength(50);
    expect(first.total).toBe(60);
    const second = await app.ok('patients:search', { query: '', offset: 50 }, 'nurse');
    expect(second.items).toHaveLength(10);
  });
});
