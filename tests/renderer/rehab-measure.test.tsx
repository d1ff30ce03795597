import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Patient } from '../../shared/domain/patient';
import { PatientRehab } from '../../renderer/src/features/rehab/PatientRehab';
import { JO } from '../helpers/seed';
import { enterDate, eventually, rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

let r: RendererApp;
let patient: Patient;
let planId: number;
beforeEach(async () => {
  r = await rendererApp('physiotherapist');
  patient = await r.app.ok('patients:create', JO, SESSION);
  planId = (
    await r.app.ok(
      'rehab:createPlan',
      { patientId: patient.id, pathway: 'physiotherapy', referralDate: '2026-10-01' },
      SESSION,
    )
  ).id;
  r.sent.length = 0;
});
afterEach(() => r.close());

async function openGad7() {
  const view = await renderScreen(<PatientRehab patient={patient} />);
  await view.user.click(await screen.findByRole('button', { name: 'Record a measure' }));
  await view.user.selectOptions(screen.getByLabelText('Measure'), 'GAD-7');
  return { ...view, form: await screen.findByRole('form', { name: 'Record GAD-7' }) };
}

describe('Record an outcome measure (renderer, real dispatcher)', () => {
  it('asks for the collection point and the date beside the fields and sends nothing', async () => {
    const { user, form } = await openGad7();
    await user.click(within(form).getByRole('button', { name: 'Save GAD-7' }));
    expect(await within(form).findByText('Choose the collection point.')).toBeTruthy();
    expect(within(form).getByText(/enter the date completed/i)).toBeTruthy();
    expect(r.writes()).toHaveLength(0);
  });

  it('sends one rehab:recordMeasure (double click) with the answers and shows the score', async () => {
    const { user, form } = await openGad7();
    await user.selectOptions(within(form).getByLabelText(/^Collection point/), 'referral');
    await enterDate(user, /^Date completed/, '2026-11-20');
    for (let item = 1; item <= 7; item += 1)
      await user.selectOptions(within(form).getByLabelText(new RegExp(`^${item}\\. `)), '2');
    await user.dblClick(within(form).getByRole('button', { name: 'Save GAD-7' }));
    await eventually(() => screen.queryByRole('form', { name: 'Record GAD-7' }) === null);
    const sent = r.writes('rehab:recordMeasure');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload).toMatchObject({
      patientId: patient.id,
      planId,
      measure: 'GAD-7',
      timePoint: 'referral',
      administeredOn: '2026-11-20',
      answers: [2, 2, 2, 2, 2, 2, 2],
    });
    // GAD-7 total = sum of the 7 items (Spitzer et al., 2006): 7 × 2 = 14.
    const saved = (await screen.findAllByRole('status')).find((s) => /GAD-7 saved/.test(s.textContent ?? ''));
    expect(saved?.textContent).toMatch(/Score:? 14\b/);
  });
});
