import { screen, waitFor, within } from '@testing-library/react';
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
    expect(await screen.findByText('Choose the medicine.')).toBeTruthy();
    expect(screen.getByText('Enter what it is for.')).toBeTruthy();
    expect(r.writes()).toHaveLength(0);
  });

  it('sends one meds:add (double click) with the structured dose, then lists it with its OME', async () => {
    const { user } = await openAddForm();
    const form = screen.getByRole('form', { name: 'Add a medicine' });
    await user.selectOptions(within(form).getByLabelText('How the medicine is entered'), 'mg');
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
    // The total itself, not any text on the screen that holds the figure.
    await waitFor(() => expect(screen.getByTestId('ome-total').textContent).toMatch(/^60(\.0)? mg\/24h$/));
    const stored = await r.app.ok('meds:patient', { patientId: patient.id }, SESSION);
    expect(stored.current).toHaveLength(1);
  });

  it('finds a brand as typed, works out 2 × 30/500 co-codamol qds with both components, and saves what was written', async () => {
    const { user } = await openAddForm();
    const form = screen.getByRole('form', { name: 'Add a medicine' });
    await user.type(within(form).getByLabelText('Find the medicine (generic or brand name)'), 'solpadol');
    await user.click(await within(form).findByRole('button', { name: /^Solpadol/ }));
    await user.type(within(form).getByLabelText('Tablets each time'), '2');
    await user.type(within(form).getByLabelText('How often'), 'qds');
    // Solpadol 30/500: 2 tablets = codeine 60 mg + paracetamol 1000 mg a dose; × 4 = 240 mg and 4000 mg a day.
    await waitFor(() =>
      expect(within(form).getByTestId('written-means').textContent).toBe(
        'Means: codeine 60 mg a dose (240 mg a day) + paracetamol 1000 mg a dose (4000 mg a day)',
      ),
    );
    await user.type(within(form).getByLabelText('Indication'), 'Knee pain');
    await enterDate(user, 'Start date', '2026-06-01');
    await user.click(within(form).getByRole('button', { name: 'Save medicine' }));
    await eventually(() => screen.queryByRole('form', { name: 'Add a medicine' }) === null);
    expect(r.writes('meds:add')[0]!.payload).toMatchObject({
      medicine: {
        formularyId: 'co-codamol-tablet',
        written: { productId: 'co-codamol-tablet~Solpadol', strength: '30/500', units: 2, frequency: 'qds' },
      },
    });
    expect(await screen.findByText('2 × Solpadol 30/500 tablets four times a day')).toBeTruthy();
    // Codeine 240 mg/day × 0.1 (FPM Opioids Aware, 2020) = 24 mg/24h OME.
    await waitFor(() => expect(screen.getByTestId('ome-total').textContent).toMatch(/^24(\.0)? mg\/24h$/));
  });

  it('shows the service’s refusal beside the frequency: Butec patches are changed every 7 days', async () => {
    const { user } = await openAddForm();
    const form = screen.getByRole('form', { name: 'Add a medicine' });
    await user.type(within(form).getByLabelText('Find the medicine (generic or brand name)'), 'butec');
    await user.click(await within(form).findByRole('button', { name: /^Butec/ }));
    await user.selectOptions(within(form).getByLabelText('Strength'), '10 micrograms/hour');
    await user.type(within(form).getByLabelText('Patches (one per line)'), '1');
    await user.type(within(form).getByLabelText('How often'), 'every 3 days');
    await user.type(within(form).getByLabelText('Indication'), 'Back pain');
    await enterDate(user, 'Start date', '2026-06-01');
    await user.click(within(form).getByRole('button', { name: 'Save medicine' }));
    expect(
      await within(form).findAllByText('Butec patches are changed every 7 days, not every 3.'),
    ).not.toHaveLength(0);
    expect((await r.app.ok('meds:patient', { patientId: patient.id }, SESSION)).current).toHaveLength(0);
  });

  it('records a medicine not on the formulary as written, marked and named beside the total', async () => {
    const { user } = await openAddForm();
    const form = screen.getByRole('form', { name: 'Add a medicine' });
    await user.selectOptions(within(form).getByLabelText('How the medicine is entered'), 'unlisted');
    await user.type(within(form).getByLabelText('Medicine as written'), 'Ketamine oral solution');
    await user.type(within(form).getByLabelText('Dose as written'), '10 mg four times a day');
    await user.type(within(form).getByLabelText('Indication'), 'Neuropathic pain');
    await enterDate(user, 'Start date', '2026-06-01');
    await user.click(within(form).getByRole('button', { name: 'Save medicine' }));
    await eventually(() => screen.queryByRole('form', { name: 'Add a medicine' }) === null);
    expect(await screen.findByText('Not on the formulary: not counted in the OME')).toBeTruthy();
    await waitFor(() =>
      expect(screen.getByTestId('ome-not-on-formulary').textContent).toBe(
        'Not on the formulary, not counted in the OME: Ketamine oral solution',
      ),
    );
  });
});
