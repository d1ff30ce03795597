import { screen } from '@testing-library/react';
import { Profiler, type ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PatientRequests } from '../../renderer/src/features/interventions/PatientRequests';
import { SessionForm } from '../../renderer/src/features/interventions/SessionForm';
import { PatientList } from '../../renderer/src/features/patients/PatientList';
import { JO } from '../helpers/seed';
import { PatientForm } from '../../renderer/src/features/patients/PatientForm';
import { PatientRecordPage } from '../../renderer/src/features/patients/PatientRecord';
import { rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

/**
 * Issue 18, "no full re-render on each keystroke": typing into a big form commits nothing (the fields are
 * uncontrolled; only the field typed in changes). React's Profiler counts every commit of the screen.
 */
let r: RendererApp;
beforeEach(async () => {
  r = await rendererApp('consultant');
});
afterEach(() => r.close());

let commits = 0;
function Counted({ children }: { children: ReactNode }) {
  return (
    <Profiler id="screen" onRender={() => (commits += 1)}>
      {children}
    </Profiler>
  );
}

async function commitsWhileTyping(
  user: Awaited<ReturnType<typeof renderScreen>>['user'],
  label: RegExp | string,
  text: string,
) {
  const field = screen.getByLabelText(label);
  await user.click(field);
  await new Promise((done) => setTimeout(done, 200));
  commits = 0;
  await user.type(field, text);
  return commits;
}

describe('Typing in a big form does not re-render the screen', () => {
  it('the patient form: 20 characters in "What matters to me", no commit per keystroke', async () => {
    const { user } = await renderScreen(
      <Counted>
        <PatientForm patient={null} />
      </Counted>,
      { path: '/patients/new' },
    );
    await screen.findByRole('button', { name: 'Register patient' });
    const n = await commitsWhileTyping(user, /^What matters to me/, 'Walking the dog again');
    expect(n).toBeLessThanOrEqual(2);
  });

  it('the patient edit page (banner, record and form): no commit per keystroke in the surname', async () => {
    const p = await r.app.ok(
      'patients:create',
      { surname: 'Ward', forename: 'Ann', dateOfBirth: '1950-05-05', sex: 'female' },
      'renderer',
    );
    const { user } = await renderScreen(
      <Counted>
        <PatientRecordPage mode="edit" />
      </Counted>,
      { path: `/patients/${p.id}/edit`, pattern: '/patients/:id/edit' },
    );
    await screen.findByRole('button', { name: 'Save changes' });
    const n = await commitsWhileTyping(user, /^Surname/, '-Llewellyn');
    expect(n).toBeLessThanOrEqual(2);
  });

  it('the new session form: no commit per keystroke in the room', async () => {
    const { user } = await renderScreen(
      <Counted>
        <SessionForm />
      </Counted>,
      { path: '/interventions/sessions/new' },
    );
    await screen.findByRole('button', { name: 'Create session' });
    const n = await commitsWhileTyping(user, 'Room', 'Theatre 12 (main)');
    expect(n).toBeLessThanOrEqual(2);
  });

  it('the intervention request form: no commit per keystroke in the indication', async () => {
    const patient = await r.app.ok('patients:create', { ...JO, referralDate: '2026-09-01' }, SESSION);
    const { user } = await renderScreen(
      <Counted>
        <PatientRequests patient={patient} />
      </Counted>,
    );
    await screen.findByRole('form', { name: 'List for a procedure' });
    const n = await commitsWhileTyping(user, 'Indication', 'Left S1 radicular pain');
    expect(n).toBeLessThanOrEqual(2);
  });

  it('(the count is real: the controlled patient search box commits on every keystroke)', async () => {
    const { user } = await renderScreen(
      <Counted>
        <PatientList />
      </Counted>,
      { path: '/patients' },
    );
    const n = await commitsWhileTyping(user, 'Find a patient', 'smith');
    expect(n).toBeGreaterThanOrEqual(5);
  });
});
