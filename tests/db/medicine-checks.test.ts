import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MedicineInput } from '../../shared/domain/medicines';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { JO, rowCounter } from '../helpers/seed';

/**
 * Issue 13: the checks a UK pain MDT makes, on the patient's medicines (meds:patient), with the facts they ask
 * for (meds:recordFacts) and reasons recorded against them (meds:acknowledgeCheck). Hand-worked values.
 */
let app: TestApp;
beforeEach(async () => {
  app = await createTestApp(); // clock: 21-Nov-2026
  await signedInAs(app, 'consultant');
});
afterEach(async () => app.close());
const count = rowCounter(() => app);

const line = (formularyId: string, strength: string, doseMg: number, timesPerDay: number): MedicineInput => ({
  formularyId,
  strength,
  doseKind: 'regular',
  doseMg,
  timesPerDay,
  startDate: '2026-06-01',
  prescriber: 'gp',
  indication: 'Pain',
});
const TRAMADOL = line('tramadol-capsule', '50 mg', 50, 4);
const SERTRALINE = line('sertraline-tablet', '50 mg', 50, 1);
const PREGABALIN_600 = line('pregabalin-capsule', '300 mg', 300, 2);

async function patient(over: Record<string, unknown>, ...meds: MedicineInput[]) {
  const p = await app.ok('patients:create', { ...JO, ...over });
  for (const m of meds) await app.ok('meds:add', { patientId: p.id, medicine: m });
  return p;
}
const checksOf = async (patientId: number) => (await app.ok('meds:patient', { patientId })).checks;

