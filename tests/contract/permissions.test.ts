import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ROLES, can, type Permission, type Role } from '../../shared/domain/roles';
import { CHANNELS, contract, type Channel } from '../../shared/ipc/contract';
import { createTestApp, type TestApp } from '../helpers/db';

/**
 * The role × permission matrix, for EVERY channel of the contract (new module channels are covered
 * automatically): a role without the channel's permission is refused FORBIDDEN; a role with it gets past
 * authorisation (any answer but FORBIDDEN / UNAUTHENTICATED / LOCKED). Requests are valid (built from
 * each channel's own schema) so that validation, which runs first, does not hide the check.
 */

type Def = { type: string; [k: string]: unknown };
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

const BY_KEY: [RegExp, unknown][] = [
  [/nhs/i, '9434765919'],
  [/(date|dob|On$|^on$|asOf|from$|until|since|due)/i, '2026-01-15'],
  [/(At|Time)$/, '2026-01-15T10:00:00.000Z'],
  [/password/i, 'correct horse battery'],
  [/username/i, 'someone'],
  [/postcode/i, 'LS1 4AP'],
  [/importId/, 'abcdefgh1234'],
  [/^name$/, 'manual-2026-01-01T00-00-00-000Z.sqlite'],
  [/^dir$/, null],
];

/** A plausible valid value for a zod schema (falls back on field-name heuristics for refinements). */
function sample(schema: unknown, key = ''): unknown {
  const def = defOf(schema);
  for (const [re, v] of BY_KEY)
    if (re.test(key) && ['string', 'pipe', 'nullable'].includes(def.type)) return v;
  switch (def.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) {
        const t = defOf(v).type;
        if (t === 'optional' || t === 'default') continue;
        out[k] = sample(v, k);
      }
      return out;
    }
    case 'string':
      return 'Text';
    case 'number':
      return /id$/i.test(key) || key === 'id' ? 999_999 : 1;
    case 'int':
      return 1;
    case 'boolean':
      return true;
    case 'literal':
      return (def.values as unknown[])[0];
    case 'enum':
      return Object.values(def.entries as Record<string, unknown>)[0];
    case 'array': {
      // As many elements as the schema's minimum length (usually none).
      const min = ((def.checks as unknown[] | undefined) ?? [])
        .map((c) => defOf(c))
        .find((c) => c.check === 'min_length')?.minimum;
      return Array.from({ length: typeof min === 'number' ? min : 0 }, () => sample(def.element, key));
    }
    case 'nullable':
    case 'optional':
      return sample(def.innerType, key);
    case 'default':
      return sample(def.innerType, key);
    case 'pipe':
      return sample(def.in, key);
    case 'union':
      return sample((def.options as unknown[])[0], key);
    case 'date':
      return '2026-01-15';
    default:
      return undefined;
  }
}

const POOL: unknown[] = [
  '2026-01-15',
  '10:00',
  '2026-01-15T10:00:00.000Z',
  '2026-01-12',
  1,
  0,
  999_999,
  true,
  false,
  'ABC',
  'A',
  [],
  ['08:00'],
  [1],
  null,
];

