import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { connectToServer, CERTIFICATE_MESSAGE, UNREACHABLE_MESSAGE } from '../../server/client';
import { makeSelfSigned } from '../../server/tls';
import { describeEachEngine, rawRows } from '../helpers/engines';
import { tempDir } from '../helpers/db';
import { JO } from '../helpers/seed';
import { eventually, PASSWORD, startTestServers, type TestServers } from '../helpers/server';

/**
 * The team server (issue 19): the same dispatcher over HTTPS, sessions in the database. These run on both
 * engines (a single instance on a SQLite file is the "try it out" mode; PostgreSQL is team mode).
 */
describeEachEngine('team server', (engine) => {
  let t: TestServers;
  afterEach(async () => {
    await t?.close();
  });

  /** The first administrator (window 'admin'), who adds a consultant signed in on 'window-1'. */
  async function firstAdmin(client = t.client()) {
    await client.ok(
      'setup:createFirstAdmin',
      { username: 'admin', displayName: 'Admin', password: PASSWORD },
      'admin',
    );
    await client.ok(
      'users:create',
      { username: 'consultant1', displayName: 'Dr Consultant', role: 'consultant', password: PASSWORD },
      'admin',
    );
    await client.ok('auth:signIn', { username: 'consultant1', password: PASSWORD });
    return client;
  }

  it('answers named operations through the same dispatcher, with the same envelopes', async () => {
    t = await startTestServers(engine);
    const c = t.client();
    expect(await c.ok('setup:status', {})).toMatchObject({ needsFirstAdmin: true });
    await firstAdmin(c);
    expect(c.remote.hasSession('window-1')).toBe(true);
    const created = await c.ok('patients:create', JO);
    expect(created).toMatchObject({ surname: 'Smith', version: 1 });
    const page = await c.ok('patients:search', { query: 'Smith' });
    expect(page.items.map((p) => p.id)).toEqual([created.id]);
    // A request that fails validation gets the dispatcher's field messages, as on the desktop.
    const bad = await c.call('patients:create', { ...JO, surname: '' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('VALIDATION');
      expect(Object.keys(bad.error.fields ?? {})).toContain('surname');
    }
    const unknown = await c.call('no:such' as never, {} as never);
    expect(unknown).toEqual({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'Unknown operation.' } });
    // Audited as on the desktop: the sign-in and the creation, by the signed-in user.
    const audit = await rawRows(
      t.db.conn,
      "SELECT action, user_name FROM audit_log WHERE action IN ('auth.sign-in', 'patient.create') ORDER BY id",
    );
    expect(audit).toEqual([
      { action: 'auth.sign-in', user_name: 'Admin' },
      { action: 'auth.sign-in', user_name: 'Dr Consultant' },
      { action: 'patient.create', user_name: 'Dr Consultant' },
    ]);
  });

  it('refuses without a session, and each window has its own', async () => {
    t = await startTestServers(engine);
    const c = await firstAdmin();
    const other = await c.call('patients:search', { query: 'x' }, 'window-2');
    expect(other).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'Please sign in.' },
    });
    // A made-up token is no session either.
    const forged = await fetchJson(t.servers[0]!.url, 'patients:search', { query: 'x' }, 'A'.repeat(43));
    expect(forged).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('keeps sessions in the database by token hash, never the token; sign-out ends the session', async () => {
    t = await startTestServers(engine);
    const c = await firstAdmin();
    const rows = await rawRows(
      t.db.conn,
      "SELECT token_hash, username, locked FROM sessions WHERE username = 'consultant1'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ username: 'consultant1', locked: 0 });
    expect(String(rows[0]!.token_hash)).toMatch(/^[0-9a-f]{64}$/);
    await c.ok('auth:signOut', {});
    expect(
      await rawRows(t.db.conn, "SELECT token_hash FROM sessions WHERE username = 'consultant1'"),
    ).toEqual([]);
    expect(c.remote.hasSession('window-1')).toBe(false);
    expect(await c.call('patients:search', { query: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
  });

  it('locks after the lock time, and ends a session 12 hours after sign-in however active', async () => {
    t = await startTestServers(engine);
    const c = await firstAdmin();
    // Default lock time 10 minutes (shared/domain/user.ts DEFAULT_SETTINGS).
    t.clock.now = new Date('2026-11-21T10:09:00Z');
    await c.ok('patients:search', { query: 'x' });
    t.clock.now = new Date('2026-11-21T10:19:30Z'); // 10.5 minutes after the last request
    expect(await c.call('patients:search', { query: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'LOCKED' },
    });
    expect(await rawRows(t.db.conn, "SELECT locked FROM sessions WHERE username = 'consultant1'")).toEqual([
      { locked: 1 },
    ]);
    await c.ok('auth:unlock', { password: PASSWORD });
    await c.ok('patients:search', { query: 'x' });
    // Signed in at 10:00; at 22:00 the session has ended (every few minutes active in between or not).
    for (const time of ['12:00', '14:00', '16:00', '18:00', '20:00', '21:59']) {
      t.clock.now = new Date(`2026-11-21T${time}:00Z`);
      await c.ok('auth:unlock', { password: PASSWORD });
      await c.ok('patients:search', { query: 'x' });
    }
    t.clock.now = new Date('2026-11-21T22:00:01Z');
    expect(await c.call('patients:search', { query: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(
      await rawRows(t.db.conn, "SELECT token_hash FROM sessions WHERE username = 'consultant1'"),
    ).toEqual([]);
  });

  it('serves only over HTTPS: plain HTTP gets no answer', async () => {
    t = await startTestServers(engine);
    const port = t.servers[0]!.port;
    const outcome = await new Promise<string>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api', method: 'POST' }, (res) =>
        resolve(`answered ${res.statusCode}`),
      );
      req.on('error', () => resolve('refused'));
      req.end('{}');
    });
    expect(outcome).toBe('refused');
  });
});

describe('the desktop side of the connection', () => {
  it('refuses a server whose certificate is not the trust authority', async () => {
    const t = await startTestServers('sqlite');
    try {
      const { dir, cleanup } = tempDir();
      const other = makeSelfSigned(dir);
      cleanup();
      const remote = connectToServer({ url: t.servers[0]!.url, ca: other.cert });
      expect(await remote.request('w', 'setup:status', {})).toEqual({
        ok: false,
        error: { code: 'INTERNAL', message: CERTIFICATE_MESSAGE },
      });
      await remote.close();
    } finally {
      await t.close();
    }
  });

  it('says clearly that nothing was saved when the server cannot be reached', async () => {
    const remote = connectToServer({ url: 'https://127.0.0.1:9' });
    expect(await remote.request('w', 'patients:create', JO)).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: UNREACHABLE_MESSAGE },
    });
    await remote.close();
  });

  it('is HTTPS only', () => {
    expect(() => connectToServer({ url: 'http://127.0.0.1:8443' })).toThrow(/HTTPS only/);
  });
});

/** A raw request with a chosen bearer token (the client never sends a made-up one). */
async function fetchJson(url: string, operation: string, payload: unknown, token: string): Promise<unknown> {
  const { request } = await import('node:https');
  const { testCertificate } = await import('../helpers/server');
  return new Promise((resolve, reject) => {
    const req = request(
      new URL('/api', url),
      {
        method: 'POST',
        ca: testCertificate().cert,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(JSON.parse(body)));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ operation, payload }));
  });
}

export { eventually };
