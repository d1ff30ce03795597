import { afterEach, expect, it } from 'vitest';
import type { ServerEvent } from '../../server/client';
import { describeEachEngine } from '../helpers/engines';
import { JO } from '../helpers/seed';
import { eventually, PASSWORD, startTestServers, type TestClient, type TestServers } from '../helpers/server';

/**
 * Two server instances on one PostgreSQL database (issue 19): what a client of one changes, a client of the
 * other sees at once (LISTEN/NOTIFY), and two people saving the same record get a conflict, not an overwrite.
 */
describeEachEngine('two server instances', (engine) => {
  if (engine === 'sqlite') {
    it.skip('need PostgreSQL (a SQLite file serves one instance)', () => undefined);
    return;
  }
  let t: TestServers;
  afterEach(async () => {
    await t?.close();
  });

  async function team(): Promise<{ one: TestClient; two: TestClient }> {
    t = await startTestServers(engine, 2);
    const one = t.client(0);
    const two = t.client(1);
    await one.ok(
      'setup:createFirstAdmin',
      { username: 'admin', displayName: 'Admin', password: PASSWORD },
      'admin',
    );
    for (const [username, displayName] of [
      ['nurse1', 'Sam Nurse'],
      ['consultant1', 'Dr Lee'],
    ] as const)
      await one.ok(
        'users:create',
        { username, displayName, role: username === 'nurse1' ? 'nurse' : 'consultant', password: PASSWORD },
        'admin',
      );
    await one.ok('auth:signIn', { username: 'nurse1', password: PASSWORD });
    await two.ok('auth:signIn', { username: 'consultant1', password: PASSWORD });
    return { one, two };
  }

  it("a write through one instance reaches the other instance's clients at once", async () => {
    const { one, two } = await team();
    const seen: ServerEvent[] = [];
    const stop = one.remote.watch('window-1', (e) => seen.push(e));
    await eventually(() => t.servers[0]!.streams() === 1);
    const p = await two.ok('patients:create', JO);
    const event = await eventually(() => seen.find((e) => e.event === 'change'), 8000);
    // `by` tells the writer's own window its echo (a hash of the writer's token, never the token).
    expect(event.data).toEqual({
      kind: 'write',
      channel: 'patients:create',
      patientId: p.id,
      by: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    stop();
  });

  it('a session ended through one instance is ended on the other at once (its change stream is told)', async () => {
    const { one } = await team();
    const seen: ServerEvent[] = [];
    one.remote.watch('window-1', (e) => seen.push(e));
    await eventually(() => t.servers[0]!.streams() === 1);
    // The administrator, on the other instance, deactivates the nurse.
    const admin = t.client(1);
    await admin.ok('auth:signIn', { username: 'admin', password: PASSWORD }, 'admin');
    const nurse = (await admin.ok('users:list', {}, 'admin')).find((u) => u.username === 'nurse1')!;
    await admin.ok('users:update', { id: nurse.id, version: nurse.version, active: false }, 'admin');
    await eventually(() => seen.find((e) => e.event === 'signed-out'), 8000);
    expect(await one.call('patients:search', { query: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
  });

  it('a shorter lock time saved through one instance applies on the other at once', async () => {
    // Failed before the change feed: the other instance kept its cached 10 minutes.
    const { one } = await team();
    await one.ok('patients:search', { query: 'x' }); // instance 1 has read the lock time (10 minutes)
    const admin = t.client(1);
    await admin.ok('auth:signIn', { username: 'admin', password: PASSWORD }, 'admin');
    await admin.ok('settings:update', { version: 0, lockAfterMinutes: 5 }, 'admin');
    await new Promise((r) => setTimeout(r, 300)); // the notification's way back
    t.clock.now = new Date(t.clock.now.getTime() + 6 * 60_000);
    expect(await one.call('patients:search', { query: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'LOCKED' },
    });
  });

  it('two people saving the same record: the second save is refused and says who changed it', async () => {
    const { one, two } = await team();
    const p = await one.ok('patients:create', JO);
    const mine = await one.ok('patients:get', { id: p.id });
    const theirs = await two.ok('patients:get', { id: p.id });
    expect([mine.version, theirs.version]).toEqual([1, 1]);
    await two.ok('patients:update', {
      id: p.id,
      version: theirs.version,
      patient: { ...JO, postcode: 'LS1 4AP' },
    });
    const second = await one.call('patients:update', {
      id: p.id,
      version: mine.version,
      patient: { ...JO, postcode: 'LS6 2QB' },
    });
    expect(second.ok).toBe(false);
    if (!second.ok) {
      expect(second.error.code).toBe('CONFLICT');
      // The clock stands at 10:00 UTC on 21 November 2026 (GMT in London: 10:00).
      expect(second.error.message).toBe(
        'Dr Lee changed this record at 10:00 on 21-Nov-2026 while you were editing (postcode). Their change is kept and yours was not saved: reopen the record, check it, and make your change again.',
      );
    }
    const now = await one.ok('patients:get', { id: p.id });
    expect(now).toMatchObject({ version: 2, postcode: 'LS1 4AP' });
  });
});