function setAt(target: unknown, path: PropertyKey[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const base = (
    typeof target === 'object' && target !== null ? target : typeof head === 'number' ? [] : {}
  ) as Record<PropertyKey, unknown>;
  const copy = (Array.isArray(base) ? [...base] : { ...base }) as Record<PropertyKey, unknown>;
  copy[head as PropertyKey] = setAt(base[head as PropertyKey], rest, value);
  return copy;
}

/**
 * Hand-written valid requests for the channels whose schemas need values no generic sampler can guess
 * (a formulary id, a code pattern, ordered clock times, non-empty arrays of sub-objects). Each must pass
 * its channel's own schema (checked below), so the matrix covers EVERY permission-gated channel.
 */
const MEDICINE = {
  formularyId: 'morphine-ir-tablet',
  doseKind: 'regular',
  doseMg: 10,
  timesPerDay: 2,
  startDate: '2026-01-15',
  prescriber: 'service',
  indication: 'Chronic low back pain',
};
const KNOWN_VALID: Partial<Record<Channel, unknown>> = {
  'meds:add': {
    patientId: 999_999,
    medicine: MEDICINE,
  },
  'meds:change': {
    itemId: 999_999,
    version: 1,
    medicine: MEDICINE,
    reason: 'Dose reduced at review',
  },
  // Issue 13: the refinement needs kidney function or pregnancy status.
  'meds:recordFacts': { patientId: 999_999, pregnancy: 'neither' },
  'meds:updateSteps': {
    planId: 999_999,
    version: 1,
    steps: [
      { date: '2026-01-15', dose: 20 },
      { date: '2026-01-29', dose: 10 },
    ],
  },
  'rehab:review': {
    planId: 999_999,
    reviewDate: '2026-01-15',
    ratings: [{ goalId: 999_999, outcome: null }],
  },
  'rehab:groupCreate': {
    name: 'Pain management programme',
    facilitators: 'T Nowak',
    sessions: [{ date: '2026-01-15' }],
  },
  'rehab:groupRegister': {
    sessionId: 999_999,
    version: 0,
    entries: [{ enrolmentId: 999_999, status: 'attended' }],
  },
  'mdt:meetingTypes:save': {
    code: 'test-mdt',
    name: 'Test MDT',
    recurrence: { kind: 'weekly', weekday: 'monday', everyWeeks: 1, startsOn: '2026-01-12', time: '09:00' },
    durationMinutes: 60,
    cutOffHours: 24,
  },
  'mdt:triage:add': {
    patientId: 999_999,
    receivedOn: '2026-01-15',
    source: 'gp',
    referralReason: 'Low back pain for two years',
  },
  'mdt:triage:list': {},
  'mdt:triage:decide': {
    serviceReferralId: 999_999,
    version: 1,
    pathway: 'clinic',
    reason: 'Needs a consultant assessment first',
  },
  'interventions:createSession': {
    date: '2026-01-15',
    start: '08:30',
    end: '12:30',
    room: 'Theatre 3',
    setting: 'theatre',
    clinicianId: 999_999,
  },
  'interventions:createTerm': {
    from: '2026-01-12',
    to: '2026-01-30',
    weekday: 1,
    start: '08:30',
    end: '12:30',
    room: 'Theatre 3',
    setting: 'theatre',
    clinicianId: 999_999,
  },
  // The seal is a SHA-256 in hex: no generic sampler writes 64 hex digits.
  'mdt:outcome:confirm': {
    listingId: 999_999,
    outcome: { kind: 'recommendation', summary: 'Continue the current plan.' },
    patientLetterSeal: '0'.repeat(64),
  },
  'interventions:recordDay': {
    bookingId: 999_999,
    consentStage2: true,
    safetyChecklist: true,
    inRoomStart: '09:00',
    inRoomEnd: '09:30',
  },
};

/**
 * A valid request: hand-written for the channels above, else built from the schema: a structural
 * sample, then a small search that fixes each failing path with values from a pool (dates, times,
 * numbers, codes) until the schema accepts it.
 */
function validPayload(channel: Channel): unknown | null {
  const schema = contract[channel].input as z.ZodType;
  const known = KNOWN_VALID[channel];
  if (known !== undefined) return schema.safeParse(known).success ? known : null;
  let candidate = sample(schema);
  for (let step = 0; step < 12; step++) {
    const r = schema.safeParse(candidate);
    if (r.success) return candidate;
    const issue = r.error.issues[0]!;
    const path = issue.path as PropertyKey[];
    const score = (c: unknown) => {
      const again = schema.safeParse(c);
      if (again.success) return Infinity;
      return again.error.issues.some((i) => i.path.join('.') === path.join('.'))
        ? -1
        : -again.error.issues.length;
    };
    let best: unknown = null;
    let bestScore = -Infinity;
    for (const v of POOL) {
      const next = setAt(candidate, path, v);
      const sc = score(next);
      if (sc > bestScore) {
        best = next;
        bestScore = sc;
      }
    }
    if (bestScore === -1 || best === null) break;
    candidate = best;
  }
  if (schema.safeParse({}).success) return {};
  return null;
}

let app: TestApp;
const sessionOf = (role: Role) => `role:${role}`;

async function signInAll(): Promise<void> {
  for (const role of ROLES) {
    const username = role === 'admin' ? 'admin' : `${role}x`;
    const r = await app.call('auth:signIn', { username, password: 'correct horse battery' }, sessionOf(role));
    if (!r.ok) throw new Error(`sign-in ${role}: ${r.error.message}`);
  }
}

beforeAll(async () => {
  app = await createTestApp();
  await app.ok(
    'setup:createFirstAdmin',
    { username: 'admin', displayName: 'Admin', password: 'correct horse battery' },
    'setup',
  );
  for (const role of ROLES.filter((r) => r !== 'admin'))
    await app.ok(
      'users:create',
      { username: `${role}x`, displayName: `Test ${role}`, role, password: 'correct horse battery' },
      'setup',
    );
  await signInAll();
});
afterAll(async () => app.close());

const gated = CHANNELS.filter((c) => !['public', 'session'].includes(contract[c].access));

describe('role × permission matrix over every channel', () => {
  it('builds a valid request for (nearly) every permission-gated channel', () => {
    const missing = gated.filter((c) => validPayload(c) === null);
    // Channels whose schema needs values no generic sampler can guess are listed, not silently skipped.
    if (missing.length)
      console.log(
        `[permissions] no generic valid request for: ${missing
          .map((c) => {
            const r = (contract[c].input as z.ZodType).safeParse(sample(contract[c].input));
            return `${c} (${r.success ? '' : r.error.issues[0]?.path.join('.')})`;
          })
          .join(', ')}`,
      );
    // Every permission-gated channel gets a valid request: none is left out of the matrix.
    expect(missing).toEqual([]);
  });

  it('every hand-written request passes its channel’s schema', () => {
    for (const [channel, payload] of Object.entries(KNOWN_VALID)) {
      const r = (contract[channel as Channel].input as z.ZodType).safeParse(payload);
      expect(
        r.success ? 'valid' : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
        channel,
      ).toBe('valid');
    }
  });

  it('refuses every role that lacks the permission (FORBIDDEN), for every channel', async () => {
    let checked = 0;
    for (const channel of gated) {
      const payload = validPayload(channel);
      if (payload === null) continue;
      const permission = contract[channel].access as Permission;
      for (const role of ROLES) {
        if (can(role, permission)) continue;
        const r = await app.call(channel, payload as never, sessionOf(role));
        expect(r.ok === false && r.error.code, `${role} → ${channel}`).toBe('FORBIDDEN');
        checked++;
      }
    }
    console.log(`[permissions] refused: ${checked} role × channel pairs over ${gated.length} channels`);
    expect(checked).toBeGreaterThan(gated.length);
  });

  it('lets every role with the permission past authorisation, for every channel', async () => {
    let checked = 0;
    for (const channel of gated) {
      const payload = validPayload(channel);
      if (payload === null) continue;
      const permission = contract[channel].access as Permission;
      for (const role of ROLES) {
        if (!can(role, permission)) continue;
        // A previous request (e.g. a restore) may have ended sessions: sign in again only then.
        const current = await app.call('auth:session', {}, sessionOf(role));
        if (!current.ok || current.value === null) await signInAll();
        const r = await app.call(channel, payload as never, sessionOf(role));
        if (!r.ok)
          expect(['FORBIDDEN', 'UNAUTHENTICATED', 'LOCKED'], `${role} → ${channel}`).not.toContain(
            r.error.code,
          );
        checked++;
      }
    }
    console.log(`[permissions] allowed past authorisation: ${checked} role × channel pairs`);
    // Both directions together cover every role × every permission-gated channel.
    const refused = gated.reduce(
      (n, c) => n + ROLES.filter((r) => !can(r, contract[c].access as Permission)).length,
      0,
    );
    expect(checked + refused).toBe(ROLES.length * gated.length);
  }, 240_000);

  it('every permission channel is refused without a session', async () => {
    for (const channel of gated) {
      const payload = validPayload(channel);
      if (payload === null) continue;
      const r = await app.call(channel, payload as never, 'nobody');
      expect(r.ok === false && r.error.code, channel).toBe('UNAUTHENTICATED');
    }
  });
});
