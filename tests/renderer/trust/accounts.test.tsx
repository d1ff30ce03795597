import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { api } from '../../../renderer/src/api/client';
import { connectInvalidation, createQueryClient } from '../../../renderer/src/api/queries';
import { App } from '../../../renderer/src/app/App';
import { SessionProvider } from '../../../renderer/src/app/session';
import { SettingsPage, UsersPage } from '../../../renderer/src/features/admin/Admin';
import { eventually, rendererApp, renderScreen, SESSION, type RendererApp } from '../harness';

/** Issue 17, "Accounts and the audit screen": the Users screen and the lock, through the real dispatcher. */

let r: RendererApp;
afterEach(() => r.close());

const PASSWORD = 'correct horse battery';

describe('Users screen (administrator)', () => {
  it('the Add user form does not remember "Administrator" as the next role', async () => {
    r = await rendererApp('admin');
    const { user } = await renderScreen(<UsersPage />);
    const form = await screen.findByRole('form', { name: 'Add a user' });
    await user.type(within(form).getByLabelText('Name'), 'Second Admin');
    await user.type(within(form).getByLabelText('Username'), 'admin2');
    await user.selectOptions(within(form).getByLabelText('Role'), 'admin');
    await user.type(within(form).getByLabelText('First password'), 'violet kettle umbrella');
    await user.click(within(form).getByRole('button', { name: 'Add user' }));
    await eventually(() => r.writes('users:create').length === 1);
    expect(r.writes('users:create')[0]!.payload).toMatchObject({ username: 'admin2', role: 'admin' });
    await eventually(() => (within(form).getByLabelText('Name') as HTMLInputElement).value === '');
    expect((within(form).getByLabelText('Role') as HTMLSelectElement).value).toBe('nurse');
  });

  it('changes a role, and a reset password must be changed at the next sign-in', async () => {
    r = await rendererApp('admin');
    const nurse = await r.app.ok(
      'users:create',
      { username: 'sam', displayName: 'Sam Nurse', role: 'nurse', password: PASSWORD },
      SESSION,
    );
    const { user } = await renderScreen(<UsersPage />);
    const role = await screen.findByLabelText('Role of Sam Nurse');
    await user.selectOptions(role, 'physiotherapist');
    await eventually(() => r.writes('users:update').length === 1);
    expect(r.writes('users:update')[0]!.payload).toEqual({
      id: nurse.id,
      version: 0,
      role: 'physiotherapist',
    });
    // The list is read again after the change, so the reset is made against the account as it now is.
    await eventually(() => r.sent.filter((x) => x.channel === 'users:list').length >= 2);

    const row = role.closest('tr')!;
    await user.click(within(row as HTMLElement).getByRole('button', { name: 'Reset password' }));
    await user.type(
      within(row as HTMLElement).getByLabelText(/Temporary password for Sam Nurse/),
      'amber lantern meadow',
    );
    await user.click(within(row as HTMLElement).getByRole('button', { name: 'Reset' }));
    await eventually(() => r.writes('users:update').length === 2);
    expect(r.writes('users:update')[1]!.payload).toMatchObject({ id: nurse.id, version: 1 });
    // Sent is not saved: wait for the reset to be in the database (password hashing takes a while).
    const mustChange = () =>
      r.app.dispatcher.conn.sqlite
        .prepare('SELECT must_change_password FROM users WHERE id = ?')
        .pluck()
        .get(nurse.id);
    await eventually(() => mustChange() === 1);
    const signedIn = await r.app.ok(
      'auth:signIn',
      { username: 'sam', password: 'amber lantern meadow' },
      'sam',
    );
    expect(signedIn.mustChangePassword).toBe(true);
    expect(signedIn.user.role).toBe('physiotherapist');
    // Until the new password is chosen, nothing else is allowed.
    const refused = await r.app.call('patients:search', { query: 'a' }, 'sam');
    expect(refused.ok).toBe(false);
  });
});

