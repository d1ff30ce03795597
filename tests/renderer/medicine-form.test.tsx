import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Patient } from '../../shared/domain/patient';
import { PatientMedicines } from '../../renderer/src/features/medicines/PatientMedicines';
import { JO } from '../helpers/seed';
import { eventually, enterDate, rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

let r: RendererApp;
let patient: Patient;
beforeEach(async () => {
  r = await rendererApp('consultant');
  patient = await r.app.ok('patients:create', JO, SESSION);
  r.sent.length = 0;
});
afterEach(() => r.close());

async function openAddForm() {
  const view = await renderScreen(<PatientMedicines patient={patient} />);
  await view.user.click(await screen.findByRole('button', { name: 'Add medicine' }));
  await screen.findByRole('form', { name: 'Add a medicine' });
  return view;
}

describe('Add a medicine (renderer, real dispatcher)', () => {
  it('asks for the medicine and the dose beside the fields and sends nothing', async () => {
    const { user } = await openAddForm();
    await user.click(screen.getByRole('button', { name: 'Save medicine' }));
    expect(await screen.findByText('Choose a medicine from the formulary.')).toBeTruthy();
    expect(screen.getByText('Enter what it is for.')).toBeTruthy();
    expect(r.writes()).toHaveLength(0);
  });

  it('sends one meds:add (double click) with the structured dose, then lists it with its OME', async () => {
    const { user } = await openAddForm();
    const form = screen.getByRole('form', { name: 'Add a medicine' });
    await user.selectOptions(within(form).getByLabelText('Medicine'), 'oxycodone-mr-tablet');
    await user.selectOptions(within(form).getByLabelText('Strength'), '20 mg');
    await user.type(within(form).getByLabelText('Dose each time (mg)'), '20');
    await user.type(within(form).getByLabelText('Times a day'), '2');
    await user.type(within(form).getByLabelText('Indication'), 'Chronic low back pain');
    // Started before the test clock's today (a start in the future is a planned medicine, not counted).
    await enterDate(user, 'Start date', '2026-06-01');
    await user.dblClick(within(form).getByRole('button', { name: 'Save medicine' }));
    await eventually(() => screen.queryByRole('form', { name: 'Add a medicine' }) === null);
    const adds = r.writes('meds:add');
    expect(adds).toHaveLength(1);
    expect(adds[0]!.payload).toMatchObject({
      patientId: patient.id,
      medicine: {
        formularyId: 'oxycodone-mr-tablet',
        strength: '20 mg',
        doseKind: 'regular',
        doseMg: 20,
        timesPerDay: 2,
        indication: 'Chronic low back pain',
      },
    });
    // Oxycodone oral 20 mg twice daily = 40 mg/24h × 1.5 (FPM Opioids Aware, 2020) = 60 mg/24h OME.
    expect((await screen.findAllByText(/60(\.0)? mg\/24h/)).length).toBeGreaterThan(0);
    const stored = await r.app.ok('meds:patient', { patientId: patient.id }, SESSION);
    expect(stored.current).toHaveLength(1);
  });
});
