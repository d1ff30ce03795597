import { screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PatientRecordPage } from '../../renderer/src/features/patients/PatientRecord';
import { eventually, location, rendererApp, renderScreen, type RendererApp } from './harness';

/**
 * Issue 18, "Tested": the patient edit form and its allergies, in jsdom against the real dispatcher.
 * Expected messages are the schema's own wording (shared/domain/patient.ts), written here by hand.
 */
let r: RendererApp;
let id = 0;
beforeEach(async () => {
  r = await rendererApp('consultant');
  const p = await r.app.ok(
    'patients:create',
    {
      nhsNumber: '9434765919',
      surname: 'Evans',
      forename: 'Rhian',
      dateOfBirth: '1958-04-02',
      sex: 'female',
    },
    'renderer',
  );
  id = p.id;
});
afterEach(() => r.close());

const edit = () =>
  renderScreen(<PatientRecordPage mode="edit" />, {
    path: `/patients/${id}/edit`,
    pattern: '/patients/:id/edit',
    routes: { '/patients/:id': <PatientRecordPage mode="view" /> },
  });

describe('Edit a patient and their allergies (renderer, real dispatcher)', () => {
  it('asks for an allergy’s agent and reaction beside the fields, and sends nothing', async () => {
    const { user } = await edit();
    await user.click(await screen.findByRole('button', { name: 'Add an allergy' }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Enter the agent.')).toBeTruthy();
    expect(screen.getByText('Enter the reaction.')).toBeTruthy();
    expect(r.writes()).toHaveLength(0);
  });

  it('refuses "No known allergies" with an allergy listed, beside the tick box, and sends nothing', async () => {
    const { user } = await edit();
    await user.click(await screen.findByRole('button', { name: 'Add an allergy' }));
    await user.type(screen.getByLabelText('Agent'), 'Penicillin');
    await user.type(screen.getByLabelText('Reaction'), 'Rash');
    await user.click(screen.getByLabelText(/^No known allergies/));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(
      await screen.findByText('Allergies are listed below: remove them, or untick "No known allergies".'),
    ).toBeTruthy();
    expect(r.writes()).toHaveLength(0);
  });

  it('sends one patients:update (double click) with the version and the allergy, then shows it on the banner', async () => {
    const { user } = await edit();
    const surname = await screen.findByLabelText(/^Surname/);
    await user.clear(surname);
    await user.type(surname, 'Evans-Pryce');
    await user.click(screen.getByRole('button', { name: 'Add an allergy' }));
    await user.type(screen.getByLabelText('Agent'), 'Penicillin');
    await user.type(screen.getByLabelText('Reaction'), 'Rash');
    await user.dblClick(screen.getByRole('button', { name: 'Save changes' }));
    await eventually(() => location() === `/patients/${id}`);
    const updates = r.writes('patients:update');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.payload).toMatchObject({
      id,
      version: 1,
      patient: {
        surname: 'Evans-Pryce',
        forename: 'Rhian',
        dateOfBirth: '1958-04-02',
        allergies: [{ agent: 'Penicillin', reaction: 'Rash' }],
        noKnownAllergies: false,
      },
    });
    // What is shown after save: the new name and the allergy on the banner (refetched, not the form's copy).
    expect((await screen.findAllByText(/EVANS-PRYCE, Rhian/)).length).toBeGreaterThan(0);
    // Waited for: the banner was on screen before the save, showing the allergies as they were.
    await waitFor(() =>
      expect(screen.getByTestId('banner-allergies').textContent).toBe('Allergies: Penicillin'),
    );
    const stored = await r.app.ok('patients:get', { id }, 'renderer');
    expect(stored.version).toBe(2);
    expect(stored.allergies.map((a) => a.agent)).toEqual(['Penicillin']);
  });
});
