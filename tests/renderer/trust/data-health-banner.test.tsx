import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Shell } from '../../../renderer/src/app/Shell';
import { raiseAlert } from '../../../db/health';
import { rendererApp, renderScreen, type RendererApp } from '../harness';

/**
 * Issue 17: "a failed backup [is] shown to administrators in the app": before, only on the Data and backups
 * screen. The banner now shows on every screen for those who look after the data.
 */

let r: RendererApp;
afterEach(() => r.close());

describe('Data-health banner (renderer, real dispatcher)', () => {
  it('an administrator sees a failed daily backup on any screen, with a way to the Data screen', async () => {
    r = await rendererApp('admin');
    raiseAlert(r.app.file, {
      kind: 'backup-failed',
      at: '2026-11-21T02:00:00Z',
      message: 'The backup folder could not be written.',
    });
    await renderScreen(
      <Shell>
        <p>Users</p>
      </Shell>,
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(
      /The daily backup failed \(21-Nov-2026 02:00\): The backup folder could not be written\./,
    );
    expect(screen.getByRole('link', { name: 'Open Data and backups' })).toBeTruthy();
  });

  it('a nurse is not shown it (and the app does not ask for it)', async () => {
    r = await rendererApp('nurse');
    raiseAlert(r.app.file, { kind: 'backup-failed', at: '2026-11-21T02:00:00Z', message: 'x' });
    await renderScreen(
      <Shell>
        <p>Patients</p>
      </Shell>,
    );
    await screen.findByText('Patients', { selector: 'p' });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(r.sent.some((s) => s.channel === 'data:alerts')).toBe(false);
  });
});
