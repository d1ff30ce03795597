import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { connectionHost } from '../../electron/main/connection';
import { teamServerSetting } from '../../electron/main/team';
import { CONNECTION_CHANNELS } from '../../shared/connection';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';
import { describeEachEngine, rawRows } from '../helpers/engines';
import { startTestServers, testCertificate, type TestServers } from '../helpers/server';

/**
 * Issue 19: changing where a workstation's data is kept ("This computer only" <-> "Connect to our service's
 * server", or another address or certificate authority) is audited: who, when, from what to what, and no
 * secret (no certificate, no password). The row goes to the backend being LEFT, where the person is signed in
 * (here the dispatcher the host was given); a change that cannot be recorded is not made.
 */
describeEachEngine('changing the connection is audited', (engine) => {
  let t: TestServers;
  let app: TestApp;
  let dir: string;
  let caFile: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'alongside-connection-audit-'));
    caFile = join(dir, 'trust-ca.pem');
    writeFileSync(caFile, testCertificate().cert);
    t = await startTestServers('sqlite');
    app = await createTestApp(engine);
    app.clock.now = new Date('2026-12-07T14:30:00Z');
  });
  afterEach(async () => {
    await t.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = async () =>
    (
      await rawRows(
        app.dispatcher.conn,
        `SELECT at, user_name, user_role, action, entity, before_json, after_json FROM audit_log
          WHERE action = 'settings.connection' ORDER BY id`,
      )
    ).map((r) => ({
      at: r.at,
      user: r.user_name,
      role: r.user_role,
      entity: r.entity,
      from: JSON.parse(String(r.before_json)) as unknown,
      to: JSON.parse(String(r.after_json)) as unknown,
    }));

  it('first run, another authority, back to this computer: each change is one row, who, when, from and to', async () => {
    const host = connectionHost({
      userData: dir,
      env: {},
      dispatch: (k, c, p) => app.dispatcher.dispatch(k, c, p),
      afterSave: '',
    });
    const url = t.servers[0]!.url;
    // First run: nobody has an account yet, so nobody is named.
    expect(await host.handle('w', CONNECTION_CHANNELS.save, { mode: 'server', url, caFile })).toMatchObject({
      ok: true,
      value: { ok: true },
    });
    // An administrator points the workstation at the trust's renewed authority file.
    await signedInAs(app, 'admin', 'admin-window');
    const renewed = join(dir, 'trust-ca-2027.pem');
    copyFileSync(caFile, renewed);
    expect(
      await host.handle('admin-window', CONNECTION_CHANNELS.save, { mode: 'server', url, caFile: renewed }),
    ).toMatchObject({ ok: true, value: { ok: true } });
    // Saving the same again changes nothing, so records nothing.
    await host.handle('admin-window', CONNECTION_CHANNELS.save, { mode: 'server', url, caFile: renewed });
    // Back to this computer only.
    expect(await host.handle('admin-window', CONNECTION_CHANNELS.save, { mode: 'local' })).toMatchObject({
      ok: true,
      value: { ok: true },
    });
    const server = (ca: string) => ({ mode: 'server', url, caFile: ca });
    expect(await rows()).toEqual([
      {
        at: '2026-12-07T14:30:00.000Z',
        user: null,
        role: null,
        entity: 'workstation',
        from: { mode: 'local' },
        to: server(caFile),
      },
      {
        at: '2026-12-07T14:30:00.000Z',
        user: 'Admin',
        role: 'admin',
        entity: 'workstation',
        from: server(caFile),
        to: server(renewed),
      },
      {
        at: '2026-12-07T14:30:00.000Z',
        user: 'Admin',
        role: 'admin',
        entity: 'workstation',
        from: server(renewed),
        to: { mode: 'local' },
      },
    ]);
    // No secret: the certificate itself is never in the audit.
    const all = JSON.stringify(await rows());
    expect(all).not.toContain('BEGIN CERTIFICATE');
    expect(all).not.toContain('password');
  });

  it('nobody else may record a change; a change that cannot be recorded is not made', async () => {
    await signedInAs(app, 'consultant', 'consultant-window');
    const direct = await app.dispatcher.dispatch('consultant-window', 'settings:connectionChanged', {
      from: { mode: 'local' },
      to: { mode: 'server', url: 'https://alongside.trust.nhs.uk:8443', caFile: '/tmp/ca.pem' },
    });
    expect(direct).toEqual({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message: 'Only an administrator can change where this workstation’s data is kept.',
      },
    });
    await signedInAs(app, 'admin', 'admin-window');
    const failing = connectionHost({
      userData: dir,
      env: {},
      dispatch: (k, c, p) =>
        c === 'settings:connectionChanged'
          ? Promise.resolve({
              ok: false,
              error: { code: 'INTERNAL', message: 'The database did not answer.' },
            })
          : app.dispatcher.dispatch(k, c, p),
      afterSave: '',
    });
    const url = t.servers[0]!.url;
    expect(
      await failing.handle('admin-window', CONNECTION_CHANNELS.save, { mode: 'server', url, caFile }),
    ).toEqual({
      ok: true,
      value: {
        ok: false,
        message: 'Not saved: the change could not be recorded in the audit. The database did not answer.',
      },
    });
    expect(teamServerSetting(dir, {})).toBeNull();
    expect(await rows()).toEqual([]);
  });
});
