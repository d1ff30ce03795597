import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, contract } from '../../shared/ipc/contract';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  await signedInAs(app, 'admin', 'admin');
  await signedInAs(app, 'consultant', 'clinician');
  await app.ok(
    'patients:create',
    {
      nhsNumber: '9434765919',
      surname: 'Smith',
      forename: 'Jo',
      dateOfBirth: '1960-02-29',
      sex: 'female',
      allergies: [],
    },
    'clinician',
  );
});
afterAll(async () => app.close());

/**
 * The whole database as bytes (WAL included): "changes nothing" means these stay identical. Compared as
 * buffers (base64 strings cost twice the time), and each check's "after" is the next one's "before".
 */
const snapshot = () => app.dispatcher.conn.sqlite.serialize();

const MALFORMED: unknown[] = [
  'a string',
  42,
  [],
  true,
  { unexpectedKey: 1 },
  { id: -1 },
  { id: 'one' },
  { query: 7 },
  { password: null },
];

describe('every contract channel', () => {
  it('has a summary and a declared access rule', () => {
    for (const ch of CHANNELS) {
      expect(contract[ch].summary.length).toBeGreaterThan(5);
      expect(contract[ch].access).toBeTruthy();
    }
  });

  it.each(CHANNELS)(
    '%s rejects malformed input with a typed VALIDATION error and changes nothing',
    async (channel) => {
      let before = snapshot();
      for (const session of ['admin', 'clinician', 'anonymous']) {
        for (const payload of MALFORMED) {
          const parsed = contract[channel].input.safeParse(payload);
          if (parsed.success) continue; // e.g. {} shapes that really are valid for this channel
          const r = await app.dispatcher.dispatch(session, channel, payload);
          expect(r.ok, `${channel} accepted ${JSON.stringify(payload)}`).toBe(false);
          if (!r.ok) {
            expect(r.error.code).toBe('VALIDATION');
            expect(typeof r.error.message).toBe('string');
            expect(r.error.fields).toBeTypeOf('object');
          }
          const after = snapshot();
          expect(after.equals(before), `${channel} changed the database (${JSON.stringify(payload)})`).toBe(
            true,
          );
          before = after;
        }
      }
    },
  );

  it('answers an unknown operation with UNKNOWN_CHANNEL', async () => {
    for (const ch of ['sql:run', '__proto__', 'constructor', '', 'patients:delete']) {
      const r = await app.dispatcher.dispatch('admin', ch, {});
      expect(r).toEqual({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'Unknown operation.' } });
    }
  });
});