describe('medicine checks on the patient’s medicines', () => {
  it('tramadol with sertraline: a warning that needs a reason, recorded and audited; asks for kidney function', async () => {
    const p = await patient({}, TRAMADOL, SERTRALINE);
    let view = await checksOf(p.id);
    expect(view.checks.map((c) => c.code)).toEqual([
      'SEROTONERGIC_SEIZURE',
      'ASK_CREATININE_CLEARANCE',
      // Tramadol is not named in the drug-driving law: the driving advice for other opioids (1.5.0).
      'DRIVING_OPIOID',
      'LAXATIVE_WITH_OPIOID',
    ]);
    const sero = view.checks[0]!;
    expect(sero).toMatchObject({
      needsReason: true,
      acknowledged: null,
      detail: 'tramadol with sertraline.',
    });
    expect(sero.source).toMatch(/MHRA Drug Safety Update: tapentadol/);
    expect(view.ruleSet).toMatchObject({ id: 'medicine-checks-uk', version: '1.5.0' });

    const blank = await app.call('meds:acknowledgeCheck', { patientId: p.id, key: sero.key, reason: '  ' });
    expect(blank.ok || blank.error.fields?.reason).toBe('Enter the reason.');
    const ask = await app.call('meds:acknowledgeCheck', {
      patientId: p.id,
      key: view.checks[1]!.key,
      reason: 'Not needed',
    });
    expect(ask.ok || ask.error.code).toBe('VALIDATION');
    const gone = await app.call('meds:acknowledgeCheck', { patientId: p.id, key: 'NALOXONE:x', reason: 'x' });
    expect(gone.ok || gone.error.code).toBe('CONFLICT');
    expect(count('medicine_check_acks')).toBe(0);

    view = await app.ok('meds:acknowledgeCheck', {
      patientId: p.id,
      key: sero.key,
      reason: 'Long-standing combination; warning signs explained; review in 4 weeks',
    });
    expect(view.checks[0]!.acknowledged).toMatchObject({
      reason: 'Long-standing combination; warning signs explained; review in 4 weeks',
      by: 'Test consultant',
      ruleSetVersion: '1.5.0',
    });
    expect(count('audit_log', "action = 'medicines.check.acknowledge'")).toBe(1);
  });

  it('codeine with promethazine (formulary) and cyclizine (recorded as written): the opioid + sedatives warning names both', async () => {
    // MHRA Drug Safety Update (March 2020); BNF interactions: opioids with sedating antihistamines.
    const p = await patient(
      {},
      line('codeine-tablet', '30 mg', 30, 4),
      line('promethazine-tablet', '25 mg', 25, 1),
      {
        formularyId: 'not-on-formulary',
        unlistedName: 'Cyclizine 50 mg tablets',
        asWritten: '1 tablet three times a day when needed',
        doseKind: 'prn',
        startDate: '2026-06-01',
        prescriber: 'gp',
        indication: 'Nausea',
      },
    );
    const view = await checksOf(p.id);
    const c = view.checks.find((x) => x.code === 'OPIOID_SEDATIVES');
    expect(c?.detail).toBe('codeine with promethazine and cyclizine 50 mg tablets.');
    expect(c?.needsReason).toBe(true);
  });

  it('lisdexamfetamine 30 mg and ketamine oral solution raise the driving prompt with their own wording (Drug Driving Regulations 2014, amendment 2015)', async () => {
    const p = await patient(
      {},
      line('lisdexamfetamine-capsule', '30 mg', 30, 1),
      line('ketamine-oral-solution', '10 mg/mL', 10, 3),
    );
    const d = (await checksOf(p.id)).checks.find((c) => c.code === 'DRIVING');
    expect(d?.drugs).toEqual(['lisdexamfetamine', 'ketamine']);
    expect(d?.detail).toMatch(
      /^Lisdexamfetamine \(measured as amphetamine, specified in 2015 .*\) and ketamine \(specified with the drugs most associated with illegal use, at a low limit of 20 micrograms per litre of blood; /,
    );
  });

  it('works out Cockcroft-Gault from the recorded weight and creatinine, and warns on pregabalin 600 mg a day', async () => {
    // Jo: female, born 29-Feb-1960, 66 on 01-Nov-2026. (140 - 66) x 60 kg x 1.04 / 120 = 38.48 mL/min.
    // Lyrica SPC table 1: 30 to under 60 mL/min, 75-300 mg a day: 600 mg a day is above it.
    const p = await patient({}, PREGABALIN_600);
    expect((await checksOf(p.id)).checks.map((c) => c.code)).toEqual(['ASK_CREATININE_CLEARANCE']);
    const future = await app.call('meds:recordFacts', {
      patientId: p.id,
      renal: { weightKg: 60, creatinineUmolPerL: 120, resultDate: '2026-11-22' },
    });
    expect(future.ok || future.error.fields?.['renal.resultDate']).toBe(
      'The result date cannot be after today (21-Nov-2026).',
    );
    const view = await app.ok('meds:recordFacts', {
      patientId: p.id,
      renal: { weightKg: 60, creatinineUmolPerL: 120, resultDate: '2026-11-01' },
    });
    expect(view.facts.renal!.creatinineClearance!.mlPerMin).toBeCloseTo(38.48, 6);
    expect(view.facts.renal!.creatinineClearance!.explanation).toBe(
      '(140 − 66 years) × 60 kg × 1.04 ÷ 120 micromol/L = 38.5 mL/min (Cockcroft-Gault)',
    );
    expect(view.checks.map((c) => c.code)).toEqual(['GABAPENTINOID_RENAL_DOSE']);
    expect(view.checks[0]!.detail).toMatch(
      /pregabalin 600 mg a day is above the maximum of 300 mg a day for 30 to under 60 mL\/min \(75-300 mg a day\)\.$/,
    );
    expect(count('audit_log', "action = 'medicines.facts.renal'")).toBe(1);
  });

  it('asks a woman of 30 on naproxen about pregnancy, then cautions when she is breastfeeding', async () => {
    const p = await patient(
      { dateOfBirth: '1996-05-01', nhsNumber: '401 023 2137' },
      line('naproxen-tablet', '500 mg', 500, 2),
    );
    expect((await checksOf(p.id)).checks.map((c) => c.code)).toEqual(['ASK_PREGNANCY']);
    const view = await app.ok('meds:recordFacts', { patientId: p.id, pregnancy: 'breastfeeding' });
    expect(view.facts.pregnancy).toMatchObject({ status: 'breastfeeding' });
    expect(view.checks.map((c) => c.code)).toEqual(['BREASTFEEDING_CAUTION']);
    expect(view.checks[0]!.source).toMatch(/MHRA Drug Safety Update: codeine/);
  });

  it('a reason holds for the same medicines and doses only: a dose change asks again', async () => {
    const p = await patient({}, PREGABALIN_600);
    let view = await app.ok('meds:recordFacts', {
      patientId: p.id,
      renal: { weightKg: 60, creatinineUmolPerL: 120, resultDate: '2026-11-01' },
    });
    view = await app.ok('meds:acknowledgeCheck', {
      patientId: p.id,
      key: view.checks[0]!.key,
      reason: 'Renal team aware; reducing next week',
    });
    expect(view.checks[0]!.acknowledged).not.toBeNull();
    const meds = await app.ok('meds:patient', { patientId: p.id });
    const entry = meds.current[0]!;
    await app.ok('meds:change', {
      itemId: entry.itemId,
      version: entry.version,
      medicine: { ...PREGABALIN_600, strength: '225 mg', doseMg: 225 },
      reason: 'Reduced for kidney function',
    });
    view = await checksOf(p.id);
    // 450 mg a day is still above 300: a new check, not yet answered.
    expect(view.checks[0]).toMatchObject({ code: 'GABAPENTINOID_RENAL_DOSE', acknowledged: null });
  });
});
