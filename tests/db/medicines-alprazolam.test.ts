import { afterEach, beforeEach, expect, it } from 'vitest';
import type { MedicineInput } from '../../shared/domain/medicines';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { JO } from '../helpers/seed';

/**
 * Issue 13 (stop 5): alprazolam had an Ashton equivalent but no formulary product, so a patient on it (a
 * private prescription: alprazolam is not prescribable on the NHS, Drug Tariff Part XVIIIA / BNF) could only be
 * recorded as written, not counted as a benzodiazepine, and the diazepam switch could not start from it.
 * Now alprazolam tablets (Xanax 250 and 500 microgram tablets, SPC) are on the formulary, named as not
 * prescribable on the NHS, and switch to diazepam with the Ashton equivalence: alprazolam 0.5 mg ≈ diazepam
 * 10 mg (Ashton H., Benzodiazepines: How they work and how to withdraw, 2002). Worked by hand: 0.5 mg three
 * times a day = 1.5 mg a day × 10 ÷ 0.5 = diazepam 30 mg a day, 10 mg three times a day.
 */
const ALPRAZOLAM_TDS: MedicineInput = {
  formularyId: 'alprazolam-tablet',
  strength: '0.5 mg',
  doseKind: 'regular',
  doseMg: 0.5,
  timesPerDay: 3,
  startDate: '2026-06-01',
  prescriber: 'gp',
  indication: 'Anxiety',
};

describeEachEngine('alprazolam (not prescribable on the NHS)', (engine) => {
  let app: TestApp;
  let patientId: number;
  beforeEach(async () => {
    app = await createTestApp(engine);
    await signedInAs(app, 'consultant');
    patientId = (await app.ok('patients:create', JO)).id;
  });
  afterEach(async () => app.close());

  it('is recorded as a benzodiazepine and switches to diazepam 30 mg a day (10 mg three times a day)', async () => {
    const line = await app.ok('meds:add', { patientId, medicine: ALPRAZOLAM_TDS });
    expect(line.drugClass).toBe('benzodiazepine-z-drug');
    expect(line.name).toMatch(/not prescribable on the NHS/);
    const sw = await app.ok('meds:switchToDiazepam', {
      patientId,
      itemId: line.itemId,
      version: line.version,
      reason: 'Private alprazolam; switch before reducing',
    });
    expect(sw.switch.equivalence).toBe('alprazolam 0.5 mg ≈ diazepam 10 mg');
    expect(sw.switch.diazepamMgPer24h).toBe(30);
    expect(sw.diazepam.doseMg).toBe(10);
    expect(sw.diazepam.timesPerDay).toBe(3);
  });
});
