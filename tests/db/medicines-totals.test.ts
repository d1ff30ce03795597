import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MedicineInput } from '../../shared/domain/medicines';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { OXY_MR, patientWith as seedPatientWith } from '../helpers/seed';

/**
 * Issue 13, "Totals that never reassure falsely". Expected values worked by hand from FPM Opioids Aware
 * (August 2020) and the service's clinical decisions (clinical lead) (medicines 4 and 7). The test clock is 21-Nov-2026.
 */
let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => app.close());

const patientWith = (...meds: MedicineInput[]) => seedPatientWith(app, ...meds);

const fentanyl = (mcg: number): MedicineInput => ({
  formularyId: 'fentanyl-72-hour-patch',
  strength: `${mcg} micrograms/hour`,
  doseKind: 'patch',
  patchMcgPerHour: mcg,
  patchChangeEveryDays: 3,
  startDate: '2026-06-01',
  prescriber: 'gp',
  indication: 'Chronic pain',
});

describe('totals that never reassure falsely', () => {
  it('totals fentanyl 12 + 25 micrograms/hour as 90 (lines 30 + 60) and raises the 90 mg flag', async () => {
    // FPM: 12 → 30, 25 → 60; combined 12.5 + 25 = 37.5 × 2.4 = 90 (the 12 patch delivers 12.5).
    await signedInAs(app, 'nurse');
    const { patient, entries } = await patientWith(fentanyl(12), fentanyl(25));
    expect(entries.map((e) => e.ome?.omeMgPer24h)).toEqual([30, 60]);
    const meds = await app.ok('meds:patient', { patientId: patient.id });
    expect(meds.ome.totalMgPer24h).toBe(90);
    expect(meds.ome.headline.text).toBe('90.0 mg/24h');
    expect(meds.ome.flags.map((f) => f.code)).toContain('OME_HIGH_DOSE');
  });

  it('shows methadone 60 mg + morphine 30 mg as "at least 30.0 mg/24h", naming methadone, with its own flag', async () => {
    // Morphine 30 mg/day × 1 = 30; methadone has no UK factor (FPM), so it is left out and named.
    await signedInAs(app, 'nurse');
    const { patient } = await patientWith(
      { ...OXY_MR, formularyId: 'methadone-oral-solution', strength: '1 mg/mL', doseMg: 60, timesPerDay: 1 },
      { ...OXY_MR, formularyId: 'morphine-mr-tablet', strength: '15 mg', doseMg: 15, timesPerDay: 2 },
    );
    const meds = await app.ok('meds:patient', { patientId: patient.id });
    expect(meds.ome.headline.text).toBe('at least 30.0 mg/24h');
    expect(meds.ome.headline.leftOut).toEqual(['methadone oral']);
    expect(meds.ome.headline.flagsUse).toMatch(/cannot include methadone oral/);
    const flag = meds.ome.flags.find((f) => f.code === 'METHADONE_NOT_CONVERTED');
    expect(flag?.message).toMatch(/specialist advice/);
    expect(flag?.message).toMatch(/ECG \(QTc\) above 100 mg a day/);
  });

  it('raises a flag with what to do for sublingual buprenorphine and for transmucosal fentanyl', async () => {
    await signedInAs(app, 'nurse');
    const { patient } = await patientWith(
      {
        ...OXY_MR,
        formularyId: 'buprenorphine-sublingual-tablet',
        strength: '400 micrograms',
        doseMg: 0.4,
        timesPerDay: 2,
      },
      {
        ...OXY_MR,
        formularyId: 'fentanyl-buccal-tablet',
        strength: '100 micrograms',
        doseKind: 'prn',
        doseMg: 0.1,
        timesPerDay: 4,
        prnMaxMgPer24h: 0.4,
      },
    );
    const meds = await app.ok('meds:patient', { patientId: patient.id });
    const codes = meds.ome.flags.map((f) => f.code);
    expect(codes).toContain('BUPRENORPHINE_SUBLINGUAL_NOT_CONVERTED');
    expect(codes).toContain('FENTANYL_TRANSMUCOSAL_NOT_CONVERTED');
    expect(meds.ome.headline.text).toBe('at least 0.0 mg/24h');
  });

  it('does not count a medicine starting in the future in today’s total (planned)', async () => {
    // Oxycodone MR 20 mg bd = 40 × 1.5 = 60; the morphine starting 01-Jan-2031 is planned, not counted.
    await signedInAs(app, 'nurse');
    const { patient } = await patientWith(OXY_MR, {
      ...OXY_MR,
      formularyId: 'morphine-mr-tablet',
      strength: '30 mg',
      doseMg: 30,
      startDate: '2031-01-01',
    });
    const meds = await app.ok('meds:patient', { patientId: patient.id });
    expect(meds.ome.totalMgPer24h).toBe(60);
    expect(meds.ome.headline.planned).toEqual([
      { name: 'Morphine sulfate modified-release tablets (12-hourly)', startDate: '2031-01-01' },
    ]);
    expect(meds.current.find((e) => e.generic === 'morphine')?.planned).toBe(true);
    expect(meds.ome.flags.map((f) => f.code)).not.toContain('MULTIPLE_OPIOIDS');
    const stored = app.dispatcher.conn.sqlite
      .prepare('SELECT total_mg_per_24h FROM patient_ome WHERE patient_id = ?')
      .get(patient.id);
    expect(stored).toEqual({ total_mg_per_24h: 60 });
  });

  it('shows regular, as-needed at maximum and as-needed taken apart, and flags use above the maximum', async () => {
    // Regular oxycodone MR 40 mg/day × 1.5 = 60. Oxycodone IR 5 mg up to 4 a day: max 20 × 1.5 = 30.
    // Taken 30 mg/24h at the review (above the 20 mg maximum): 30 × 1.5 = 45.
    await signedInAs(app, 'nurse');
    const { patient, entries } = await patientWith(OXY_MR, {
      ...OXY_MR,
      formularyId: 'oxycodone-ir-capsule',
      strength: '5 mg',
      doseKind: 'prn',
      doseMg: 5,
      timesPerDay: 4,
      prnMaxMgPer24h: 20,
    });
    await app.ok('meds:recordPrnUse', {
      patientId: patient.id,
      reviewDate: '2026-11-20',
      taken: [{ itemId: entries[1]!.itemId, takenMgPer24h: 30 }],
    });
    const meds = await app.ok('meds:patient', { patientId: patient.id });
    expect(meds.ome.headline).toMatchObject({
      regularMgPer24h: 60,
      prnMaxMgPer24h: 30,
      prnTakenMgPer24h: 45,
      text: '90.0 mg/24h',
    });
    expect(meds.ome.headline.flagsUse).toMatch(/as-needed doses at the most the prescriptions allow/);
    const flag = meds.ome.flags.find((f) => f.code === 'PRN_USE_ABOVE_MAXIMUM');
    expect(flag?.message).toMatch(/30 mg taken in 24 hours .* above the prescribed maximum of 20 mg/);
  });
});
