import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Triage } from '../../renderer/src/features/mdt/Triage';
import { rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

/** Waits up to 10 s (the shared machine can be slow to answer a search). */
const until = (what: string, predicate: () => boolean) =>
  waitFor(
    () => {
      if (!predicate())
        throw new Error(
          `not yet: ${what}; sent ${JSON.stringify(r.sent.map((x) => x.channel))}; ${(document.querySelector('form')?.textContent ?? '').replace(/\s+/g, ' ')}`,
        );
    },
    { timeout: 20_000 },
  );

/** Issue 16: the triage form takes the referring clinician's name, role, organisation and address. */
let r: RendererApp;
let patientId = 0;
beforeEach(async () => {
  r = await rendererApp('consultant');
  patientId = (
    await r.app.ok(
      'patients:create',
      { surname: 'Okoro', forename: 'Ada', dateOfBirth: '1970-05-01', sex: 'female', nhsNumber: null },
      SESSION,
    )
  ).id;
  // The form defaults "Received on" to today's real date: the server's clock must not be behind it (moving
  // the clock on locks the session after inactivity, so sign in again).
  r.app.clock.now = new Date();
  await r.app.ok('auth:signIn', { username: 'consultant1', password: 'correct horse battery' }, SESSION);
  r.sent.length = 0;
});
afterEach(() => r.close());

describe('Add a referral to the triage queue: the referrer (renderer, real dispatcher)', () => {
  it('refuses a referrer’s role and address without a name beside the name, then sends all four', async () => {
    const { user } = await renderScreen(<Triage />);
    await user.click(await screen.findByRole('button', { name: 'Add a referral' }));
    const form = await screen.findByRole('form', { name: 'Add a referral to the queue' });
    const fill = async (el: HTMLElement, text: string) => {
      await user.click(el);
      await user.paste(text);
    };
    await fill(within(form).getByLabelText(/^Find a patient/), 'Okoro');
    const patient = within(form).getByLabelText(/^Patient/) as HTMLSelectElement;
    await until('patient options', () => patient.options.length > 1);
    await user.selectOptions(patient, String(patientId));
    await fill(within(form).getByLabelText(/^Reason for referral/), 'Widespread pain; opioid dose rising.');
    await fill(within(form).getByLabelText(/^Referrer’s role/), 'Consultant rheumatologist');
    await fill(within(form).getByLabelText(/^Referrer’s address/), 'City Hospital, Leeds LS9 7TF');
    await user.click(within(form).getByRole('button', { name: 'Add to queue' }));
    expect(
      await within(form).findByText('Enter the referrer’s name, or clear their other details.'),
    ).toBeTruthy();
    expect(r.writes()).toHaveLength(0);
    await fill(within(form).getByLabelText(/^Referrer’s name/), 'Dr Jane Rao');
    await fill(within(form).getByLabelText(/^Referrer’s organisation/), 'City Hospital');
    await user.click(within(form).getByRole('button', { name: 'Add to queue' }));
    await until('form closed', () => !screen.queryByRole('form', { name: 'Add a referral to the queue' }));
    const sent = r.writes('mdt:triage:add');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload).toMatchObject({
      patientId,
      referrerName: 'Dr Jane Rao',
      referrerRole: 'Consultant rheumatologist',
      referrerOrganisation: 'City Hospital',
      referrerAddress: 'City Hospital, Leeds LS9 7TF',
    });
    expect(
      r.app.dispatcher.conn.sqlite
        .prepare(
          'SELECT referrer_name, referrer_role, referrer_organisation, referrer_address FROM service_referrals',
        )
        .get(),
    ).toEqual({
      referrer_name: 'Dr Jane Rao',
      referrer_role: 'Consultant rheumatologist',
      referrer_organisation: 'City Hospital',
      referrer_address: 'City Hospital, Leeds LS9 7TF',
    });
  }, 90_000);
});