describe('Users screen: two administrators (issue 19)', () => {
  it('another administrator deactivated a leaver meanwhile: changing their role is refused with who and when', async () => {
    r = await rendererApp('admin');
    await r.app.ok(
      'users:create',
      { username: 'admin2', displayName: 'Second Admin', role: 'admin', password: PASSWORD },
      SESSION,
    );
    await r.app.ok('auth:signIn', { username: 'admin2', password: PASSWORD }, 'admin-2');
    const leaver = await r.app.ok(
      'users:create',
      { username: 'pat', displayName: 'Pat Leaver', role: 'nurse', password: PASSWORD },
      SESSION,
    );
    const { user } = await renderScreen(<UsersPage />);
    const role = await screen.findByLabelText('Role of Pat Leaver');
    // Meanwhile, at another desk, the other administrator deactivates the leaver.
    await r.app.ok('users:update', { id: leaver.id, version: 0, active: false }, 'admin-2');
    await user.selectOptions(role, 'physiotherapist');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Pat Leaver’s account changed after you read it: it is now deactivated. Yours was not saved. ' +
        'Second Admin changed it at 10:00 on 21-Nov-2026 (changed an account).',
    );
    expect(r.writes('users:update')[0]!.payload).toEqual({
      id: leaver.id,
      version: 0,
      role: 'physiotherapist',
    });
    const stored = r.app.dispatcher.conn.sqlite
      .prepare('SELECT role, active, version FROM users WHERE id = ?')
      .get(leaver.id);
    expect(stored).toEqual({ role: 'nurse', active: 0, version: 1 });
    // The list is read again: it shows the account deactivated, as the other administrator left it.
    const row = (await screen.findByLabelText('Role of Pat Leaver')).closest('tr') as HTMLElement;
    await eventually(() => within(row).queryByText('Deactivated') !== null);
  });
});

describe('Settings screen: two administrators (issue 19)', () => {
  it('another administrator shortened the lock time meanwhile: saving the number is refused with who and when', async () => {
    r = await rendererApp('admin');
    await r.app.ok(
      'users:create',
      { username: 'admin2', displayName: 'Second Admin', role: 'admin', password: PASSWORD },
      SESSION,
    );
    await r.app.ok('auth:signIn', { username: 'admin2', password: PASSWORD }, 'admin-2');
    const { user } = await renderScreen(<SettingsPage />);
    const phone = await screen.findByLabelText('Service contact number');
    // Meanwhile, at another desk, the other administrator shortens the lock time.
    await r.app.ok('settings:update', { version: 0, lockAfterMinutes: 5 }, 'admin-2');
    await user.type(phone, '0114 271 1900');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The settings changed after you opened them. Yours were not saved: check their change, and make yours ' +
        'again if it is still needed. Second Admin changed it at 10:00 on 21-Nov-2026 (changed settings).',
    );
    expect(r.writes('settings:update')[0]!.payload).toMatchObject({ version: 0, lockAfterMinutes: 10 });
    expect(await r.app.ok('settings:get', {}, SESSION)).toMatchObject({
      lockAfterMinutes: 5,
      serviceContactNumber: '',
      version: 1,
    });
  });
});

describe('The lock keeps work in progress', () => {
  it('a half-filled form survives lock and unlock', async () => {
    r = await rendererApp('nurse');
    window.location.hash = '#/patients/new';
    const queryClient = createQueryClient();
    const off = connectInvalidation(api, queryClient);
    try {
      render(
        <MantineProvider>
          <QueryClientProvider client={queryClient}>
            <SessionProvider>
              <App />
            </SessionProvider>
          </QueryClientProvider>
        </MantineProvider>,
      );
      const user = userEvent.setup({ delay: null });
      const form = await screen.findByRole('form', { name: 'Register a patient' }, { timeout: 20_000 });
      await user.type(within(form).getByLabelText(/^Surname/), 'Halfway');
      await user.click(screen.getByRole('button', { name: 'Lock' }));
      const unlock = await screen.findByRole('button', { name: 'Unlock' }, { timeout: 20_000 });
      // The app underneath is out of reach while locked.
      expect(screen.queryByRole('form', { name: 'Register a patient' })).toBeNull();
      await user.type(screen.getByLabelText(/^Password/), PASSWORD);
      await user.click(unlock);
      const again = await screen.findByRole('form', { name: 'Register a patient' }, { timeout: 20_000 });
      expect((within(again).getByLabelText(/^Surname/) as HTMLInputElement).value).toBe('Halfway');
    } finally {
      off();
      window.location.hash = '';
    }
  });
});
