import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageInYears, csvCell } from '../../shared/audit-dataset';
import { exportDataset } from '../../db/services/audit-dataset';
import { SessionStore } from '../../db/services/sessions';
import { createTestApp, signedInAs, tempDir, type TestApp } from '../helpers/db';
import { JO, OXY_MR } from '../helpers/seed';

/**
 * The persistent-pain episode data set (issue 20): rows worked out by hand for one patient.
 * Jo Smith, born 29-Feb-1960, oxycodone MR 20 mg twice a day from 01-Jun-2026: 40 mg x 1.5 (Opioids
 * Aware, oral oxycodone) = 60 mg/24h OME. Physiotherapy plan referred 01-Sep-2026, started 01-Oct-2026.
 * PHQ-9 at referral 1,1,1,1,1,1,1,1,0 = 8. BPI at the start of treatment: severity 8,3,6,7 -> 24/4 = 6.0;
 * interference 5,6,7,4,3,8,2 -> 35/7 = 5.0. Age at referral: 66 (her 66th birthday counted on 1 March 2026).
 */
describe('the audit data set', () => {
  let app: TestApp;
  let dir: string;
  beforeAll(async () => {
    app = await createTestApp();
    // The medicine was recorded in August, before the referral, so its OME stood on both collection dates.
    const today = app.clock.now;
    app.clock.now = new Date('2026-08-03T10:00:00Z');
    await signedInAs(app, 'consultant');
    const p = await app.ok('patients:create', { ...JO, diagnosisCode: 'MG30.00' });
    await app.ok('meds:add', { patientId: p.id, medicine: OXY_MR });
    app.clock.now = today;
    await app.ok('auth:signIn', { username: 'consultant1', password: 'correct horse battery' });
    const plan = await app.ok('rehab:createPlan', {
      patientId: p.id,
      pathway: 'physiotherapy',
      referralDate: '2026-09-01',
      treatmentStartDate: '2026-10-01',
    });
    await app.ok('rehab:recordMeasure', {
      patientId: p.id,
      planId: plan.id,
      measure: 'PHQ-9',
      timePoint: 'referral',
      administeredOn: '2026-09-15',
      answers: [1, 1, 1, 1, 1, 1, 1, 1, 0],
    });
    await app.ok('rehab:recordMeasure', {
      patientId: p.id,
      planId: plan.id,
      measure: 'BPI',
      timePoint: 'treatment-start',
      administeredOn: '2026-10-01',
      answers: [8, 3, 6, 7, 5, 6, 7, 4, 3, 8, 2],
    });
    // A folder of its own on either engine (PostgreSQL has no database folder).
    dir = join(app.dir || tempDir().dir, 'audit out');
    const conn = app.dispatcher.conn;
    await exportDataset(
      {
        conn,
        sessions: new SessionStore(),
        sessionKey: 't',
        session: null,
        now: () => app.clock.now,
        options: {},
      },
      dir,
    );
  }, 60_000);
  afterAll(() => app.close());

  it('writes one row per episode and collection point, as worked by hand', () => {
    const [header, ...lines] = readFileSync(join(dir, 'episodes.csv'), 'utf8').trimEnd().split('\r\n');
    expect(header).toBe(
      'episode_ref,patient_ref,age_at_referral,sex,diagnosis_icd11,pathway,collection_point,collection_date,' +
        'pain_severity,pain_interference,self_efficacy,depression,anxiety,health_today_vas,eq5d_profile,' +
        'ome_mg_per_24h,ome_complete,work_status',
    );
    expect(lines).toEqual([
      '1,1,66,female,MG30.00,physiotherapy,referral,2026-09-01,,,,8,,,,60,true,',
      '1,1,66,female,MG30.00,physiotherapy,treatment-start,2026-10-01,6,5,,,,,,60,true,',
    ]);
  });

  it('comes with its data dictionary, owner-readable files and an audit row', () => {
    const dict = readFileSync(join(dir, 'dictionary.csv'), 'utf8');
    expect(dict).toMatch(/^column,meaning,type,source,values\r\n/);
    expect(dict).toContain('pain_interference,Pain interference (0-10),decimal');
    expect(statSync(join(dir, 'episodes.csv')).mode & 0o077).toBe(0);
    const n = app.dispatcher.conn.sqlite
      .prepare("SELECT count(*) FROM audit_log WHERE action = 'export.audit-dataset'")
      .pluck()
      .get();
    expect(n).toBe(1);
  });

  it('ages and CSV cells by the rules', () => {
    expect(ageInYears('1960-02-29', '2026-02-28')).toBe(65);
    expect(ageInYears('1960-02-29', '2026-03-01')).toBe(66);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('Smith, Jo')).toBe('"Smith, Jo"');
  });
});
