import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Patient } from '../../shared/domain/patient';
import { PatientRehab } from '../../renderer/src/features/rehab/PatientRehab';
import { JO } from '../helpers/seed';
import { enterDate, eventually, rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

/**
 * Issue 15: "A collection point's questionnaire set can be entered on one screen, one date, one save."
 * Scores by hand: GAD-7 = sum of 7 items (Spitzer et al., 2006): 7 × 2 = 14; PSEQ = sum of 10 items scored
 * 0-6 (Nicholas, 2007): 10 × 3 = 30.
 */

let r: RendererApp;
let patient: Patient;
beforeEach(async () => {
  r = await rendererApp('physiotherapist');
  patient = await r.app.ok('patients:create', JO, SESSION);
  await r.app.ok(
    'rehab:createPlan',
    { patientId: patient.id, pathway: 'physiotherapy', referralDate: '2026-10-01' },
    SESSION,
  );
  r.sent.length = 0;
});
afterEach(() => r.close());

const group = (name: RegExp) => screen.getByRole('group', { name });

describe('Record a collection point’s questionnaires (renderer, real dispatcher)', () => {
  it('one date, one save: an impossible PSEQ item is refused beside that item and nothing is saved; corrected, both are saved at once', async () => {
    const view = await renderScreen(<PatientRehab patient={patient} />);
    const { user } = view;
    await user.click(await screen.findByRole('button', { name: 'Record a collection point’s set' }));
    const form = await screen.findByRole('form', { name: 'Record a collection point’s questionnaires' });
    // Keep GAD-7 and PSEQ; untick the other forms of the anchor set.
    for (const name of [/BPI-SF/, /PHQ-9/, /EQ-5D-5L/])
      await user.click(within(group(name)).getByRole('checkbox'));
    await user.selectOptions(within(form).getByLabelText(/^Collection point/), 'referral');
    await enterDate(user, /^Date completed/, '2026-11-20');
    const gad = group(/GAD-7/);
    for (let item = 1; item <= 7; item += 1)
      await user.selectOptions(within(gad).getByLabelText(new RegExp(`^${item}\\. `)), '2');
    const pseq = group(/PSEQ/);
    for (let item = 1; item <= 10; item += 1)
      await user.type(within(pseq).getByLabelText(new RegExp(`^Item ${item}$`)), item === 4 ? '9' : '3');
    await user.click(within(form).getByRole('button', { name: 'Save the questionnaires' }));
    await eventually(() => r.writes('rehab:recordMeasureSet').length === 1);
    // The refusal sits beside PSEQ item 4; the whole set was refused.
    const item4 = within(pseq).getByLabelText(/^Item 4$/);
    await eventually(() => item4.getAttribute('aria-invalid') === 'true');
    expect(within(form).getByText(/Nothing was saved/)).toBeTruthy();
    expect((await r.app.ok('rehab:summary', { patientId: patient.id }, SESSION)).measures).toHaveLength(0);

    await user.clear(item4);
    await user.type(item4, '3');
    await user.click(within(form).getByRole('button', { name: 'Save the questionnaires' }));
    await eventually(
      () => screen.queryByRole('form', { name: /collection point’s questionnaires/ }) === null,
    );
    const sent = r.writes('rehab:recordMeasureSet');
    expect(sent).toHaveLength(2);
    expect(sent[1]!.payload).toMatchObject({
      patientId: patient.id,
      timePoint: 'referral',
      administeredOn: '2026-11-20',
      forms: [
        { measure: 'GAD-7', answers: [2, 2, 2, 2, 2, 2, 2] },
        { measure: 'PSEQ', answers: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3] },
      ],
    });
    const saved = (await screen.findAllByRole('status')).find((s) =>
      /Questionnaires saved/.test(s.textContent ?? ''),
    );
    expect(saved?.textContent).toMatch(/GAD-7\)?: .*14/);
    expect(saved?.textContent).toMatch(/PSEQ\)?: .*30/);
  });
});
