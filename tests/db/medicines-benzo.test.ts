import { afterEach, beforeEach, expect, it } from 'vitest';
import type { MedicineInput } from '../../shared/domain/medicines';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine } from '../helpers/engines';
import { JO } from '../helpers/seed';

/**
 * Issue 13: "diazepam 15 -> 12 -> 6 -> stop under the opioid default". Benzodiazepines are withdrawn as the
 * Ashton Manual describes (Ashton H. Benzodiazepines: How they work and how to withdraw, 2002): a short-acting
 * drug may be switched to the equivalent diazepam (Ashton column: lorazepam 1 mg ≈ diazepam 10 mg), then
 * diazepam comes down 2 mg a step above 20 mg a day, 1 mg from 20 mg, 0.5 mg from 5 mg. Worked by hand.
 */
const BASE = { startDate: '2026-06-01', prescriber: 'gp', indication: 'Anxiety' } as const;
const DIAZEPAM_5_TDS: MedicineInput = {
  ...BASE,
  formularyId: 'diazepam-tablet',
  strength: '5 mg',
  doseKind: 'regular',
  doseMg: 5,
  timesPerDay: 3,
};
const LORAZEPAM_1_BD: MedicineInput = {
  ...BASE,
  formularyId: 'lorazepam-tablet',
  strength: '1 mg',
  doseKind: 'regular',
  doseMg: 1,
  timesPerDay: 2,
};

