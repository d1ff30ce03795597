import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServiceReferralView } from '../../shared/domain/mdt';
import { Triage } from '../../renderer/src/features/mdt/Triage';
import { eventually, rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

let r: RendererApp;
let referral: ServiceReferralView;
beforeEach(async () => {
  r = await rendererApp('consultant');
  const p = await r.app.ok(
    'patients:create',
    { surname: 'Okoro', forename: 'Ada', dateOfBirth: '1970-05-01', sex: 'female', nhsNumber: null },
    SESSION,
  );
  referral = await r.app.ok(
    'mdt:triage:add',
    {
      patientId: p.id,
      receivedOn: '2026-11-10',
      source: 'gp',
      referrerName: 'Dr Okafor, Riverside Surgery',
      referralReason: 'Low back pain with leg pain for two years despite physiotherapy.',
      urgency: 'routine',
    },
    SESSION,
  );
  r.sent.length = 0;
});
afterEach(() => r.close());

async function openDecision() {
  const view = await renderScreen(<Triage />);
  await view.user.click(await screen.findByRole('button', { name: 'Triage OKORO, Ada' }));
  return { ...view, form: await screen.findByRole('form', { name: 'Triage decision for OKORO, Ada' }) };
}

describe('Triage decision (renderer, real dispatcher)', () => {
  it('asks for the reason, and for the MDT on the MDT pathway, and sends nothing', async () => {
    const { user, form } = await openDecision();
    await user.click(within(form).getByRole('radio', { name: 'MDT discussion' }));
    await user.click(within(form).getByRole('button', { name: 'Save decision' }));
    expect(await within(form).findByText('Write the reason for this decision.')).toBeTruthy();
    expect(within(form).getByText('Choose the MDT for this referral.')).toBeTruthy();
    expect(r.writes()).toHaveLength(0);
  });

  it('sends one mdt:triage:decide (double click) and shows the decision in the queue', async () => {
    const { user, form } = await openDecision();
    await user.type(
      within(form).getByLabelText(/^Reason for this decision/),
      'Needs a consultant assessment.',
    );
    await user.dblClick(within(form).getByRole('button', { name: 'Save decision' }));
    await eventually(() => screen.queryByRole('form', { name: /Triage decision/ }) === null);
    const sent = r.writes('mdt:triage:decide');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload).toMatchObject({
      serviceReferralId: referral.id,
      version: referral.version,
      pathway: 'clinic',
      reason: 'Needs a consultant assessment.',
    });
    // The queue (awaiting) refreshed: nothing left awaiting; the triaged view shows the pathway and reason.
    expect(await screen.findByText('No referrals to show.')).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Show'), 'triaged');
    // Wait for the triaged row itself: "Pain clinic appointment" is also a Pathway filter option, so a
    // page-wide search finds the option before the refreshed queue has drawn (a race seen in CI).
    const table = await screen.findByRole('table', { name: 'Referral triage queue' });
    const row = await within(table).findByRole('row', { name: /OKORO, Ada/ });
    expect(within(row).getByText('Pain clinic appointment')).toBeTruthy();
    expect(within(row).getByText('Needs a consultant assessment.')).toBeTruthy();
  });
});
