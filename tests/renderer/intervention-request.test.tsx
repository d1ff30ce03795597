import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Patient } from '../../shared/domain/patient';
import { PatientRequests } from '../../renderer/src/features/interventions/PatientRequests';
import { RequestPage } from '../../renderer/src/features/interventions/RequestPage';
import { JO } from '../helpers/seed';
import { eventually, location, rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

let r: RendererApp;
let patient: Patient;
beforeEach(async () => {
  r = await rendererApp('consultant');
  patient = await r.app.ok('patients:create', { ...JO, referralDate: '2026-09-01' }, SESSION);
  r.sent.length = 0;
});
afterEach(() => r.close());

async function openForm() {
  const view = await renderScreen(<PatientRequests patient={patient} />, {
    routes: { '/interventions/requests/:id': <RequestPage /> },
  });
  return { ...view, form: await screen.findByRole('form', { name: 'List for a procedure' }) };
}

describe('Request an intervention (renderer, real dispatcher)', () => {
  it('asks for the procedure, the level and the indication beside the fields and sends nothing', async () => {
    const { user, form } = await openForm();
    await user.click(within(form).getByRole('button', { name: 'Add to the waiting list' }));
    expect(await within(form).findByText('Choose the procedure.')).toBeTruthy();
    expect(within(form).getByText('Enter the level or target, e.g. L4-5.')).toBeTruthy();
    expect(within(form).getByText('Enter the indication.')).toBeTruthy();
    expect(r.writes()).toHaveLength(0);
  });

  it('sends one interventions:request (double click) and opens the new request', async () => {
    const catalogue = await r.app.ok('interventions:catalogue', {}, SESSION);
    const esi = catalogue.procedures.find((p) => p.code === 'ESI_TF')!;
    const { user, form } = await openForm();
    await eventually(() => within(form).queryByRole('option', { name: esi.name }) !== null);
    await user.selectOptions(within(form).getByLabelText('Procedure'), 'ESI_TF');
    await user.selectOptions(within(form).getByLabelText('Side'), 'left');
    await user.type(within(form).getByLabelText('Level or target'), 'L5-S1');
    await user.type(within(form).getByLabelText('Indication'), 'Left S1 radicular pain');
    await user.dblClick(within(form).getByRole('button', { name: 'Add to the waiting list' }));
    await eventually(() => /^\/interventions\/requests\/\d+$/.test(location()));
    const sent = r.writes('interventions:request');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload).toMatchObject({
      patientId: patient.id,
      procedureCode: 'ESI_TF',
      side: 'left',
      site: 'L5-S1',
      indication: 'Left S1 radicular pain',
      priority: 'P3',
      // The RTT clock starts at the referral date by default.
      rttClockStart: '2026-09-01',
    });
    expect(await screen.findByRole('heading', { name: esi.name })).toBeTruthy();
    const listed = await r.app.ok('interventions:patientRequests', { patientId: patient.id }, SESSION);
    expect(listed).toHaveLength(1);
  });
});
