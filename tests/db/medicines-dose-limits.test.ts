import { afterEach, beforeEach, expect, it } from 'vitest';
import type { MedicineInput } from '../../shared/domain/medicines';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { JO } from '../helpers/seed';

/**
 * Issue 13: a pharmacist would stop a plainly wrong dose. Non-opioids above the BNF maximum daily dose need a
 * confirmed reason (audited); ten times the maximum is refused, with nothing saved. By hand: lorazepam BNF
 * anxiety 1-4 mg daily; gabapentin max 3.6 g daily (× 10 = 36 g); co-codamol's paracetamol 4 g (× 10 = 40 g).
 */
const BASE = { startDate: '2026-06-01', prescriber: 'gp', indication: 'Pain' } as const;

describeEachEngine('implausible doses of non-opioids', (engine) => {
  let app: TestApp;
  let patientId: number;
  beforeEach(async () => {
    app = await createTestApp(engine);
    await signedInAs(app, 'consultant');
    patientId = (await app.ok('patients:create', JO)).id;
  });
  afterEach(async () => app.close());
  const add = (medicine: MedicineInput) => app.call('meds:add', { patientId, medicine });

  it('lorazepam 4 mg four times a day (16 mg a day) is not saved without a reason, then saved with one', async () => {
    const lorazepam: MedicineInput = {
      ...BASE,
      formularyId: 'lorazepam-tablet',
      strength: '1 mg',
      doseKind: 'regular',
      doseMg: 4,
      timesPerDay: 4,
    };
    const r = await add(lorazepam);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error.fields?.['medicine.warning.ABOVE_MAX_DAILY_DOSE']).toMatch(
        /16 mg in 24 hours is above the maximum daily dose of lorazepam .*BNF lorazepam monograph/,
      );
    const saved = await app.ok('meds:add', {
      patientId,
      medicine: {
        ...lorazepam,
        confirmWarnings: { codes: ['ABOVE_MAX_DAILY_DOSE'], reason: 'Specialist plan' },
      },
    });
    expect(saved.confirmedWarnings?.reason).toBe('Specialist plan');
  });

  it('refuses gabapentin 9 g four times a day (36 g, 10 × the maximum) even with a confirmed reason', async () => {
    const r = await add({
      ...BASE,
      formularyId: 'gabapentin-capsule',
      strength: '300 mg',
      doseKind: 'regular',
      doseMg: 9000,
      timesPerDay: 4,
      confirmWarnings: { codes: ['ABOVE_MAX_DAILY_DOSE'], reason: 'Typed as intended' },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.fields?.['medicine.doseMg']).toMatch(
        /36000 mg of gabapentin in 24 hours is 10 times the maximum/,
      );
    }
    expect((await app.ok('meds:patient', { patientId })).current).toHaveLength(0);
  });

  it('refuses co-codamol 8/500 twenty tablets four times a day: 40 g of paracetamol', async () => {
    const r = await add({
      ...BASE,
      formularyId: 'co-codamol-tablet',
      strength: '8/500 mg',
      doseKind: 'regular',
      doseMg: 160,
      timesPerDay: 4,
      confirmWarnings: { codes: ['ABOVE_MAX_DAILY_DOSE', 'PARACETAMOL_OVER_4G'], reason: 'x x x' },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.fields?.['medicine.doseMg']).toMatch(/40000 mg of paracetamol in 24 hours/);
  });
});
