import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { interventionsSection, medicinesSection } from '../../db/services/mdt-case-sections';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';

/** The MDT case summary draws on the other modules: a patient's medicines and interventions. */
let app: TestApp;
let patientId: number;
beforeEach(async () => {
  app = await createTestApp();
  await signedInAs(app, 'nurse', 'nurse');
  patientId = (
    await app.ok(
      'patients:create',
      {
        nhsNumber: '943 476 5919',
        surname: 'Smith',
        forename: 'Jo',
        dateOfBirth: '1960-02-29',
        sex: 'female',
        allergies: [],
      },
      'nurse',
    )
  ).id;
});
afterEach(async () => app.close());

describe('case summary sections from other modules', () => {
  it('are empty for a patient with nothing recorded', async () => {
    expect(await medicinesSection(app.dispatcher.conn.db, patientId)).toBeNull();
    expect(await interventionsSection(app.dispatcher.conn.db, patientId)).toBeNull();
  });

  it('show current medicines, the OME with its rule set, and the combination flag', async () => {
    const base = {
      doseKind: 'regular',
      startDate: '2026-06-01',
      prescriber: 'gp',
      indication: 'Back pain',
    } as const;
    await app.ok(
      'meds:add',
      {
        patientId,
        medicine: {
          ...base,
          formularyId: 'oxycodone-mr-tablet',
          strength: '20 mg',
          doseMg: 20,
          timesPerDay: 2,
        },
      },
      'nurse',
    );
    await app.ok(
      'meds:add',
      {
        patientId,
        medicine: {
          ...base,
          formularyId: 'pregabalin-capsule',
          strength: '150 mg',
          doseMg: 150,
          timesPerDay: 2,
        },
      },
      'nurse',
    );
    const text = (await medicinesSection(app.dispatcher.conn.db, patientId))!;
    // 20 mg × 2 = 40 mg oxycodone a day × 1.5 = 60 mg OME (FPM Opioids Aware).
    expect(text).toMatch(/Total OME 60 mg\/day/);
    expect(text).toMatch(/opioids-aware/i);
    expect(text).toContain('Flags: opioid + gabapentinoid.');
    expect(text).toMatch(/Oxycodone[^;]*20 mg × 2 a day/);
    expect(text).toMatch(/Pregabalin[^;]*150 mg × 2 a day/);
  });

  it('show open intervention requests with priority and breach date', async () => {
    await app.ok(
      'interventions:request',
      {
        patientId,
        procedureCode: 'SCS_TRIAL',
        side: 'midline',
        site: 'T8-T10',
        indication: 'Neuropathic leg pain',
        priority: 'P3',
        rttClockStart: '2026-10-01',
      } as never,
      'nurse',
    );
    const text = (await interventionsSection(app.dispatcher.conn.db, patientId))!;
    // 1 October 2026 + 126 days = 4 February 2027 (RTT 18 weeks).
    expect(text).toMatch(/midline, T8-T10\): waiting, P3, breach 2027-02-04\./);
  });
});
