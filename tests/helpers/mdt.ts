import type { TestApp } from './db';

/** The MDT service tests' shared setup: session keys, staff, patients and a clock that re-signs people in. */

export const CHAIR = 'chair';
export const COORD = 'coord';
export const MDT_PASSWORD = 'correct horse battery';

/** Creates a user (as the first administrator, session 'setup') and returns their id. */
export async function mdtUser(app: TestApp, username: string, role: string): Promise<number> {
  const u = await app.ok(
    'users:create',
    { username, displayName: `Dr ${username}`, role: role as 'nurse', password: MDT_PASSWORD },
    'setup',
  );
  return u.id;
}

/** Registers a patient (as the coordinator) with the details the MDT letters need. */
export function mdtPatient(app: TestApp, surname: string, extra: Record<string, unknown> = {}) {
  return app.ok(
    'patients:create',
    {
      surname,
      forename: 'Alex',
      dateOfBirth: '1970-05-01',
      sex: 'female',
      gpPractice: 'Riverside Surgery',
      diagnosisSite: 'Lower back',
      ...extra,
    },
    COORD,
  );
}

/** Moves the clock (sessions would lock after inactivity, so the chair and coordinator sign in again). */
export async function setMdtClock(app: TestApp, iso: string): Promise<void> {
  app.clock.now = new Date(iso);
  for (const [username, key] of [
    ['consultant1', CHAIR],
    ['coordinator1', COORD],
  ] as const) {
    await app.ok('auth:signIn', { username, password: MDT_PASSWORD }, key);
  }
}
