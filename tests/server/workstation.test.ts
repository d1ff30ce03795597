import { afterEach, expect, it } from 'vitest';
import { connectToServer } from '../../server/client';
import { describeEachEngine, rawRows } from '../helpers/engines';
import { JO } from '../helpers/seed';
import { PASSWORD, startTestServers, testCertificate, type TestServers } from '../helpers/server';

/**
 * Issue 19: in team mode each audit row records which workstation made the request: the name the desktop
 * declares and the address the server saw (here 127.0.0.1, the loopback the test connects from).
 */
describeEachEngine('workstation in audit rows', (engine) => {
  let t: TestServers;
  afterEach(async () => {
    await t?.close();
  });

  it('records the declared workstation name and the address the server saw, and the Audit screen shows it', async () => {
    t = await startTestServers(engine);
    const remote = connectToServer({
      url: t.servers[0]!.url,
      ca: testCertificate().cert,
      workstation: 'PAIN-CLINIC-03',
    });
    const ok = async (channel: string, payload: unknown, key: string) => {
      const r = await remote.request(key, channel, payload);
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
      return r.value;
    };
    await ok(
      'setup:createFirstAdmin',
      { username: 'admin', displayName: 'Admin', password: PASSWORD },
      'admin',
    );
    await ok(
      'users:create',
      { username: 'consultant1', displayName: 'Dr Consultant', role: 'consultant', password: PASSWORD },
      'admin',
    );
    await ok('auth:signIn', { username: 'consultant1', password: PASSWORD }, 'w');
    await ok('patients:create', JO, 'w');
    const rows = await rawRows(
      t.db.conn,
      "SELECT workstation FROM audit_log WHERE action = 'patient.create'",
    );
    expect(rows).toEqual([{ workstation: 'PAIN-CLINIC-03 (127.0.0.1)' }]);

    // The Audit screen's rows carry it (an administrator reviews).
    const page = (await ok('audit:search', { group: null }, 'admin')) as {
      items: { action: string; workstation: string | null }[];
    };
    expect(page.items.find((i) => i.action === 'patient.create')?.workstation).toBe(
      'PAIN-CLINIC-03 (127.0.0.1)',
    );
    await remote.close();
  });
});
