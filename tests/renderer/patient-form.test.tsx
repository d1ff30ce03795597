import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PatientForm } from '../../renderer/src/features/patients/PatientForm';
import { PatientRecordPage } from '../../renderer/src/features/patients/PatientRecord';
import { enterDate, eventually, location, rendererApp, renderScreen, type RendererApp } from './harness';

let r: RendererApp;
beforeEach(async () => {
  r = await rendererApp('consultant');
});
afterEach(() => r.close());

const register = () =>
  renderScreen(<PatientForm patient={null} />, {
    path: '/patients/new',
    routes: { '/patients/:id': <PatientRecordPage mode="view" /> },
  });

describe('Register a patient (renderer, real dispatcher)', () => {
  it('shows the messages next to the fields and sends nothing when required fields are empty', async () => {
    const { user } = await register();
    await user.click(screen.getByRole('button', { name: 'Register patient' }));
    expect(await screen.findByText('Enter the surname.')).toBeTruthy();
    expect(screen.getByText('Enter the forename.')).toBeTruthy();
    expect(r.writes()).toHaveLength(0);
  });

  it('refuses an NHS number whose check digit does not match, beside the field', async () => {
    const { user } = await register();
    // 943 476 5918: the check digit of 943 476 591 is 9 (NHS Data Dictionary modulus 11).
    await user.type(screen.getByLabelText('NHS number'), '943 476 5918');
    await user.click(screen.getByRole('button', { name: 'Register patient' }));
    expect(
      await screen.findByText(
        'This is not a valid NHS number: the check digit does not match. Check for a typing error.',
      ),
    ).toBeTruthy();
    expect(r.writes()).toHaveLength(0);
  });

  it('sends one patients:create with what was typed (double click), then opens the new record', async () => {
    const { user } = await register();
    await user.type(screen.getByLabelText('NHS number'), '943 476 5919');
    await user.type(screen.getByLabelText(/^Surname/), 'Smith');
    await user.type(screen.getByLabelText(/^Forename/), 'Jo');
    await enterDate(user, /^Date of birth/, '1960-02-29');
    await user.selectOptions(screen.getByLabelText(/^Sex/), 'female');
    const button = screen.getByRole('button', { name: 'Register patient' });
    await user.dblClick(button);
    await eventually(() => /^\/patients\/\d+$/.test(location()));
    const creates = r.writes('patients:create');
    expect(creates).toHaveLength(1);
    // The form sends the checked, normalised value (10 digits, no spaces).
    expect(creates[0]!.payload).toMatchObject({
      nhsNumber: '9434765919',
      surname: 'Smith',
      forename: 'Jo',
      dateOfBirth: '1960-02-29',
      sex: 'female',
    });
    // Stored once, and the record page shows the saved person.
    const page = await r.app.ok('patients:search', { query: 'Smith' }, 'renderer');
    expect(page.total).toBe(1);
    expect(location()).toBe(`/patients/${page.items[0]!.id}`);
    expect((await screen.findAllByText(/SMITH, Jo/)).length).toBeGreaterThan(0);
    expect(within(document.body).getAllByText(/943 476 5919/).length).toBeGreaterThan(0);
  });

  it('puts the main process’s refusal beside the field (a duplicate NHS number) and stays on the form', async () => {
    await r.app.ok(
      'patients:create',
      { nhsNumber: '9434765919', surname: 'Other', forename: 'Al', dateOfBirth: '1950-01-01', sex: 'male' },
      'renderer',
    );
    const { user } = await register();
    await user.type(screen.getByLabelText('NHS number'), '9434765919');
    await user.type(screen.getByLabelText(/^Surname/), 'Smith');
    await user.type(screen.getByLabelText(/^Forename/), 'Jo');
    await enterDate(user, /^Date of birth/, '1960-02-29');
    await user.selectOptions(screen.getByLabelText(/^Sex/), 'female');
    await user.click(screen.getByRole('button', { name: 'Register patient' }));
    await eventually(() => r.writes('patients:create').length === 1);
    expect(
      (await screen.findAllByText('Another patient already has this NHS number: OTHER, Al.')).length,
    ).toBeGreaterThan(0);
    expect(location()).toBe('/patients/new');
  });
});
