import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CHANNELS, contract, type Channel } from '../../shared/ipc/contract';
import type { ErrorCode } from '../../shared/result';
import { createTestApp, signedInAs, type TestApp } from '../helpers/db';

/**
 * Property-based fuzzing of EVERY contract channel (CHANNELS, so new modules are covered automatically):
 * random and adversarial payloads (wrong types, huge strings, unicode, prototype-pollution keys, SQL
 * fragments, impossible dates). Each invalid request must come back as a typed error (never a throw or
 * a crash) and leave the database byte-for-byte unchanged. FUZZ_RUNS sets the runs per channel (≥ 1,000
 * by default).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

const CODES: ErrorCode[] = [
  'VALIDATION',
  'UNKNOWN_CHANNEL',
  'UNAUTHENTICATED',
  'LOCKED',
  'FORBIDDEN',
  'BAD_CREDENTIALS',
  'NOT_FOUND',
  'CONFLICT',
  'READ_ONLY',
  'INTERNAL',
];

const nasty = fc.oneof(
  fc.constantFrom(
    "'; DROP TABLE patients; --",
    '" OR 1=1 --',
    "Robert'); DELETE FROM audit_log; --",
    '2026-02-30',
    '2026-13-01',
    '0000-00-00',
    '1969-12-31T25:61:00Z',
    '9434765918',
    '943 476 5919 ',
    '\u0000',
    '\u202Eevil',
    '𝕬𝖑𝖔𝖓𝖌𝖘𝖎𝖉𝖊 👩‍⚕️',
    'ＮＨＳ',
    '../../etc/passwd',
    '\\\\server\\share\\x.sqlite',
    '__proto__',
    'constructor',
    'NaN',
    '',
    ' ',
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ minLength: 5000, maxLength: 5001 }).map((s) => s.repeat(20)),
  fc.constantFrom(NaN, Infinity, -Infinity, -1, 0, 1.5, 2 ** 53, -(2 ** 31), 1e308),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }),
);

const pollution = fc.constantFrom(
  JSON.parse('{"__proto__": {"isAdmin": true}}') as unknown,
  JSON.parse('{"constructor": {"prototype": {"polluted": 1}}}') as unknown,
  Object.create(null) as unknown,
  { toString: 'x', valueOf: 1, hasOwnProperty: 'no' },
);

function keysOf(channel: Channel): string[] {
  const def = (contract[channel].input as unknown as { _zod: { def: { shape?: Record<string, unknown> } } })
    ._zod.def;
  return Object.keys(def.shape ?? {});
}

/** Random payloads, and payloads with the channel's own keys holding adversarial values. */
function payloads(channel: Channel): fc.Arbitrary<unknown> {
  const keys = keysOf(channel);
  const shaped =
    keys.length > 0
      ? fc.dictionary(fc.constantFrom(...keys, '__proto__', 'constructor', 'extra'), nasty, {
          maxKeys: keys.length + 2,
        })
      : fc.dictionary(fc.string({ maxLength: 5 }), nasty, { minKeys: 1, maxKeys: 3 });
  return fc.oneof(
    { arbitrary: shaped, weight: 4 },
    { arbitrary: nasty, weight: 2 },
    { arbitrary: pollution, weight: 1 },
    { arbitrary: fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true }), weight: 2 },
  );
}

let app: TestApp;
let writes: () => number;
const snapshot = () => app.dispatcher.conn.sqlite.serialize().toString('base64');

beforeAll(async () => {
  app = await createTestApp();
  await signedInAs(app, 'admin', 'admin');
  await signedInAs(app, 'consultant', 'fuzz');
  await app.ok(
    'patients:create',
    { nhsNumber: '9434765919', surname: 'Smith', forename: 'Jo', dateOfBirth: '1960-02-29', sex: 'female' },
    'fuzz',
  );
  const stmt = app.dispatcher.conn.sqlite.prepare('SELECT total_changes()').pluck();
  writes = () => stmt.get() as number;
});
afterAll(async () => app.close());

describe('fuzzing every contract channel', () => {
  it.each(CHANNELS.map((c) => [c]))(
    '%s: invalid payloads give typed errors and change nothing',
    async (channel) => {
      const schema = contract[channel].input as z.ZodType;
      const before = snapshot();
      let invalid = 0;
      await fc.assert(
        fc.asyncProperty(payloads(channel), async (payload) => {
          if (schema.safeParse(payload ?? {}).success) return; // valid requests are not this test's business
          invalid++;
          const changes = writes();
          let result;
          try {
            result = await app.dispatcher.dispatch('fuzz', channel, payload);
          } catch (err) {
            throw new Error(`dispatch threw: ${(err as Error).message}`, { cause: err });
          }
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(CODES).toContain(result.error.code);
            expect(typeof result.error.message).toBe('string');
          }
          expect(writes()).toBe(changes);
          expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        }),
        { numRuns: RUNS },
      );
      expect(snapshot()).toBe(before);
      expect(invalid).toBeGreaterThan(RUNS * 0.5);
    },
    120_000,
  );

  it('an unknown channel is refused with a typed error', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'patients:drop', '']) {
      const r = await app.dispatcher.dispatch('fuzz', name, {});
      expect(r.ok === false && r.error.code).toBe('UNKNOWN_CHANNEL');
    }
  });
});
