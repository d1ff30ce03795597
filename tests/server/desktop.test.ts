import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRemoteHost, teamServerSetting } from '../../electron/main/team';
import { startPreviewServer } from '../../electron/preview/server';
import { connectToServer } from '../../server/client';
import { tempDir } from '../helpers/db';
import { eventually, PASSWORD, startTestServers, testCertificate, type TestServers } from '../helpers/server';

/**
 * The desktop's side of team mode, tested in Node (there is no Electron binary here): the main process's
 * remote host and the browser preview, pointed at a team server, carry the renderer's named operations
 * unchanged and answer with the server's envelopes.
 */
describe('desktop connected to a team server', () => {
  let t: TestServers;
  const cleanups: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    await t?.close();
  });

  it('the browser preview with --server sends the renderer’s requests to the server', async () => {
    t = await startTestServers('sqlite');
    const remote = connectToServer({ url: t.servers[0]!.url, ca: testCertificate().cert });
    const { dir, cleanup } = tempDir();
    const preview = await startPreviewServer({
      dispatcher: { dispatch: (k, c, p) => remote.request(k, c, p) },
      staticDir: join(dir, 'no-renderer'),
    });
    cleanups.push(
      cleanup,
      () => remote.close(),
      () => preview.close(),
    );
    const api = async (channel: string, payload: unknown, tab = 'tab-1') => {
      const r = await fetch(`http://127.0.0.1:${preview.port}/api/${channel}`, {
        method: 'POST',
        body: JSON.stringify(payload),
        headers: {
          Cookie: `alongside_token=${preview.token}`,
          'X-Alongside-Token': preview.token,
          'X-Alongside-Session': tab,
        },
      });
      return r.json() as Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
    };
    expect(await api('setup:status', {})).toMatchObject({ ok: true, value: { needsFirstAdmin: true } });
    expect(
      await api('setup:createFirstAdmin', { username: 'admin', displayName: 'Admin', password: PASSWORD }),
    ).toMatchObject({ ok: true, value: { user: { username: 'admin' } } });
    expect(await api('users:list', {})).toMatchObject({ ok: true });
    // Another tab is another window: not signed in.
    expect(await api('users:list', {}, 'tab-2')).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    // The session is the server's (in its database), not the preview's.
    expect(t.servers[0]!.dispatcher.sessions.get('preview:tab-1')).toBeNull();
  });

  it("the browser preview passes on the server's change stream: another tab's save is heard, its own is not", async () => {
    t = await startTestServers('sqlite');
    const remote = connectToServer({ url: t.servers[0]!.url, ca: testCertificate().cert });
    const { dir, cleanup } = tempDir();
    const preview = await startPreviewServer({
      dispatcher: { dispatch: (k, c, p) => remote.request(k, c, p) },
      watch: (k, onEvent) => remote.watch(k, onEvent),
      staticDir: join(dir, 'no-renderer'),
    });
    const aborter = new AbortController();
    cleanups.push(
      cleanup,
      () => remote.close(),
      () => preview.close(),
      () => aborter.abort(),
    );
    const headers = (tab: string) => ({
      Cookie: `alongside_token=${preview.token}`,
      'X-Alongside-Token': preview.token,
      'X-Alongside-Session': tab,
    });
    const api = (channel: string, payload: unknown, tab: string) =>
      fetch(`http://127.0.0.1:${preview.port}/api/${channel}`, {
        method: 'POST',
        body: JSON.stringify(payload),
        headers: headers(tab),
      }).then((r) => r.json() as Promise<{ ok: boolean }>);
    await api(
      'setup:createFirstAdmin',
      { username: 'admin', displayName: 'Admin', password: PASSWORD },
      'tab-1',
    );
    await api('auth:signIn', { username: 'admin', password: PASSWORD }, 'tab-2');
    // Tab 2 listens (as the renderer's EventSource does: same origin, the cookie).
    const res = await fetch(`http://127.0.0.1:${preview.port}/events?session=tab-2`, {
      headers: { Cookie: `alongside_token=${preview.token}` },
      signal: aborter.signal,
    });
    expect(res.status).toBe(200);
    let text = '';
    const reader = res.body!.getReader();
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        text += new TextDecoder().decode(value);
      }
    })();
    await eventually(() => t.servers[0]!.streams() === 1, 5000);
    // Tab 2's own save is left out; tab 1's save reaches tab 2.
    expect(await api('settings:update', { version: 0, lockAfterMinutes: 12 }, 'tab-2')).toMatchObject({
      ok: true,
    });
    expect(await api('settings:update', { version: 1, lockAfterMinutes: 11 }, 'tab-1')).toMatchObject({
      ok: true,
    });
    await eventually(() => text.includes('event: change'), 5000);
    await new Promise((r) => setTimeout(r, 200));
    expect(text.match(/event: change/g)).toHaveLength(1);
    expect(text).toMatch(/"channel":"settings:update"/);
  });

  it('a preview on a local database has no change stream (204: the browser stops asking)', async () => {
    t = await startTestServers('sqlite'); // (closed after each test like the others)
    const { dir, cleanup } = tempDir();
    const preview = await startPreviewServer({
      dispatcher: { dispatch: async () => ({ ok: true, value: null }) },
      staticDir: join(dir, 'no-renderer'),
    });
    cleanups.push(cleanup, () => preview.close());
    const res = await fetch(`http://127.0.0.1:${preview.port}/events?session=tab-1`, {
      headers: { Cookie: `alongside_token=${preview.token}` },
    });
    expect(res.status).toBe(204);
  });

  it('the main process uses the configured server instead of the local file', async () => {
    t = await startTestServers('sqlite');
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const ca = join(dir, 'trust-ca.pem');
    writeFileSync(ca, testCertificate().cert);
    expect(teamServerSetting(dir, {})).toBeNull(); // "This computer only": the default
    writeFileSync(join(dir, 'team-server.json'), JSON.stringify({ url: t.servers[0]!.url, caFile: ca }));
    const setting = teamServerSetting(dir, {});
    expect(setting).toEqual({ url: t.servers[0]!.url, caFile: ca });
    const host = startRemoteHost(setting!);
    cleanups.push(() => host.close());
    expect(await host.request('window-1', 'setup:status', {})).toMatchObject({
      ok: true,
      value: { needsFirstAdmin: true },
    });
    writeFileSync(join(dir, 'team-server.json'), JSON.stringify({ url: 'http://server:80' }));
    expect(() => teamServerSetting(dir, {})).toThrow(/https/);
    expect(
      teamServerSetting(dir, { ALONGSIDE_SERVER_URL: 'https://a:1', ALONGSIDE_SERVER_CA: '/ca.pem' }),
    ).toEqual({
      url: 'https://a:1',
      caFile: '/ca.pem',
    });
  });
});