describeEachEngine('benzodiazepine tapers (Ashton)', (engine) => {
  let app: TestApp;
  let patientId: number;
  beforeEach(async () => {
    app = await createTestApp(engine);
    await signedInAs(app, 'consultant');
    patientId = (await app.ok('patients:create', JO)).id;
  });
  afterEach(async () => app.close());

  const add = (medicine: MedicineInput) => app.ok('meds:add', { patientId, medicine });
  const plan = (itemId: number) =>
    app.ok('meds:createPlan', {
      patientId,
      itemId,
      goal: 'stop',
      reason: 'Agreed to reduce',
      startDate: '2026-11-23',
    });

  it('diazepam 5 mg three times a day: 1 mg steps to 5 mg, then 0.5 mg steps (never 15 -> 12 -> 6 -> stop)', async () => {
    const line = await add(DIAZEPAM_5_TDS);
    const p = await plan(line.itemId);
    expect(p.steps.map((s) => s.dose)).toEqual([
      15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4.5, 4, 3.5, 3, 2.5, 2, 1.5, 1, 0.5, 0,
    ]);
    expect(p.intervalDays).toBe(14);
    expect(p.steps[11]!.products).toBe(
      'half of a 2 mg tablet morning; half of a 2 mg tablet + 1.25 mL (0.5 mg) of 2 mg/5 mL oral solution midday; 1 × 2 mg tablet night',
    );
    // Every step is a reduction, and none is larger than 1 mg.
    for (let i = 1; i < p.steps.length; i++) {
      const drop = p.steps[i - 1]!.dose - p.steps[i]!.dose;
      expect(drop).toBeGreaterThan(0);
      expect(drop).toBeLessThanOrEqual(1);
    }
  });

  it('switches lorazepam 1 mg twice a day to diazepam 10 mg twice a day, then tapers diazepam; the letter names the switch', async () => {
    const lorazepam = await add(LORAZEPAM_1_BD);
    // Without the switch, lorazepam 1 mg tablets can only go 2 -> 1 -> 0 (50% steps).
    const direct = await plan(lorazepam.itemId);
    expect(direct.steps.map((s) => s.dose)).toEqual([2, 1, 0]);
    await app.ok('meds:planAction', {
      planId: direct.id,
      version: direct.version,
      action: 'abandon',
      reason: 'Switch first',
    });

    const result = await app.ok('meds:switchToDiazepam', {
      patientId,
      itemId: lorazepam.itemId,
      version: lorazepam.version,
      reason: 'Inter-dose withdrawal on lorazepam',
    });
    // 2 mg a day × 10 ÷ 1 = 20 mg a day of diazepam, 10 mg twice a day.
    expect(result.switch.equivalence).toBe('lorazepam 1 mg ≈ diazepam 10 mg');
    expect(result.switch.working).toBe('2 mg a day × 10 ÷ 1 = 20 mg a day');
    expect(result.switch.diazepamMgPer24h).toBe(20);
    expect(result.switch.ruleSet.source).toMatch(
      /^Ashton H\. Benzodiazepines: How they work and how to withdraw, 2002/,
    );
    expect(result.stopped.status).toBe('stopped');
    expect(result.diazepam.generic).toBe('diazepam');
    expect(result.diazepam.doseMg).toBe(10);
    expect(result.diazepam.timesPerDay).toBe(2);

    const meds = await app.ok('meds:patient', { patientId });
    expect(meds.current.map((m) => m.generic)).toEqual(['diazepam']);

    const p = await plan(result.diazepam.itemId);
    // 20 is not above 20: 1 mg steps from 20 to 5, then 0.5 mg.
    expect(p.steps.slice(0, 4).map((s) => s.dose)).toEqual([20, 19, 18, 17]);
    expect(p.steps.at(-1)!.dose).toBe(0);
    const letter = await app.ok('meds:planLetter', { planId: p.id });
    expect(letter.diazepamSwitch).toMatchObject({
      fromText: 'Lorazepam tablets 1 mg twice a day',
      equivalence: 'lorazepam 1 mg ≈ diazepam 10 mg',
      diazepamMgPer24h: 20,
      switchedOn: '2026-11-21',
    });
  });

  it('switches zopiclone 7.5 mg at night to diazepam 5 mg at night (Ashton 2002: zopiclone 15 mg ≈ diazepam 10 mg)', async () => {
    const zopiclone = await add({
      ...BASE,
      formularyId: 'zopiclone-tablet',
      strength: '7.5 mg',
      doseKind: 'regular',
      doseMg: 7.5,
      timesPerDay: 1,
    });
    const result = await app.ok('meds:switchToDiazepam', {
      patientId,
      itemId: zopiclone.itemId,
      version: zopiclone.version,
      reason: 'Long-term zopiclone, agreed to reduce',
    });
    // 7.5 mg a day × 10 ÷ 15 = 5 mg a day of diazepam, once a day.
    expect(result.switch.equivalence).toBe('zopiclone 15 mg ≈ diazepam 10 mg');
    expect(result.switch.working).toBe('7.5 mg a day × 10 ÷ 15 = 5 mg a day');
    expect(result.diazepam.doseMg).toBe(5);
    expect(result.diazepam.timesPerDay).toBe(1);
  });

  it('clobazam is on the formulary and switches at clobazam 20 mg ≈ diazepam 10 mg', async () => {
    const clobazam = await add({
      ...BASE,
      formularyId: 'clobazam-tablet',
      strength: '10 mg',
      doseKind: 'regular',
      doseMg: 10,
      timesPerDay: 2,
    });
    const result = await app.ok('meds:switchToDiazepam', {
      patientId,
      itemId: clobazam.itemId,
      version: clobazam.version,
      reason: 'Agreed to reduce',
    });
    // 20 mg a day × 10 ÷ 20 = 10 mg a day of diazepam, 5 mg twice a day.
    expect(result.switch.diazepamMgPer24h).toBe(10);
    expect(result.diazepam.doseMg).toBe(5);
    expect(result.diazepam.timesPerDay).toBe(2);
  });

  it('refuses to switch diazepam itself, next to the medicine', async () => {
    const diazepam = await add(DIAZEPAM_5_TDS);
    const d = await app.call('meds:switchToDiazepam', {
      patientId,
      itemId: diazepam.itemId,
      version: diazepam.version,
      reason: 'x',
    });
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.error.fields?.itemId).toMatch(/already diazepam/);
  });

  it('a switch above the diazepam maximum needs a confirmed reason; until then nothing is saved', async () => {
    // lorazepam 2 mg twice a day = 4 mg a day × 10 ÷ 1 = diazepam 40 mg a day, above the BNF 30 mg.
    const lorazepam = await add({ ...LORAZEPAM_1_BD, doseMg: 2 });
    const r = await app.call('meds:switchToDiazepam', {
      patientId,
      itemId: lorazepam.itemId,
      version: lorazepam.version,
      reason: 'Inter-dose withdrawal',
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.fields?.['medicine.warning.ABOVE_MAX_DAILY_DOSE']).toMatch(/40 mg in 24 hours/);
    const still = await app.ok('meds:patient', { patientId });
    expect(still.current.map((m) => m.generic)).toEqual(['lorazepam']);
    const ok = await app.ok('meds:switchToDiazepam', {
      patientId,
      itemId: lorazepam.itemId,
      version: lorazepam.version,
      reason: 'Inter-dose withdrawal',
      confirmWarnings: {
        codes: ['ABOVE_MAX_DAILY_DOSE'],
        reason: 'Equivalent of the current lorazepam dose',
      },
    });
    expect(ok.diazepam.doseMg).toBe(20);
    expect(ok.diazepam.timesPerDay).toBe(2);
  });
});
