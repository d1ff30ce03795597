import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RequestPage } from '../../renderer/src/features/interventions/RequestPage';
import { JO } from '../helpers/seed';
import { eventually, rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

/**
 * Issue 14: an SCS trial is an episode (insertion, lead removal, outcome, implant decision), on the trial
 * request's page under the patient banner. Today is 21-Nov-2026 (the harness clock); the request's RTT
 * clock started 01-Oct-2026. Success criteria (Neuromodulation Foundation): >= 50% relief with activity,
 * analgesia stable or reduced, patient satisfied.
 */
let r: RendererApp;
let requestId: number;
beforeEach(async () => {
  r = await rendererApp('consultant');
  const patient = await r.app.ok('patients:create', { ...JO, referralDate: '2026-09-01' }, SESSION);
  const req = await r.app.ok(
    'interventions:request',
    {
      patientId: patient.id,
      procedureCode: 'SCS_TRIAL',
      side: 'midline',
      site: 'T8-T10',
      indication: 'Neuropathic leg pain after spinal surgery (TA159)',
      priority: 'P3',
      requestedClinicianId: null,
      rttClockStart: '2026-10-01',
    },
    SESSION,
  );
  requestId = req.id;
  r.sent.length = 0;
});
afterEach(() => r.close());

describe('SCS trial episode on the request page (renderer, real dispatcher)', () => {
  it('refuses a removal before the insertion beside the field, then records the trial and shows it in words', async () => {
    const { user } = await renderScreen(<RequestPage />, {
      path: `/interventions/requests/${requestId}`,
      pattern: '/interventions/requests/:id',
    });
    const form = await screen.findByRole('form', { name: 'SCS trial episode' }, { timeout: 20_000 });
    // The patient banner is on the page.
    expect((await screen.findAllByText(/SMITH, Jo/)).length).toBeGreaterThan(0);
    await user.type(within(form).getByLabelText('Trial leads inserted on'), '10/11/2026');
    await user.type(within(form).getByLabelText('Leads removed on'), '09/11/2026');
    await user.click(within(form).getByRole('button', { name: 'Save the trial' }));
    // Beside the field (and summed up above the form).
    expect(
      (await within(form).findAllByText('The leads cannot come out before they went in (10-Nov-2026).'))
        .length,
    ).toBeGreaterThan(0);
    expect(within(form).getByLabelText('Leads removed on').getAttribute('aria-invalid')).toBe('true');

    await user.clear(within(form).getByLabelText('Leads removed on'));
    await user.type(within(form).getByLabelText('Leads removed on'), '17/11/2026');
    await user.type(within(form).getByLabelText('Pain relief with activity (%)'), '60');
    await user.selectOptions(within(form).getByLabelText('Analgesia during the trial'), 'stable');
    await user.selectOptions(within(form).getByLabelText('Patient satisfied with the trial'), 'yes');
    await user.click(within(form).getByRole('button', { name: 'Save the trial' }));
    // 10 → 17 November is 7 days.
    await eventually(() => screen.queryByText('Leads in 10-Nov-2026; removed 17-Nov-2026 (7 days)') !== null);
    expect(
      screen.getByText('Successful: 60% relief with activity, analgesia stable, patient satisfied.'),
    ).toBeTruthy();
  }, 120_000);
});
