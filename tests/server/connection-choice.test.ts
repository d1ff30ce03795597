import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectionHost, testServerConnection } from '../../electron/main/connection';
import { teamServerSetting } from '../../electron/main/team';
import { CERTIFICATE_MESSAGE, UNREACHABLE_MESSAGE } from '../../server/client';
import { makeSelfSigned } from '../../server/tls';
import { checkServerAddress, CONNECTION_CHANNELS } from '../../shared/connection';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { startTestServers, testCertificate, type TestServers } from '../helpers/server';

/**
 * The workstation's connection choice (issue 19): "This computer only" or "Connect to our service's server"
 * (address and the trust's certificate authority), kept by the desktop app's main process, changed at first
 * run or by an administrator, tested against a real team server before it is saved.
 */
describe('the server address', () => {
  it('takes https:// addresses only, and says why in words', () => {
    expect(checkServerAddress('https://alongside.trust.nhs.uk:8443')).toBeNull();
    expect(checkServerAddress('https://127.0.0.1:8443/')).toBeNull();
    expect(checkServerAddress('http://alongside.trust.nhs.uk')).toBe(
      'The address must start with https://: patient data never crosses the network unencrypted.',
    );
    // On this computer too: the server has no plain HTTP at all.
    expect(checkServerAddress('http://localhost:8443')).toBe(
      'The Alongside server answers over https:// only, even on this computer.',
    );
    expect(checkServerAddress('')).toMatch(/^Enter the server's address/);
    expect(checkServerAddress('alongside dot trust')).toMatch(/^That is not a web address/);
    expect(checkServerAddress('https://jo:secret@alongside.trust.nhs.uk')).toBe(
      'Leave the user name and password out of the address: each person signs in.',
    );
    expect(checkServerAddress('https://alongside.trust.nhs.uk/api?x=1')).toBe(
      'Give only the server’s address and port, without anything after them.',
    );
  });
});

describe('testing and saving the connection', () => {
  let t: TestServers | undefined;
  let app: TestApp | undefined;
  let dir: string;
  let caFile: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'alongside-connection-'));
    caFile = join(dir, 'trust-ca.pem');
    writeFileSync(caFile, testCertificate().cert);
  });
  afterEach(async () => {
    await t?.close();
    await app?.close();
    t = undefined;
    app = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('a real team server answers with the trust authority; another authority, a missing or wrong file, or no server are each said plainly', async () => {
    t = await startTestServers('sqlite');
    const url = t.servers[0]!.url;
    expect(await testServerConnection(url, caFile)).toEqual({
      ok: true,
      message:
        'Connected: the Alongside server answered and its certificate is the trust’s. It has no administrator yet: IT creates the first one before anyone can sign in.',
    });
    const other = makeSelfSigned(join(dir, 'other-authority'));
    expect(await testServerConnection(url, other.certFile)).toEqual({
      ok: false,
      message: CERTIFICATE_MESSAGE,
    });
    expect(await testServerConnection(url, join(dir, 'missing.pem'))).toEqual({
      ok: false,
      message: 'Nothing was tested: correct the details marked below.',
      fields: { caFile: 'There is no file at that place.' },
    });
    writeFileSync(join(dir, 'notes.txt'), 'ask IT');
    expect((await testServerConnection(url, join(dir, 'notes.txt'))).fields?.caFile).toMatch(
      /^That file is not a certificate authority’s certificate/,
    );
    // A closed port on this computer: nothing listens.
    expect(await testServerConnection('https://127.0.0.1:1', caFile)).toEqual({
      ok: false,
      message: UNREACHABLE_MESSAGE,
    });
  });

  it('at first run anyone may choose; afterwards only an administrator; IT’s setting is not changed here', async () => {
    t = await startTestServers('sqlite');
    app = await createTestApp('sqlite');
    const host = connectionHost({
      userData: dir,
      env: {},
      dispatch: (k, c, p) => app!.dispatcher.dispatch(k, c, p),
      afterSave: 'Alongside will now restart and connect.',
    });
    // First run: the local database has no administrator yet.
    expect(await host.handle('w', CONNECTION_CHANNELS.get, {})).toEqual({
      ok: true,
      value: { current: { mode: 'local' }, managedByIt: false, mayChange: true, canChooseFile: false },
    });
    const url = `${t.servers[0]!.url}/`;
    expect(await host.handle('w', CONNECTION_CHANNELS.save, { mode: 'server', url, caFile })).toEqual({
      ok: true,
      value: { ok: true, message: 'Saved. Alongside will now restart and connect.' },
    });
    // What the main process reads at its next start (electron/main/team.ts).
    expect(teamServerSetting(dir, {})).toEqual({ url: t.servers[0]!.url, caFile });
    expect(JSON.parse(readFileSync(join(dir, 'team-server.json'), 'utf8'))).toEqual({
      url: t.servers[0]!.url,
      caFile,
    });

    // Once there is an administrator: a consultant may look but not change.
    await signedInAs(app, 'consultant', 'consultant-window');
    const asConsultant = await host.handle('consultant-window', CONNECTION_CHANNELS.get, {});
    expect(asConsultant).toMatchObject({ ok: true, value: { mayChange: false } });
    expect(await host.handle('consultant-window', CONNECTION_CHANNELS.save, { mode: 'local' })).toEqual({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message: 'Only an administrator can change where this workstation’s data is kept.',
      },
    });
    expect(existsSync(join(dir, 'team-server.json'))).toBe(true);
    // A wrong file is refused before anything is saved.
    await signedInAs(app, 'admin', 'admin-window');
    const wrong = await host.handle('admin-window', CONNECTION_CHANNELS.save, {
      mode: 'server',
      url,
      caFile: join(dir, 'missing.pem'),
    });
    expect(wrong).toEqual({
      ok: true,
      value: {
        ok: false,
        message: 'Not saved. Nothing was tested: correct the details marked below.',
        fields: { caFile: 'There is no file at that place.' },
      },
    });
    expect(teamServerSetting(dir, {})).toEqual({ url: t.servers[0]!.url, caFile });
    // The administrator goes back to this computer only.
    expect(await host.handle('admin-window', CONNECTION_CHANNELS.save, { mode: 'local' })).toMatchObject({
      ok: true,
      value: { ok: true },
    });
    expect(existsSync(join(dir, 'team-server.json'))).toBe(false);

    const managed = connectionHost({
      userData: dir,
      env: { ALONGSIDE_SERVER_URL: 'https://alongside.trust.nhs.uk:8443' },
      dispatch: (k, c, p) => app!.dispatcher.dispatch(k, c, p),
      afterSave: '',
    });
    expect(await managed.handle('admin-window', CONNECTION_CHANNELS.get, {})).toMatchObject({
      ok: true,
      value: { managedByIt: true, mayChange: false },
    });
    expect(await managed.handle('admin-window', CONNECTION_CHANNELS.save, { mode: 'local' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});
