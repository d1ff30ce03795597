import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Patient } from '../../shared/domain/patient';
import { PatientMedicines } from '../../renderer/src/features/medicines/PatientMedicines';
import { JO } from '../helpers/seed';
import { rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

/**
 * Found on the stop 7 browser walk: methadone's flag was headed "METHADONE_NOT_CONVERTED" (a code on screen).
 * Each flag the UK total raises for an opioid it leaves out has a heading a clinician reads, and its source
 * names the service's clinical decisions, not a document section number.
 */
let r: RendererApp;
let patient: Patient;
beforeEach(async () => {
  r = await rendererApp('consultant');
  patient = await r.app.ok('patients:create', JO, SESSION);
  await r.app.ok(
    'meds:add',
    {
      patientId: patient.id,
      medicine: {
        formularyId: 'methadone-oral-solution',
        strength: '1 mg/mL',
        doseKind: 'regular',
        doseMg: 60,
        timesPerDay: 1,
        indication: 'Chronic pain',
        startDate: '2026-06-01',
        prescriber: 'gp',
      },
    },
    SESSION,
  );
});
afterEach(() => r.close());

describe('Specialist opioid flags are headed in words (renderer, real dispatcher)', () => {
  it('methadone: "Methadone: not converted to OME", never the code', async () => {
    await renderScreen(<PatientMedicines patient={patient} />);
    const heading = await screen.findByText('Methadone: not converted to OME');
    expect(heading.closest('[role="note"]')?.textContent).toMatch(/Methadone is not in the total/);
    expect(document.body.textContent).not.toContain('METHADONE_NOT_CONVERTED');
    expect(document.body.textContent).not.toMatch(/\b[A-Z]+(?:_[A-Z]+)+\b/);
  });
});
