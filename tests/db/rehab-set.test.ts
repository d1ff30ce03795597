import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';

/**
 * Issue 15: "A collection point's questionnaire set can be entered on one screen, one date, one save."
 * Scores worked by hand: GAD-7 total = sum of 7 items (Spitzer et al., 2006); PSEQ total = sum of 10 items,
 * each 0-6 (Nicholas, 2007); PHQ-9 item 9 above 0 opens a risk alert (Kroenke et al., 2001; NICE CG90).
 */

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp(); // clock: 21 Nov 2026
});
afterEach(async () => app.close());

async function patientWithPlan() {
  await signedInAs(app, 'physiotherapist');
  const p = await app.ok('patients:create', {
    surname: 'Smith',
    forename: 'Jo',
    dateOfBirth: '1970-01-01',
    sex: 'female',
    allergies: [],
  });
  const plan = await app.ok('rehab:createPlan', {
    patientId: p.id,
    pathway: 'physiotherapy',
    referralDate: '2026-09-01',
  });
  return { p, plan };
}

const count = (sql: string, ...args: unknown[]) =>
  (app.dispatcher.conn.sqlite.prepare(sql).get(...args) as { n: number }).n;

describe('A collection point’s questionnaires in one save', () => {
  it('saves every form with the one collection point and date, each audited and the set once', async () => {
    const { p, plan } = await patientWithPlan();
    const r = await app.ok('rehab:recordMeasureSet', {
      patientId: p.id,
      planId: plan.id,
      timePoint: 'referral',
      administeredOn: '2026-09-15',
      forms: [
        { measure: 'GAD-7', answers: [2, 2, 2, 2, 2, 2, 2] },
        { measure: 'PSEQ', answers: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3] },
      ],
    });
    // GAD-7: 7 × 2 = 14; PSEQ: 10 × 3 = 30.
    expect(r.saved.map((m) => [m.measure, m.score.total, m.timePoint, m.administeredOn])).toEqual([
      ['GAD-7', 14, 'referral', '2026-09-15'],
      ['PSEQ', 30, 'referral', '2026-09-15'],
    ]);
    expect(count(`SELECT count(*) n FROM rehab_measures WHERE patient_id = ?`, p.id)).toBe(2);
    expect(count(`SELECT count(*) n FROM audit_log WHERE action = 'rehab.recordMeasure'`)).toBe(2);
    expect(count(`SELECT count(*) n FROM audit_log WHERE action = 'rehab.recordMeasureSet'`)).toBe(1);
  });

  it('one form out of range: nothing is saved, and the refusal sits beside that form’s item', async () => {
    const { p, plan } = await patientWithPlan();
    const auditBefore = count(`SELECT count(*) n FROM audit_log`);
    const r = await app.call('rehab:recordMeasureSet', {
      patientId: p.id,
      planId: plan.id,
      timePoint: 'referral',
      administeredOn: '2026-09-15',
      forms: [
        // PHQ-9 item 9 = 1 would open a risk alert if it were saved.
        { measure: 'PHQ-9', answers: [1, 1, 1, 1, 1, 1, 1, 1, 1] },
        // PSEQ items are 0-6: item 4 = 9 is impossible.
        { measure: 'PSEQ', answers: [3, 3, 3, 9, 3, 3, 3, 3, 3, 3] },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.message).toMatch(/^Nothing was saved\./);
    expect(Object.keys(r.error.fields ?? {})).toEqual(['forms.1.answers.3']);
    expect(count(`SELECT count(*) n FROM rehab_measures WHERE patient_id = ?`, p.id)).toBe(0);
    expect(count(`SELECT count(*) n FROM rehab_risk_alerts WHERE patient_id = ?`, p.id)).toBe(0);
    expect(count(`SELECT count(*) n FROM audit_log`)).toBe(auditBefore);
  });

  it('the shared date is checked once for the set: before the referral is refused beside the date', async () => {
    const { p, plan } = await patientWithPlan();
    const r = await app.call('rehab:recordMeasureSet', {
      patientId: p.id,
      planId: plan.id,
      timePoint: 'referral',
      administeredOn: '2026-08-01',
      forms: [{ measure: 'GAD-7', answers: [0, 0, 0, 0, 0, 0, 0] }],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.error.fields ?? {})).toEqual(['administeredOn']);
  });

  it('a PHQ-9 in the set with item 9 above 0 opens a risk alert like a form saved alone', async () => {
    const { p, plan } = await patientWithPlan();
    await app.ok('rehab:recordMeasureSet', {
      patientId: p.id,
      planId: plan.id,
      timePoint: 'referral',
      administeredOn: '2026-09-15',
      forms: [{ measure: 'PHQ-9', answers: [1, 1, 1, 1, 1, 1, 1, 1, 2] }],
    });
    const alerts = await app.ok('rehab:riskAlerts', { patientId: p.id });
    expect(alerts.open).toHaveLength(1);
  });
});
