import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dispatcher } from '../../../db/dispatcher';
import { connectionHost } from '../../../electron/main/connection';
import { ConnectionPage } from '../../../renderer/src/features/admin/ConnectionPanel';
import { CERTIFICATE_MESSAGE } from '../../../server/client';
import { makeSelfSigned } from '../../../server/tls';
import { startTestServers, testCertificate, type TestServers } from '../../helpers/server';
import { renderScreen, rendererApp, SESSION, type RendererApp } from '../harness';
import { connect } from '../transport';

/**
 * Settings → Connection (issue 19): an administrator connects this workstation to the service's server,
 * through the real dispatcher and the real connection host (electron/main/connection.ts), against a real
 * team server over HTTPS.
 */
describe('where this workstation’s data is kept (Settings → Connection)', () => {
  let r: RendererApp;
  let t: TestServers;
  let dir: string;
  let caFile: string;
  async function withHost(role: 'admin' | 'consultant') {
    r = await rendererApp(role);
    t = await startTestServers('sqlite');
    const host = connectionHost({
      userData: dir,
      env: {},
      dispatch: (k, c, p) => r.app.dispatcher.dispatch(k, c, p),
      afterSave: 'Alongside restarts in a moment to use it.',
    });
    const dispatcher = {
      ...r.app.dispatcher,
      dispatch: (k: string, c: unknown, p: unknown) =>
        host.handles(c) ? host.handle(k, c as string, p) : r.app.dispatcher.dispatch(k, c, p),
    } as Dispatcher;
    connect({ dispatcher, sessionKey: SESSION, sent: r.sent });
  }
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'alongside-connection-'));
    caFile = join(dir, 'trust-ca.pem');
    writeFileSync(caFile, testCertificate().cert);
  });
  afterEach(async () => {
    await t?.close();
    await r?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an administrator tests the server, is told plainly when the authority is wrong, and saves', async () => {
    await withHost('admin');
    const { user } = await renderScreen(<ConnectionPage />);
    await user.click(await screen.findByLabelText(/Connect to our service’s server/));
    // An http:// address is refused next to the field, before anything is sent.
    await user.type(screen.getByLabelText('Server address'), 'http://alongside.trust.nhs.uk');
    await user.click(screen.getByRole('button', { name: 'Test the connection' }));
    expect(
      await screen.findByText(
        'The address must start with https://: patient data never crosses the network unencrypted.',
      ),
    ).toBeTruthy();
    await user.clear(screen.getByLabelText('Server address'));
    await user.type(screen.getByLabelText('Server address'), t.servers[0]!.url);
    // Another authority's certificate: the server is not trusted.
    const other = makeSelfSigned(join(dir, 'other'));
    await user.type(screen.getByLabelText('Certificate authority file'), other.certFile);
    await user.click(screen.getByRole('button', { name: 'Test the connection' }));
    expect((await screen.findByRole('alert')).textContent).toBe(CERTIFICATE_MESSAGE);
    await user.clear(screen.getByLabelText('Certificate authority file'));
    await user.type(screen.getByLabelText('Certificate authority file'), caFile);
    await user.click(screen.getByRole('button', { name: 'Test the connection' }));
    expect(
      await screen.findByText(
        /^Connected: the Alongside server answered and its certificate is the trust’s\./,
      ),
    ).toBeTruthy();
    expect(existsSync(join(dir, 'team-server.json'))).toBe(false); // a test saves nothing
    await user.click(screen.getByRole('button', { name: 'Save where the data is kept' }));
    expect(await screen.findByText('Saved. Alongside restarts in a moment to use it.')).toBeTruthy();
    expect(JSON.parse(readFileSync(join(dir, 'team-server.json'), 'utf8'))).toEqual({
      url: t.servers[0]!.url,
      caFile,
    });
  });

  it('anyone else sees the choice but cannot change it', async () => {
    await withHost('consultant');
    await renderScreen(<ConnectionPage />);
    expect(
      await screen.findByText('Only an administrator can change where this workstation’s data is kept.'),
    ).toBeTruthy();
    expect((screen.getByLabelText(/This computer only/) as HTMLInputElement).disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save where the data is kept' })).toBeNull();
  });
});
