import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PatientRecordPage } from '../../renderer/src/features/patients/PatientRecord';
import { eventually, rendererApp, renderScreen, type RendererApp } from './harness';

/** Issue 18, "Tested": referring a patient to the MDT from their record, in jsdom against the real dispatcher. */
let r: RendererApp;
let id = 0;
beforeEach(async () => {
  r = await rendererApp('consultant');
  id = (
    await r.app.ok(
      'patients:create',
      {
        nhsNumber: '9434765919',
        surname: 'Okoye',
        forename: 'Ada',
        dateOfBirth: '1966-09-12',
        sex: 'female',
      },
      'renderer',
    )
  ).id;
});
afterEach(() => r.close());

async function openReferral() {
  const view = await renderScreen(<PatientRecordPage mode="view" />, {
    path: `/patients/${id}`,
    pattern: '/patients/:id',
  });
  await view.user.click(await screen.findByRole('tab', { name: 'MDT' }));
  await view.user.click(await screen.findByRole('button', { name: 'Refer to the MDT' }));
  return { ...view, form: await screen.findByRole('form', { name: 'Refer to the MDT' }) };
}

describe('Refer to the MDT (renderer, real dispatcher)', () => {
  it('asks for the question and the meeting beside the fields, and sends nothing', async () => {
    const { user, form } = await openReferral();
    await user.click(within(form).getByRole('button', { name: 'Refer' }));
    expect(await within(form).findByText('Write the question for the MDT.')).toBeTruthy();
    // The meeting select left on "Choose…" asks for a choice (it said "Enter a number greater than 0.").
    expect(within(form).getByText('Choose the meeting.')).toBeTruthy();
    expect(r.writes()).toHaveLength(0);
  });

  it('sends one mdt:referral:create (double click) with what was entered, then lists the referral', async () => {
    const { user, form } = await openReferral();
    await user.type(
      within(form).getByLabelText(/^Question for the MDT/),
      'Is a pain management programme suitable?',
    );
    const meeting = within(form).getByLabelText(/^Meeting/) as HTMLSelectElement;
    await eventually(() => meeting.options.length > 1);
    const type = meeting.options[1]!;
    await user.selectOptions(meeting, type.value);
    await user.click(within(form).getByLabelText('The patient knows they are being discussed'));
    await user.dblClick(within(form).getByRole('button', { name: 'Refer' }));
    await eventually(() => !screen.queryByRole('form', { name: 'Refer to the MDT' }));
    const sent = r.writes('mdt:referral:create');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload).toMatchObject({
      patientId: id,
      question: 'Is a pain management programme suitable?',
      reason: 'new-complex',
      urgency: 'routine',
      meetingTypeId: Number(type.value),
      patientAware: true,
    });
    // What is shown after save: the referral in the patient's MDT tab, read back from the database.
    expect(await screen.findByText('Is a pain management programme suitable?')).toBeTruthy();
  });

  it('takes the referring clinician: details without a name, or a name with nowhere to write, are refused beside the field; then saved for the letter', async () => {
    const { user, form } = await openReferral();
    await user.type(within(form).getByLabelText(/^Question for the MDT/), 'Can the oxycodone be reduced?');
    const meeting = within(form).getByLabelText(/^Meeting/) as HTMLSelectElement;
    await eventually(() => meeting.options.length > 1);
    await user.selectOptions(meeting, meeting.options[1]!.value);
    const name = within(form).getByLabelText(/^Referrer’s name/);
    const organisation = within(form).getByLabelText(/^Referrer’s organisation/);
    // An organisation with no name: the letter could not be addressed to anyone.
    await user.type(organisation, 'City Hospital');
    await user.click(within(form).getByRole('button', { name: 'Refer' }));
    expect(
      await within(form).findByText('Enter the referrer’s name, or clear their other details.'),
    ).toBeTruthy();
    expect(r.writes()).toHaveLength(0);
    // A name with neither organisation nor address: the letter could not reach them.
    await user.clear(organisation);
    await user.type(name, 'Dr Jane Rao');
    await user.click(within(form).getByRole('button', { name: 'Refer' }));
    expect(
      await within(form).findByText(
        'Enter the referrer’s organisation or address, so the letter can reach them.',
      ),
    ).toBeTruthy();
    expect(r.writes()).toHaveLength(0);
    await user.type(within(form).getByLabelText(/^Referrer’s role/), 'Consultant rheumatologist');
    await user.type(organisation, 'City Hospital');
    await user.type(
      within(form).getByLabelText(/^Referrer’s address/),
      'Rheumatology Department, Leeds LS9 7TF',
    );
    await user.click(within(form).getByRole('button', { name: 'Refer' }));
    await eventually(() => !screen.queryByRole('form', { name: 'Refer to the MDT' }));
    const sent = r.writes('mdt:referral:create');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload).toMatchObject({
      referrerName: 'Dr Jane Rao',
      referrerRole: 'Consultant rheumatologist',
      referrerOrganisation: 'City Hospital',
      referrerAddress: 'Rheumatology Department, Leeds LS9 7TF',
    });
    // Kept on the referral, apart from who keyed it (the signed-in consultant).
    expect(
      r.app.dispatcher.conn.sqlite
        .prepare(
          'SELECT referrer_name, referrer_role, referrer_organisation, referrer_address FROM mdt_referrals',
        )
        .get(),
    ).toEqual({
      referrer_name: 'Dr Jane Rao',
      referrer_role: 'Consultant rheumatologist',
      referrer_organisation: 'City Hospital',
      referrer_address: 'Rheumatology Department, Leeds LS9 7TF',
    });
  });
});
