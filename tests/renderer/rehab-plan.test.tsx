import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Patient } from '../../shared/domain/patient';
import { PatientRehab } from '../../renderer/src/features/rehab/PatientRehab';
import { JO } from '../helpers/seed';
import { enterDate, eventually, rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

let r: RendererApp;
let patient: Patient;
beforeEach(async () => {
  r = await rendererApp('physiotherapist');
  patient = await r.app.ok('patients:create', { ...JO, referralDate: '2026-08-03' }, SESSION);
  r.sent.length = 0;
});
afterEach(() => r.close());

describe('Start a rehab plan (renderer, real dispatcher)', () => {
  it('sends one rehab:createPlan with the dates typed and shows the plan', async () => {
    const view = await renderScreen(<PatientRehab patient={patient} />);
    const form = await screen.findByRole('form', { name: 'Start a rehab plan' });
    await enterDate(view.user, 'Start of treatment', '2026-09-01');
    await view.user.click(within(form).getByRole('button', { name: 'Start rehab plan' }));
    await eventually(
      () => r.writes('rehab:createPlan').length > 0 || screen.queryAllByRole('alert').length > 0,
    );
    const alerts = screen.queryAllByRole('alert').map((a) => a.textContent);
    expect(alerts).toEqual([]);
    expect(r.writes('rehab:createPlan')[0]?.payload).toMatchObject({
      patientId: patient.id,
      pathway: 'physiotherapy',
      referralDate: '2026-08-03',
      treatmentStartDate: '2026-09-01',
    });
    expect(await screen.findByRole('heading', { name: 'Rehab plan: Physiotherapy' })).toBeTruthy();
  });
});
