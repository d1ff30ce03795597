import { describe, it, expect } from 'vitest';
import { sessionCapacity, sessionLengthMinutes } from '../../../shared/clinical/interventions/index';
import type { SessionCapacityInput } from '../../../shared/clinical/interventions/index';
import { ClinicalInputError } from '../../../shared/clinical/errors';

// Hand-worked: a 4-hour morning list 08:30-12:30 = 240 minutes (NHS half-day list: 4 h = 240 min);
// 30 minutes declared unavailable → 210 bookable. Turnaround 10 minutes between cases.
const LIST = { start: '08:30', end: '12:30', unavailableMinutes: 30, turnaroundMinutes: 10 };

describe('sessionCapacity', () => {
  const cases: [
    string,
    SessionCapacityInput,
    { bookable: number; used: number; free: number; over: number },
  ][] = [
    // 60 + 45 + 25 + 50 = 180 case minutes + 3 turnarounds × 10 = 210 = bookable: exactly full.
    [
      'exactly full',
      { ...LIST, caseMinutes: [60, 45, 25, 50] },
      { bookable: 210, used: 210, free: 0, over: 0 },
    ],
    // One more minute on the last case: 211 used → 1 minute over.
    [
      'one minute over',
      { ...LIST, caseMinutes: [60, 45, 25, 51] },
      { bookable: 210, used: 211, free: 0, over: 1 },
    ],
    // One minute under: 209 used → 1 free.
    [
      'one minute free',
      { ...LIST, caseMinutes: [60, 45, 25, 49] },
      { bookable: 210, used: 209, free: 1, over: 0 },
    ],
    ['empty list', { ...LIST, caseMinutes: [] }, { bookable: 210, used: 0, free: 210, over: 0 }],
    // A single case has no turnaround: 90 used, 120 free.
    ['one case', { ...LIST, caseMinutes: [90] }, { bookable: 210, used: 90, free: 120, over: 0 }],
    // Turnaround after the last case too: 180 + 4 × 10 = 220 → 10 over.
    [
      'turnaround after the last case (option)',
      { ...LIST, caseMinutes: [60, 45, 25, 50], turnaroundAfterLastCase: true },
      { bookable: 210, used: 220, free: 0, over: 10 },
    ],
    // No unavailable time: bookable = 240.
    [
      'no unavailable time',
      {
        start: '08:30',
        end: '12:30',
        unavailableMinutes: 0,
        turnaroundMinutes: 15,
        caseMinutes: [60, 60, 60],
      },
      { bookable: 240, used: 210, free: 30, over: 0 },
    ],
    // All of it unavailable: bookable 0; any case overbooks.
    [
      'all unavailable',
      { start: '13:30', end: '17:30', unavailableMinutes: 240, turnaroundMinutes: 0, caseMinutes: [20] },
      { bookable: 0, used: 20, free: 0, over: 20 },
    ],
    // Full local date-times on an ordinary day: 13:30-17:30 = 240.
    [
      'full date-times',
      {
        start: '2026-06-15T13:30',
        end: '2026-06-15T17:30',
        unavailableMinutes: 0,
        turnaroundMinutes: 0,
        caseMinutes: [],
      },
      { bookable: 240, used: 0, free: 240, over: 0 },
    ],
    // 00:00 GMT (00:00 UTC) to 04:00 BST (03:00 UTC) on 29 March 2026: 3 real hours = 180 minutes.
    [
      'across the spring clock change',
      {
        start: '2026-03-29T00:00',
        end: '2026-03-29T04:00',
        unavailableMinutes: 0,
        turnaroundMinutes: 0,
        caseMinutes: [],
      },
      { bookable: 180, used: 0, free: 180, over: 0 },
    ],
    // 00:00 BST (23:00 UTC on 24 Oct) to 04:00 GMT (04:00 UTC) on 25 October 2026: 5 real hours = 300 minutes.
    [
      'across the autumn clock change',
      {
        start: '2026-10-25T00:00',
        end: '2026-10-25T04:00',
        unavailableMinutes: 0,
        turnaroundMinutes: 0,
        caseMinutes: [],
      },
      { bookable: 300, used: 0, free: 300, over: 0 },
    ],
  ];
  it.each(cases)('%s', (_label, input, expected) => {
    expect(sessionCapacity(input)).toEqual({
      bookableMinutes: expected.bookable,
      usedMinutes: expected.used,
      freeMinutes: expected.free,
      overbookedByMinutes: expected.over,
    });
  });

  it.each([
    ['08:00', '08:01', 1],
    ['00:00', '23:59', 1439],
    ['09:15', '13:15', 240],
  ])('session length %s-%s is %i minutes', (start, end, minutes) => {
    expect(sessionLengthMinutes(start, end)).toBe(minutes);
  });

  const invalid: [string, Partial<SessionCapacityInput>, string, string][] = [
    ['end before start', { start: '12:30', end: '08:30' }, 'INVALID_DATE', 'end'],
    ['end equal to start', { start: '08:30', end: '08:30' }, 'INVALID_DATE', 'end'],
    ['bad time 24:00', { end: '24:00' }, 'INVALID_DATE', 'end'],
    ['bad time 8:30', { start: '8:30' }, 'INVALID_DATE', 'start'],
    ['impossible date', { start: '2026-02-30T08:30', end: '2026-02-30T12:30' }, 'INVALID_DATE', 'start'],
    ['mixed forms', { start: '08:30', end: '2026-06-15T12:30' }, 'INVALID_DATE', 'start'],
    [
      'end before start (date-times)',
      { start: '2026-06-15T12:30', end: '2026-06-15T08:30' },
      'INVALID_DATE',
      'end',
    ],
    ['negative unavailable', { unavailableMinutes: -1 }, 'INVALID_INPUT', 'unavailableMinutes'],
    [
      'unavailable longer than the session',
      { unavailableMinutes: 241 },
      'INVALID_INPUT',
      'unavailableMinutes',
    ],
    ['negative turnaround', { turnaroundMinutes: -5 }, 'INVALID_INPUT', 'turnaroundMinutes'],
    ['fractional turnaround', { turnaroundMinutes: 10.5 }, 'INVALID_INPUT', 'turnaroundMinutes'],
    ['negative case', { caseMinutes: [30, -10] }, 'INVALID_INPUT', 'caseMinutes[1]'],
    ['zero-minute case', { caseMinutes: [0] }, 'INVALID_INPUT', 'caseMinutes[0]'],
    ['not a number', { caseMinutes: [Number.NaN] }, 'INVALID_INPUT', 'caseMinutes[0]'],
  ];
  it.each(invalid)('rejects %s', (_label, change, code, field) => {
    const input = { ...LIST, caseMinutes: [30], ...change } as SessionCapacityInput;
    let caught: unknown;
    try {
      sessionCapacity(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ClinicalInputError);
    expect((caught as ClinicalInputError).code).toBe(code);
    expect((caught as ClinicalInputError).field).toBe(field);
  });
});
