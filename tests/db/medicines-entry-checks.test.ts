import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MedicineInput } from '../../shared/domain/medicines';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { OXY_MR, patientWith as seedPatientWith, rowCounter } from '../helpers/seed';

/** Issue 13, "Checks at entry": refusals save nothing; warnings need a confirmed reason, which is audited. */
let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => app.close());
const count = rowCounter(() => app);
const patientWith = (...meds: MedicineInput[]) => seedPatientWith(app, ...meds);

async function refusal(patientId: number, medicine: MedicineInput) {
  const before = [count('medicine_entries'), count('audit_log')];
  const r = await app.call('meds:add', { patientId, medicine });
  expect([count('medicine_entries'), count('audit_log')]).toEqual(before);
  if (r.ok) throw new Error('expected a refusal');
  expect(r.error.code).toBe('VALIDATION');
  return r.error.fields ?? {};
}

describe('entry refusals', () => {
  it('refuses a 25 micrograms/hour patch saved with 50 as its dose, and a patch dose no patches make', async () => {
    await signedInAs(app, 'nurse');
    const { patient } = await patientWith();
    const patch: MedicineInput = {
      ...OXY_MR,
      formularyId: 'fentanyl-72-hour-patch',
      strength: '25 micrograms/hour',
      doseKind: 'patch',
      doseMg: undefined,
      timesPerDay: undefined,
      patchMcgPerHour: 50,
      patchChangeEveryDays: 3,
    };
    expect((await refusal(patient.id, patch))['medicine.patchMcgPerHour']).toMatch(
      /patch chosen is 25 micrograms\/hour but the dose says 50/,
    );
    // Fentanyl patches 12, 25, 50, 75, 100 (12 delivering 12.5): no combination makes 96.
    expect(
      (await refusal(patient.id, { ...patch, strength: '', patchMcgPerHour: 96 }))[
        'medicine.patchMcgPerHour'
      ],
    ).toMatch(/No combination .* makes 96 micrograms\/hour/);
  });

  it('refuses halving a modified-release tablet and a dose no strength makes; allows half a scored diazepam', async () => {
    await signedInAs(app, 'nurse');
    const { patient } = await patientWith();
    // Oxycodone MR 5-120 mg: 2.5 mg is half a 5 mg MR tablet.
    expect((await refusal(patient.id, { ...OXY_MR, doseMg: 2.5 }))['medicine.doseMg']).toMatch(
      /must not be halved or crushed/,
    );
    // Tramadol capsules are 50 mg only: 75 mg cannot be made.
    expect(
      (await refusal(patient.id, { ...OXY_MR, formularyId: 'tramadol-capsule', doseMg: 75 }))[
        'medicine.doseMg'
      ],
    ).toMatch(/No strength of tramadol capsules makes 75 mg/);
    // Diazepam 2 mg tablets halve to 1 mg (UKMi/SPS): 1 mg three times a day is accepted.
    const ok = await app.call('meds:add', {
      patientId: patient.id,
      medicine: { ...OXY_MR, formularyId: 'diazepam-tablet', strength: '2 mg', doseMg: 1, timesPerDay: 3 },
    });
    expect(ok.ok).toBe(true);
  });

  it('refuses more as-needed doses than the minimum interval allows in 24 hours', async () => {
    await signedInAs(app, 'nurse');
    const { patient } = await patientWith();
    const fields = await refusal(patient.id, {
      ...OXY_MR,
      formularyId: 'oxycodone-ir-capsule',
      doseKind: 'prn',
      doseMg: 5,
      timesPerDay: 8,
      prnMinIntervalHours: 4,
    });
    expect(fields['medicine.timesPerDay']).toMatch(/at most 6 doses fit in 24 hours/);
  });
});

describe('entry warnings need a confirmed, audited reason', () => {
  it('warns at oxycodone MR 400 mg twice a day (1200 mg OME) and saves once confirmed with a reason', async () => {
    // 400 × 2 = 800 mg × 1.5 = 1200 mg OME, above 10 × the 90 mg/day high-dose threshold (900).
    await signedInAs(app, 'nurse');
    const { patient } = await patientWith();
    const big: MedicineInput = { ...OXY_MR, strength: '', doseMg: 400 };
    const fields = await refusal(patient.id, big);
    expect(fields['medicine.warning.IMPLAUSIBLE_DOSE']).toMatch(/1200 mg OME a day/);
    const saved = await app.ok('meds:add', {
      patientId: patient.id,
      medicine: {
        ...big,
        confirmWarnings: { codes: ['IMPLAUSIBLE_DOSE'], reason: 'Palliative dose confirmed with consultant' },
      },
    });
    expect(saved.confirmedWarnings).toEqual({
      codes: ['IMPLAUSIBLE_DOSE'],
      reason: 'Palliative dose confirmed with consultant',
    });
    const audit = app.dispatcher.conn.sqlite
      .prepare("SELECT after_json FROM audit_log WHERE action = 'medicines.add'")
      .pluck()
      .get() as string;
    expect(audit).toMatch(/Palliative dose confirmed with consultant/);
  });

  it('warns above the BNF maximum daily dose, paracetamol over 4 g across products, and a second line of the same medicine', async () => {
    await signedInAs(app, 'nurse');
    // Co-codamol 30/500, 2 tablets (60 mg codeine) four times a day: 8 tablets × 500 = 4000 mg paracetamol.
    const { patient } = await patientWith({
      ...OXY_MR,
      formularyId: 'co-codamol-tablet',
      strength: '30/500',
      doseMg: 60,
      timesPerDay: 4,
    });
    // Paracetamol 500 mg, 2 tablets four times a day: 4000 mg more → 8000 mg in 24 hours.
    const para = await refusal(patient.id, {
      ...OXY_MR,
      formularyId: 'paracetamol-tablet',
      strength: '500 mg',
      doseMg: 1000,
      timesPerDay: 4,
    });
    expect(para['medicine.warning.PARACETAMOL_OVER_4G']).toMatch(/8000 mg in 24 hours, over 4 g/);
    // Tramadol 50 mg capsules, 3 capsules (150 mg) four times a day = 600 mg, above the BNF 400 mg maximum.
    const tram = await refusal(patient.id, {
      ...OXY_MR,
      formularyId: 'tramadol-capsule',
      strength: '50 mg',
      doseMg: 150,
      timesPerDay: 4,
    });
    expect(tram['medicine.warning.ABOVE_MAX_DAILY_DOSE']).toMatch(
      /600 mg in 24 hours is above the maximum daily dose of tramadol/,
    );
    // A second co-codamol line: duplicate.
    const dup = await refusal(patient.id, {
      ...OXY_MR,
      formularyId: 'co-codamol-tablet',
      strength: '8/500',
      doseMg: 8,
      timesPerDay: 1,
    });
    expect(dup['medicine.warning.DUPLICATE_LINE']).toMatch(/already on the list/);
  });
});
