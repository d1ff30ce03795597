import { afterEach, beforeEach, expect, it } from 'vitest';
import { AUDIT_COUNT_CAP } from '../../shared/ipc/audit';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';

/**
 * Issue 17, the read audit at scale: on the 100,000-patient database (1,000,000 audit rows) every Audit
 * screen page counted the whole table, 0.8 s median and 1.5 s p95 (bench/results/read-audit-100k.md). The
 * count now stops at 10,000 and says "more".
 */
let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
  await signedInAs(app, 'admin', 'admin');
});
afterEach(async () => app.close());

it('counts matching events up to 10,000 and says there are more', async () => {
  const insert = app.dispatcher.conn.sqlite.prepare(
    "INSERT INTO audit_log (at, action, entity, after_json) VALUES ('2026-11-20T09:00:00.000Z', 'auth.sign-in-failed', 'auth', '{\"attemptedName\":\"x\"}')",
  );
  app.dispatcher.conn.sqlite.transaction(() => {
    for (let i = 0; i < AUDIT_COUNT_CAP + 5; i += 1) insert.run();
  })();
  const page = await app.ok(
    'audit:search',
    { userId: null, patient: '', group: 'sign-in-failed', offset: 0, limit: 50 },
    'admin',
  );
  expect(page.items).toHaveLength(50);
  expect(page.total).toBe(10_000);
  expect(page.more).toBe(true);
  const few = await app.ok('audit:search', { userId: null, patient: '', group: 'accounts' }, 'admin');
  expect(few.more).toBe(false);
  expect(few.total).toBeLessThan(10);
});
