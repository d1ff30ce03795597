import { afterEach, expect, it } from 'vitest';
import { describeEachEngine } from '../helpers/engines';
import { JO } from '../helpers/seed';
import { PASSWORD, startTestServers, type TestServers } from '../helpers/server';

/**
 * Many workstations at once on the team server (issue 19, found by bench/server-100k.ts): after each request
 * the server saves the session's last activity. Under serializable isolation PostgreSQL refused those saves
 * when requests overlapped, AFTER the request's own change had been committed, so a saved change came back
 * "nothing was saved".
 */
describeEachEngine('overlapping requests from many workstations', (engine) => {
  let t: TestServers;
  afterEach(async () => {
    await t?.close();
  });

  it('every overlapping request is answered, and every acknowledged save is in the database', async () => {
    t = await startTestServers(engine, 1);
    const admin = t.client(0);
    await admin.ok(
      'setup:createFirstAdmin',
      { username: 'admin', displayName: 'Admin', password: PASSWORD },
      'a',
    );
    const windows = Array.from({ length: 8 }, () => t.client(0));
    for (let i = 0; i < windows.length; i++) {
      await admin.ok(
        'users:create',
        { username: `nurse${i}`, displayName: `Nurse ${i}`, role: 'nurse', password: PASSWORD },
        'a',
      );
      await windows[i]!.ok('auth:signIn', { username: `nurse${i}`, password: PASSWORD });
    }
    const p = await windows[0]!.ok('patients:create', JO);
    // 8 workstations x 6 requests each, all in flight together: reads and new patients.
    const results = await Promise.all(
      windows.flatMap((w, i) =>
        Array.from({ length: 6 }, (_, n) =>
          n % 3 === 2
            ? w.call('patients:create', { ...JO, nhsNumber: undefined, forename: `W${i}N${n}` })
            : w.call('patients:get', { id: p.id }),
        ),
      ),
    );
    const failures = results.filter((r) => !r.ok).map((r) => !r.ok && `${r.error.code} ${r.error.message}`);
    expect(failures).toEqual([]);
    // 1 + 8 x 2 new patients acknowledged (hand count: n = 2 and n = 5 of each workstation).
    const rows = await t.db.conn.db.selectFrom('patients').select('id').execute();
    expect(rows).toHaveLength(17);
  });
});
