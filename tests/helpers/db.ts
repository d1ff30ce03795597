import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDispatcher, type Dispatcher } from '../../db/dispatcher';
import type { Engine } from '../../db/connection';
import { freshDatabase, TEST_ENGINE } from './engines';
import type { Channel, RequestOf, ResponseOf } from '../../shared/ipc/contract';
import type { Result } from '../../shared/result';

/** A fresh folder per test file; the name has a space in it on purpose, to catch path bugs. */
export function tempDir(prefix = 'alongside test '): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A cheap scrypt cost for tests (the app uses 2^16). */
export const TEST_PASSWORD_COST = { N: 1 << 10 };

export interface TestApp {
  dispatcher: Dispatcher;
  file: string;
  dir: string;
  clock: { now: Date };
  call<C extends Channel>(
    channel: C,
    payload: RequestOf<C>,
    sessionKey?: string,
  ): Promise<Result<ResponseOf<C>>>;
  /** Calls and unwraps, failing the test with the error if the call failed. */
  ok<C extends Channel>(channel: C, payload: RequestOf<C>, sessionKey?: string): Promise<ResponseOf<C>>;
  close(): Promise<void>;
}

/**
 * A real database migrated from zero behind the real dispatcher: a SQLite file (the default), or a fresh
 * PostgreSQL database (tests/helpers/engines.ts; `file` and `dir` are then empty strings).
 */
export async function createTestApp(engine: Engine = TEST_ENGINE): Promise<TestApp> {
  const fresh = await freshDatabase(engine);
  const { conn } = fresh;
  const file = fresh.file ?? '';
  const dir = fresh.dir ?? '';
  const clock = { now: new Date('2026-11-21T10:00:00Z') };
  const dispatcher = createDispatcher(conn, { passwordCost: TEST_PASSWORD_COST, now: () => clock.now });
  const call = (channel: Channel, payload: unknown, sessionKey = 'test') =>
    dispatcher.dispatch(sessionKey, channel, payload);
  return {
    dispatcher,
    file,
    dir,
    clock,
    call: call as TestApp['call'],
    ok: (async (channel: Channel, payload: unknown, sessionKey?: string) => {
      const r = await call(channel, payload, sessionKey);
      if (!r.ok)
        throw new Error(
          `${channel} failed: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.fields ?? {})}`,
        );
      return r.value;
    }) as TestApp['ok'],
    async close() {
      await fresh.cleanup();
    },
  };
}

/** Creates the first admin, then a user of `role`, and signs that user in on `sessionKey`. */
export async function signedInAs(
  app: TestApp,
  role: 'consultant' | 'nurse' | 'admin' | 'coordinator' | 'physiotherapist' = 'consultant',
  sessionKey = 'test',
) {
  const status = await app.ok('setup:status', {});
  if (status.needsFirstAdmin)
    await app.ok(
      'setup:createFirstAdmin',
      { username: 'admin', displayName: 'Admin', password: 'correct horse battery' },
      'setup',
    );
  if (role === 'admin')
    return app.ok('auth:signIn', { username: 'admin', password: 'correct horse battery' }, sessionKey);
  const username = `${role}1`;
  const existing = (await app.ok('users:list', {}, 'setup')).find((u) => u.username === username);
  if (!existing)
    await app.ok(
      'users:create',
      { username, displayName: `Test ${role}`, role, password: 'correct horse battery' },
      'setup',
    );
  return app.ok('auth:signIn', { username, password: 'correct horse battery' }, sessionKey);
}
