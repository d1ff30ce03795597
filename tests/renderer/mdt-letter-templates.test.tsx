import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LetterTemplates } from '../../renderer/src/features/mdt/Setup';
import { rendererApp, renderScreen, SESSION, type RendererApp } from './harness';

/** Issue 16: a clinical lead approves a shipped example letter template from the template screen. */
let r: RendererApp;
beforeEach(async () => {
  r = await rendererApp('consultant');
});
afterEach(() => r.close());

async function makeClinicalLead() {
  const me = (await r.app.ok('users:list', {}, 'setup')).find((u) => u.username === 'consultant1')!;
  await r.app.ok('users:update', { id: me.id, version: me.version, clinicalLead: true }, 'setup');
  // Changing a user's standing ends their sessions: sign in again.
  await r.app.ok('auth:signIn', { username: 'consultant1', password: 'correct horse battery' }, SESSION);
}

describe('Letter templates: approving an example for local use (renderer, real dispatcher)', () => {
  it('a clinical lead approves the GP template in use (one request on a double click); the row then names them', async () => {
    await makeClinicalLead();
    const { user } = await renderScreen(<LetterTemplates />);
    const table = await screen.findByRole('table', { name: 'Letter template versions' });
    expect(
      screen.getByText(/3 templates in use are an example not yet approved by your service/),
    ).toBeTruthy();
    const button = within(table).getByRole('button', { name: 'Approve v2.0.0 (GP) for local use' });
    await user.dblClick(button);
    // The list is read again after the approval (a slow machine may take a few seconds).
    await screen.findByText(/2 templates in use are an example/, {}, { timeout: 20_000 });
    expect(within(table).queryByRole('button', { name: 'Approve v2.0.0 (GP) for local use' })).toBeNull();
    const sent = r.writes('mdt:letterTemplates:approve');
    expect(sent).toHaveLength(1);
    // What is shown after save: the GP row, read back, names the approving lead.
    const gpRow = within(table)
      .getAllByRole('row')
      .find((row) => within(row).queryByText('v2.0.0') && within(row).queryByText('GP'))!;
    expect(within(gpRow).getByText(/^Test consultant, /)).toBeTruthy();
    // The other two stay waiting.
    expect(
      within(table).getByRole('button', { name: 'Approve v2.0.0 (Referrer) for local use' }),
    ).toBeTruthy();
  });

  it('a consultant who is not a clinical lead sees no Approve button, and is told who can approve', async () => {
    await renderScreen(<LetterTemplates />);
    const table = await screen.findByRole('table', { name: 'Letter template versions' });
    expect(within(table).queryByRole('button', { name: /^Approve / })).toBeNull();
    expect(screen.getByText(/A clinical lead who chairs the MDT can approve it\./)).toBeTruthy();
    expect(r.writes()).toHaveLength(0);
  });
});
