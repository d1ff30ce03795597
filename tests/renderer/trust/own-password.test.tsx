import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ChangePassword } from '../../../renderer/src/features/auth/ChangePassword';
import { eventually, rendererApp, renderScreen, type RendererApp } from '../harness';

/**
 * Issue 17: "a password can be changed without the current one"; "there is no way in the app to change
 * your own password". The Account screen's form through the real dispatcher: the current password is
 * needed, the NCSC rules are applied beside the field, and the new password is the one that works.
 */
let r: RendererApp;
afterEach(() => r.close());

const OLD = 'correct horse battery'; // the harness's password for every test user

async function fill(user: Awaited<ReturnType<typeof renderScreen>>['user'], current: string, next: string) {
  const form = await screen.findByRole('form', { name: 'Change your password' });
  for (const [label, value] of [
    ['Current password', current],
    [/^New password$/, next],
    ['New password again', next],
  ] as const) {
    const input = within(form).getByLabelText(label);
    await user.clear(input);
    if (value) await user.type(input, value);
  }
  await user.click(within(form).getByRole('button', { name: 'Change password' }));
  return form;
}

describe('Changing your own password', () => {
  it('a wrong current password is refused beside its field and nothing changes', async () => {
    r = await rendererApp('nurse');
    const { user } = await renderScreen(<ChangePassword />);
    await fill(user, 'not my password', 'amber lantern meadow');
    expect(await screen.findAllByText('That is not your current password.')).not.toHaveLength(0);
    const old = await r.app.call('auth:signIn', { username: 'nurse1', password: OLD }, 'check');
    expect(old.ok).toBe(true);
  });

  it('the deny-list and whitespace rules show beside the field before anything is sent', async () => {
    r = await rendererApp('nurse');
    const { user } = await renderScreen(<ChangePassword />);
    const form = await fill(user, OLD, 'password12');
    await eventually(
      () => within(form).queryAllByText(/That password is too common or too easy to guess/).length > 0,
    );
    await fill(user, OLD, '          ');
    await eventually(() => within(form).queryAllByText('A password cannot be only spaces.').length > 0);
    expect(r.writes('auth:changePassword')).toHaveLength(0);
  });

  it('with the current password, the new one is saved: it signs in and the old one no longer does', async () => {
    r = await rendererApp('nurse');
    const { user } = await renderScreen(<ChangePassword />);
    await fill(user, OLD, 'amber lantern meadow');
    expect(await screen.findByText(/Your password was changed/)).toBeTruthy();
    expect(r.writes('auth:changePassword')).toHaveLength(1);
    const withNew = await r.app.call(
      'auth:signIn',
      { username: 'nurse1', password: 'amber lantern meadow' },
      'check',
    );
    expect(withNew.ok).toBe(true);
    const withOld = await r.app.call('auth:signIn', { username: 'nurse1', password: OLD }, 'check2');
    expect(withOld.ok).toBe(false);
    const audited = r.app.dispatcher.conn.sqlite
      .prepare("SELECT user_name FROM audit_log WHERE action = 'auth.password-change'")
      .pluck()
      .all();
    expect(audited).toEqual(['Test nurse']);
  });
});
